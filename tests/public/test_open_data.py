"""Open data: the page, its CSV and JSON downloads, small-cell suppression, no personal data."""
import csv
import io
from datetime import timedelta

from festival.core.timezones import today_in_damascus
from festival.extensions import db
from festival.reports.open_data import CSV_HEADERS
from festival.vendors.models import Family
from tests.factories import add_report, held_event

CSV_URL, JSON_URL = "/open-data/sales.csv", "/api/v1/open-data/sales"


def reported_market(app, families: int, *, amount=10_000, province_slug="damascus", days_ago=1,
                    crafts=("food",)) -> list[int]:
    """A held market whose families all reported `amount` in their first craft; their family ids."""
    with app.app_context():
        _occurrence, _organizer, assignments = held_event(families, province_slug=province_slug, days_ago=days_ago,
                                                          crafts=crafts)
        for assignment in assignments:
            add_report(assignment, amount, lines=[(crafts[0], amount, 2)])
        db.session.commit()
        return [assignment.family_id for assignment in assignments]


def csv_rows(client) -> list[dict]:
    response = client.get(CSV_URL)
    assert response.status_code == 200 and response.content_type == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))


def test_a_cell_of_five_families_shows_their_number_and_sales(app, client):
    reported_market(app, 5, amount=10_000)

    [cell] = client.get(JSON_URL).json["cells"]
    [row] = csv_rows(client)

    yesterday = today_in_damascus() - timedelta(days=1)
    assert cell == {"month": yesterday.strftime("%Y-%m"), "province": "damascus", "craft": "food", "markets": 1,
                    "market_dates": 1, "families": 5, "sales": 50_000, "suppressed": False}
    assert (row["families"], row["sales_syp"], row["suppressed"]) == ("5", "50000", "false")
    assert (row["province_ar"], row["craft_en"]) == ("دمشق", "Food and preserves")


def test_a_cell_of_four_families_hides_their_number_and_sales(app, client):
    reported_market(app, 4, amount=10_000)

    [cell] = client.get(JSON_URL).json["cells"]
    [row] = csv_rows(client)

    assert (cell["families"], cell["sales"], cell["suppressed"]) == (None, None, True)
    assert cell["markets"] == 1 and cell["market_dates"] == 1
    assert (row["families"], row["sales_syp"], row["suppressed"]) == ("<5", "", "true")
    assert "40000" not in client.get(CSV_URL).get_data(as_text=True)


def test_cells_are_by_month_province_and_craft(app, client):
    reported_market(app, 5, province_slug="damascus", days_ago=1)
    reported_market(app, 5, province_slug="aleppo", days_ago=1, crafts=("soap",))
    reported_market(app, 2, province_slug="aleppo", days_ago=1, crafts=("soap",))

    cells = client.get(JSON_URL).json["cells"]

    by_place = {(cell["province"], cell["craft"]): cell for cell in cells}
    assert set(by_place) == {("damascus", "food"), ("aleppo", "soap")}
    assert by_place["aleppo", "soap"]["families"] == 7 and by_place["aleppo", "soap"]["markets"] == 2


def test_a_family_that_did_not_attend_is_not_counted(app, client):
    with app.app_context():
        _occurrence, _organizer, assignments = held_event(5)
        for assignment in assignments[:4]:
            add_report(assignment, 1000, lines=[("food", 1000, 1)])
        add_report(assignments[4], 0, attended=False)
        db.session.commit()

    [cell] = client.get(JSON_URL).json["cells"]

    assert cell["suppressed"] is True


def test_the_files_hold_no_names_phones_or_ids(app, client):
    family_ids = reported_market(app, 6)
    with app.app_context():
        families = db.session.scalars(db.select(Family).where(Family.id.in_(family_ids))).all()
        personal = [text for family in families for text in (family.name, family.head_name, family.user.phone)]

    files = client.get(CSV_URL).get_data(as_text=True) + client.get(JSON_URL).get_data(as_text=True)

    assert personal and not [text for text in personal if text and text in files]
    assert "family_id" not in files and "phone" not in files


def test_the_csv_opens_with_its_header_and_a_bom(app, client):
    reported_market(app, 5)

    body = client.get(CSV_URL).get_data()

    assert body.startswith(b"\xef\xbb\xbf")
    assert next(csv.reader(io.StringIO(body.decode("utf-8-sig")))) == list(CSV_HEADERS)
    assert client.get(CSV_URL).headers["Content-Disposition"].startswith("attachment")


def test_a_new_report_changes_the_downloads_at_once(app, client):
    reported_market(app, 4)
    before = client.get(JSON_URL)
    assert before.json["cells"][0]["suppressed"] is True

    reported_market(app, 1)  # a fifth family, at another market of the same month

    after = client.get(JSON_URL, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and after.json["cells"][0]["families"] == 5


def test_unchanged_downloads_are_revalidated(app, client):
    reported_market(app, 5)
    first = client.get(CSV_URL)

    again = client.get(CSV_URL, headers={"If-None-Match": first.headers["ETag"]})

    assert "public" in first.headers["Cache-Control"] and again.status_code == 304


def test_the_queries_do_not_grow_with_the_data(app, client, count_queries):
    def measured() -> dict[str, int]:
        counts = {}
        for url in ("/open-data", CSV_URL, JSON_URL):
            with count_queries() as queries:
                assert client.get(url, headers={"Cache-Control": "no-cache"}).status_code == 200
            counts[url] = queries.count
        return counts

    reported_market(app, 5)
    small = measured()
    for province_slug, days_ago in (("aleppo", 1), ("homs", 40), ("tartus", 80)):
        reported_market(app, 6, province_slug=province_slug, days_ago=days_ago, crafts=("sweets", "food"))
    large = measured()

    assert len(client.get(JSON_URL).json["cells"]) == 4
    assert large == small


def test_the_page_explains_suppression_and_the_licence_in_arabic(client):
    page = client.get("/open-data").get_data(as_text=True)

    assert 'dir="rtl"' in page and "CC BY 4.0" in page and "&lt;5" in page
    assert 'href="/open-data/sales.csv"' in page and 'href="/api/v1/open-data/sales"' in page
    assert "<script>" not in page and "style=" not in page


def test_the_page_reads_in_english(client):
    page = client.get("/open-data?lang=en").get_data(as_text=True)

    assert 'dir="ltr"' in page and "Source: the regional office for productive families." in page


def test_every_page_links_to_the_open_data_in_its_footer(client):
    footer = client.get("/").get_data(as_text=True).split('<footer class="site-footer">')[1]

    assert 'href="/open-data"' in footer
