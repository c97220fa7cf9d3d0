"""Phones on slow mobile data get compressed pages, feeds and styles; form pages never are."""
import gzip

import brotli
import flask_compress.flask_compress
import pytest

from tests.factories import NEXT_YEAR

CHROME = "gzip, deflate, br, zstd"  # what Chromium sends
PUBLIC_URLS = [f"/calendar?month={NEXT_YEAR}-03", "/calendar.ics", "/api/v1/events?per_page=50", "/static/css/app.css"]


@pytest.fixture
def market(events):
    return events.market(occurrence_count=10)


def decoded(response) -> bytes:
    coding = response.headers.get("Content-Encoding")
    body = response.get_data()
    return {"br": brotli.decompress, "gzip": gzip.decompress, None: bytes}[coding](body)


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_a_browser_gets_the_same_page_in_brotli_at_a_fraction_of_the_size(client, market, url):
    plain = client.get(url)
    compressed = client.get(url, headers={"Accept-Encoding": CHROME})

    assert compressed.headers["Content-Encoding"] == "br"
    assert decoded(compressed) == plain.get_data()
    assert len(compressed.get_data()) < len(plain.get_data()) / 3
    assert "Accept-Encoding" in compressed.headers["Vary"]


def test_a_client_without_brotli_gets_gzip_and_one_without_compression_gets_plain(client, market):
    assert client.get("/calendar.ics", headers={"Accept-Encoding": "gzip"}).headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in client.get("/calendar.ics", headers={"Accept-Encoding": "identity"}).headers
    assert "Content-Encoding" not in client.get("/calendar.ics").headers


def test_a_compressed_copy_is_revalidated_with_its_own_etag(client, events, market):
    first = client.get("/calendar.ics", headers={"Accept-Encoding": CHROME})
    assert first.headers["ETag"].endswith(':br"')

    unchanged = client.get("/calendar.ics", headers={"Accept-Encoding": CHROME, "If-None-Match": first.headers["ETag"]})
    events.reschedule(market, title_ar="سوق الجمعة الجديد")
    changed = client.get("/calendar.ics", headers={"Accept-Encoding": CHROME, "If-None-Match": first.headers["ETag"]})

    assert unchanged.status_code == 304 and unchanged.headers["ETag"] == first.headers["ETag"]
    assert changed.status_code == 200 and "سوق الجمعة الجديد" in decoded(changed).decode()


def test_a_public_version_is_compressed_once_for_every_visitor(client, market, monkeypatch):
    compressions = []
    compress_data = flask_compress.flask_compress._compress_data

    def counting(app, data, algorithm):
        compressions.append(algorithm)
        return compress_data(app, data, algorithm)

    monkeypatch.setattr(flask_compress.flask_compress, "_compress_data", counting)
    spellings = [CHROME, "br, gzip", "gzip;q=1.0, br;q=0.9", "br,gzip,deflate", CHROME]  # browsers differ
    bodies = {decoded(client.get("/calendar.ics", headers={"Accept-Encoding": spelling})) for spelling in spellings}

    assert len(bodies) == 1 and b"BEGIN:VEVENT" in bodies.pop()
    assert compressions == ["br"]


def test_a_page_with_a_form_token_is_never_compressed(client, make, login, market):
    """BREACH: a secret compressed next to text an attacker controls leaks through sizes."""
    login_page = client.get("/login", headers={"Accept-Encoding": CHROME})
    login(make.family().user)
    calendar_of_a_family = client.get("/calendar", headers={"Accept-Encoding": CHROME})

    for page in (login_page, calendar_of_a_family):
        assert b'name="csrf_token"' in page.get_data()
        assert "Content-Encoding" not in page.headers
