"""Training sessions in the visitors' calendar: their own kind, filterable, in the feeds."""
from datetime import timedelta

from icalendar import Calendar

from festival.core.timezones import to_damascus
from festival.core.types import utcnow
from festival.extensions import db
from festival.training import operations, queries
from tests.factories import make_cohort


def _session_in(app, make, days=10, province_slug="damascus"):
    organizer = make.organizer(province_slug)
    start = utcnow().replace(microsecond=0) + timedelta(days=days)
    with app.app_context():
        cohort = make_cohort(organizer, [start], province_slug=province_slug)
        return cohort.course_id, cohort.sessions[0].id, start


def test_a_session_shows_in_the_month_with_a_link_to_its_course(app, client, make):
    course_id, session_id, start = _session_in(app, make)
    month = to_damascus(start).strftime("%Y-%m")

    page = client.get(f"/calendar?month={month}").get_data(as_text=True)

    assert f"/courses/{course_id}#session-{session_id}" in page and "جلسة تدريب" in page
    assert "فن البيع" in client.get(f"/courses/{course_id}").get_data(as_text=True)


def test_the_training_kind_lists_only_sessions_and_a_craft_filter_only_markets(app, client, make, events):
    _session_in(app, make)
    events.market(occurrence_count=1, title_ar="سوق الجمعة في المزة")

    training = client.get("/calendar?view=list&kind=training").get_data(as_text=True)
    markets = client.get("/calendar?view=list").get_data(as_text=True)
    month = to_damascus(utcnow() + timedelta(days=10)).strftime("%Y-%m")
    crafts = client.get(f"/calendar?month={month}&category=food").get_data(as_text=True)

    assert "فن البيع" in training and "سوق الجمعة في المزة" not in training
    assert "سوق الجمعة في المزة" in markets
    assert "جلسة تدريب" not in crafts
    assert client.get("/calendar?view=list&kind=training&province=aleppo").get_data(as_text=True).count(
        "event-item") == 0


def test_the_feed_holds_each_session_once_with_utc_times(app, client, make):
    # (Not read with vobject: it keeps the first VTIMEZONE it sees per TZID for the whole
    # process, which would leak this feed's span into tests/calendar/test_ics_timezone.py.)
    _course_id, session_id, start = _session_in(app, make)

    body = client.get("/calendar.ics").data
    events = [event for event in Calendar.from_ical(body).walk("VEVENT")
              if str(event["UID"]).startswith("training-session-")]

    assert [str(event["UID"]) for event in events] == [f"training-session-{session_id}@localhost"]
    assert events[0]["DTSTART"].dt == start and "فن البيع" in str(events[0]["SUMMARY"])
    only_training = Calendar.from_ical(client.get("/calendar.ics?kind=training").data).walk("VEVENT")
    assert len(only_training) == 1


def test_a_new_session_changes_the_calendar_for_returning_visitors(app, client, make):
    course_id, _session_id, start = _session_in(app, make)
    month = to_damascus(start).strftime("%Y-%m")
    first = client.get(f"/calendar?month={month}")
    organizer = make.organizer("damascus")

    with app.app_context():
        course = queries.course_or_404(course_id)
        cohort = operations.add_cohort(course, name="مجموعة ثانية", capacity=5, by=db.session.merge(organizer))
        operations.add_session(cohort, starts_at=start + timedelta(days=1), ends_at=start + timedelta(days=1, hours=2),
                               venue=None, room="", trainer=None, by=db.session.merge(organizer))
        db.session.commit()
    again = client.get(f"/calendar?month={month}", headers={"If-None-Match": first.headers["ETag"]})

    assert again.status_code == 200 and again.get_data(as_text=True).count("جلسة تدريب") == 2
