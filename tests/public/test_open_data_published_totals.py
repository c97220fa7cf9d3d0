"""A date's published sales total and the open data together must not give back a hidden
cell: the published total minus the cells shown used to be one family's sales. Now a
province-month's suppressed cells always hold 5 families or more (complementary
suppression), and a date's total is published only when 5 families or more reported."""
from festival.extensions import db
from festival.markets.models import Market
from tests.factories import add_report, held_event

JSON_URL = "/api/v1/open-data/sales"


def _held_date(app, reports: list[tuple[str, int]], *, publish=True) -> int:
    """One held date in Damascus, a family per (craft, amount) reporting it; the occurrence id."""
    with app.app_context():
        occurrence, _organizer, assignments = held_event(len(reports), crafts=("food", "sweets", "soap"))
        db.session.get(Market, occurrence.market_id).publish_sales_total = publish
        for assignment, (craft, amount) in zip(assignments, reports, strict=True):
            add_report(assignment, amount, lines=[(craft, amount, 1)])
        db.session.commit()
        return occurrence.id


def _published_total(app, occurrence_id: int):
    with app.app_context():
        from festival.core.types import utcnow
        from festival.markets.models import Occurrence
        from festival.reports.public import published_sales

        return published_sales(db.session.get(Occurrence, occurrence_id), utcnow())


def test_the_published_total_minus_the_cells_shown_no_longer_gives_a_hidden_familys_sales(app, client):
    occurrence_id = _held_date(app, [("food", 10_000)] * 5 + [("sweets", 7_000)])
    published, families = _published_total(app, occurrence_id)
    assert (published, families) == (57_000, 6)
    assert "event-sales" in client.get(f"/events/{occurrence_id}").get_data(as_text=True)

    cells = {cell["craft"]: cell for cell in client.get(JSON_URL).json["cells"]}
    shown = sum(cell["sales"] for cell in cells.values() if not cell["suppressed"])

    # Before: food was shown (5 families, 50,000) and 57,000 - 50,000 = 7,000, the sweets family's sales.
    assert cells["sweets"]["suppressed"] and cells["food"]["suppressed"]
    assert published - shown == 57_000  # all that subtraction gives: the six families together
    assert published - shown != 7_000


def test_cells_stay_shown_when_the_hidden_ones_already_hold_five_families(app, client):
    _held_date(app, [("food", 10_000)] * 5 + [("sweets", 3_000)] * 3 + [("soap", 2_000)] * 2)

    cells = {cell["craft"]: cell for cell in client.get(JSON_URL).json["cells"]}

    assert (cells["food"]["families"], cells["food"]["sales"]) == (5, 50_000)
    assert cells["sweets"]["suppressed"] and cells["soap"]["suppressed"]


def test_a_dates_total_is_not_published_when_fewer_than_five_families_reported(app, client):
    occurrence_id = _held_date(app, [("food", 10_000)] * 4)

    assert _published_total(app, occurrence_id) is None
    assert "event-sales" not in client.get(f"/events/{occurrence_id}").get_data(as_text=True)


def test_a_merged_records_report_does_not_lift_four_families_to_five(app, client):
    occurrence_id = _held_date(app, [("food", 10_000)] * 5)
    with app.app_context():
        from festival.reports.models import SalesReport
        from festival.vendors.models import Family

        first, second = db.session.scalars(db.select(SalesReport.family_id)
                                           .where(SalesReport.occurrence_id == occurrence_id)).all()[:2]
        db.session.get(Family, second).merged_into_id = first  # the same family, registered twice
        db.session.commit()

    assert _published_total(app, occurrence_id) is None
