"""What the training achieves: trained families by group, and their markets before and after."""
from datetime import timedelta

from festival.core.timezones import today_in_damascus
from festival.core.types import utcnow
from festival.extensions import db
from festival.reports.training import training_tables
from festival.stalls import operations as stalls
from festival.training import operations
from festival.vendors.models import Family
from tests.factories import (
    add_report,
    approved_application,
    check_in,
    make_cohort,
    make_family,
    make_organizer,
    move_to,
    open_market,
    ready_family,
)


def _trained_family_with_two_market_dates():
    """A family at a market 20 days ago (sold 10,000), trained 10 days ago, back 3 days ago (sold 30,000)."""
    market = open_market(stalls=2, fridays=2)
    organizer = db.session.merge(make_organizer(market.province.slug))
    family = ready_family("أسرة تدربت")
    family.rural_women_project = True
    before, after = market.occurrences
    dates = ((before, market.offered_stalls[0], 10_000), (after, market.offered_stalls[1], 30_000))
    for occurrence, stall, total in dates:
        application = approved_application(family, [occurrence], organizer, "food")
        assignment = stalls.assign(application, stall, by=organizer)
        check_in(assignment)
        add_report(assignment, total)
    move_to(before, today_in_damascus() - timedelta(days=20))
    after.day = after.last_day = today_in_damascus() - timedelta(days=3)
    after.starts_at = before.starts_at + timedelta(days=17)
    after.ends_at = before.ends_at + timedelta(days=17)
    session_start = utcnow() - timedelta(days=10)
    cohort = make_cohort(organizer, [session_start], to_complete=1)
    enrolment = operations.enrol(family, cohort, now=session_start - timedelta(days=5), by=organizer)
    operations.enrol(make_family(name="أسرة لم تكمل"), cohort, now=session_start - timedelta(days=5), by=organizer)
    operations.record_attendance(cohort.sessions[0], enrolment, method="list", by=organizer, now=session_start)
    db.session.commit()
    return market.province_id


def test_the_results_count_groups_completion_and_sales_before_and_after(app_context):
    province_id = _trained_family_with_two_market_dates()

    summary, (groups, outcomes) = training_tables([province_id], utcnow())

    assert (summary.enrolled, summary.trained, summary.completion_rate, summary.hours) == (2, 1, 50, 2)
    assert groups.rows[0][4:] == [2, 1, 50, 0, 1]  # enrolled, trained, %, headed by a woman (not said), rural project
    assert outcomes.rows == [["فن البيع", 1, 1, 1, 10_000, 30_000]]
    assert training_tables([province_id + 1], utcnow())[0].enrolled == 0  # another province sees none of it


def test_organizers_read_and_export_the_results(app, client, login, make):
    with app.app_context():
        _trained_family_with_two_market_dates()
    login(make.organizer("damascus"))

    page = client.get("/manage/provinces/damascus/training").get_data(as_text=True)
    export = client.get("/manage/provinces/damascus/training/outcomes.csv")

    assert "ما يحققه التدريب" in page and "50%" in page
    assert export.status_code == 200 and "30000" in export.get_data(as_text=True)
    assert export.headers["Cache-Control"] == "private, no-store"
    assert client.get("/manage/provinces/aleppo/training").status_code == 403
    assert client.get("/admin/training").status_code == 403


def test_women_led_families_are_counted_among_the_trained_when_the_profile_says_so(app_context):
    province_id = _trained_family_with_two_market_dates()
    trained = db.session.scalar(db.select(Family).where(Family.name == "أسرة تدربت"))
    trained.head_sex = "female"
    db.session.commit()

    _summary, (groups, _outcomes) = training_tables([province_id], utcnow())

    assert groups.columns[7].label == "مدرَّبة، تديرها امرأة" and groups.rows[0][7] == 1
