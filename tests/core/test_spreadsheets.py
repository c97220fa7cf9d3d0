"""Every export answers the same way: one content type, a file name, and never kept in a cache.

Exports carry families' names and phone numbers; a shared computer's browser or a proxy
must not keep them.
"""
import pytest

from tests.conftest import job_download
from tests.factories import build_gate_day

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORTS = {
    "applications": "/manage/markets/{market}/applications.{fmt}",
    "attendance": "/manage/occurrences/{occurrence}/attendance.{fmt}",
    "sales_families": "/manage/occurrences/{occurrence}/sales/families.{fmt}",
}
# Exports prepared by a job (POST, then the file from the job's page).
JOB_EXPORTS = {
    "register": ("/admin/sales/register.{fmt}", "/admin/sales/register"),
}


@pytest.fixture
def gate_market(app):
    with app.app_context():
        return build_gate_day()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("export", sorted(EXPORTS | JOB_EXPORTS))
def test_exports_are_never_cached_and_name_their_file(app, client, login, make, gate_market, export, fmt):
    login(make.admin())

    if export in JOB_EXPORTS:
        url, form_page = JOB_EXPORTS[export]
        response = job_download(client, url.format(fmt=fmt), form_page=form_page)
    else:
        response = client.get(EXPORTS[export].format(market=gate_market.market_id,
                                                     occurrence=gate_market.occurrence_id, fmt=fmt))

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    assert response.headers["Content-Disposition"].endswith(f".{fmt}")
    expected = "text/csv; charset=utf-8" if fmt == "csv" else XLSX
    assert response.headers["Content-Type"] == expected
    assert response.headers["Content-Type"].count("charset") == (1 if fmt == "csv" else 0)


def test_an_unknown_export_format_is_not_found(client, login, gate_market):
    login(gate_market.organizer)

    assert client.get(f"/manage/occurrences/{gate_market.occurrence_id}/sales/families.pdf").status_code == 404
