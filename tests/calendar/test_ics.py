"""iCalendar feeds, parsed back with icalendar: what calendar apps will see."""
from datetime import UTC, date, datetime, time, timedelta

import pytest
from icalendar import Calendar

from tests.factories import NEXT_YEAR
from tests.factories.markets import first_friday_of


def feed(client, url) -> Calendar:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.data)


def vevents(calendar: Calendar):
    return calendar.walk("VEVENT")


def test_every_public_date_is_an_event_with_a_unique_uid_stable_across_requests(client, events):
    events.market(occurrence_count=4)
    events.festival(date(NEXT_YEAR, 4, 10), days=3, venue_name="المعرض")

    first = [str(event["UID"]) for event in vevents(feed(client, "/calendar.ics"))]
    again = [str(event["UID"]) for event in vevents(feed(client, "/calendar.ics"))]

    assert len(first) == 7 and len(set(first)) == 7
    assert first == again
    assert all(uid.startswith("occurrence-") and uid.endswith("@localhost") for uid in first)


def test_times_carry_the_damascus_tzid_with_a_matching_vtimezone(client, events):
    events.market(occurrence_count=1)

    calendar = feed(client, "/calendar.ics")
    event = vevents(calendar)[0]

    assert event["DTSTART"].params["TZID"] == "Asia/Damascus"
    assert event["DTEND"].params["TZID"] == "Asia/Damascus"
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Asia/Damascus"]
    assert event.decoded("DTSTART").utcoffset() == timedelta(hours=3)
    assert event.decoded("DTSTART").time() == time(9, 0)
    assert b"TZID=Asia/Damascus:" in calendar.to_ical()


def test_a_festival_is_one_event_per_day_with_its_daily_hours(client, events):
    festival = events.festival(date(NEXT_YEAR, 4, 10), days=3)
    occurrence = events.occurrences(festival)[0]

    day_events = vevents(feed(client, f"/events/{occurrence}.ics"))

    starts = [event.decoded("DTSTART") for event in day_events]
    ends = [event.decoded("DTEND") for event in day_events]
    assert [start.date() for start in starts] == [date(NEXT_YEAR, 4, 10) + timedelta(days=n) for n in range(3)]
    assert {start.time() for start in starts} == {time(16, 0)} and {end.time() for end in ends} == {time(22, 0)}
    assert [str(event["UID"]) for event in day_events] == [
        f"occurrence-{occurrence}-{NEXT_YEAR}04{day}@localhost" for day in (10, 11, 12)]


def test_cancelled_days_and_markets_stay_in_the_feed_as_cancelled(client, events):
    series = events.market(occurrence_count=2)
    events.cancel_day(events.occurrences(series)[0], reason="عطلة رسمية")
    events.market(status="cancelled", venue_name="ساحة", occurrence_count=3)

    statuses = sorted(str(event["STATUS"]) for event in vevents(feed(client, "/calendar.ics")))

    assert statuses == ["CANCELLED"] * 4 + ["CONFIRMED"]


def test_the_sequence_grows_when_a_market_is_rescheduled_or_a_day_cancelled(client, events):
    market = events.market(occurrence_count=2)
    first = events.occurrences(market)[0]

    def sequence():
        return int(vevents(feed(client, f"/events/{first}.ics"))[0]["SEQUENCE"])

    published = sequence()
    events.reschedule(market, closes_at=time(17, 0))
    rescheduled = sequence()
    events.cancel_day(first)
    cancelled = sequence()

    assert published < rescheduled < cancelled
    assert vevents(feed(client, f"/events/{first}.ics"))[0].decoded("DTEND").time() == time(17, 0)


def test_cancelling_one_friday_changes_the_sequence_of_that_day_only(client, events):
    market = events.market(occurrence_count=3)
    first, second, third = events.occurrences(market)

    def sequences():
        return [int(vevents(feed(client, f"/events/{day}.ics"))[0]["SEQUENCE"]) for day in (first, second, third)]

    before = sequences()
    events.cancel_day(second)
    after = sequences()

    assert after[0] == before[0] and after[2] == before[2]
    assert after[1] > before[1]


def test_moving_the_application_window_leaves_the_sequence_alone_a_new_title_raises_every_day(client, events):
    market = events.market(occurrence_count=2)
    days = events.occurrences(market)

    def sequences():
        return [int(vevents(feed(client, f"/events/{day}.ics"))[0]["SEQUENCE"]) for day in days]

    published = sequences()
    events.reschedule(market, applications_close_at=datetime.combine(
        first_friday_of(NEXT_YEAR, 3), time(0), tzinfo=UTC) - timedelta(days=3))
    window_moved = sequences()
    events.reschedule(market, title_ar="سوق الجمعة الكبير")
    renamed = sequences()

    assert window_moved == published
    assert all(new > old for new, old in zip(renamed, published, strict=True))


def test_there_is_no_organizer_and_the_calendar_has_a_name(client, events):
    events.market()

    body = client.get("/calendar.ics?province=damascus").data
    calendar = Calendar.from_ical(body)

    assert b"ORGANIZER" not in body and b"ATTENDEE" not in body
    assert str(calendar["X-WR-CALNAME"]) == "أسواق الأسر المنتجة · دمشق"


def test_summary_description_location_geo_and_categories(client, events):
    market = events.market(occurrence_count=1, craft_slugs=("food", "soap"))
    occurrence = events.occurrences(market)[0]

    event = vevents(feed(client, f"/events/{occurrence}.ics?lang=en"))[0]

    assert str(event["SUMMARY"]) == "Friday market of productive families"
    assert "9:00\u202fAM – 3:00\u202fPM" in str(event["DESCRIPTION"])
    assert str(event["URL"]) == f"http://localhost/events/{occurrence}"
    assert "Tishreen Park" in str(event["LOCATION"])
    assert (event["GEO"].latitude, event["GEO"].longitude) == (33.5138, 36.2765)
    assert set(event.categories) == {"Friday market", "Food and preserves", "Soap and cosmetics"}


def test_the_summary_is_arabic_by_default(client, events):
    events.market(occurrence_count=1)

    event = vevents(feed(client, "/calendar.ics"))[0]

    assert str(event["SUMMARY"]) == "سوق الجمعة للأسر المنتجة"
    assert "سوق الجمعة" in event.categories


def test_a_reminder_is_added_on_request(client, events):
    events.market(occurrence_count=1)

    with_alarm = vevents(feed(client, "/calendar.ics?alarm=60"))[0]
    without = vevents(feed(client, "/calendar.ics"))[0]

    alarms = with_alarm.walk("VALARM")
    assert len(alarms) == 1 and alarms[0].decoded("TRIGGER") == timedelta(minutes=-60)
    assert str(alarms[0]["ACTION"]) == "DISPLAY"
    assert without.walk("VALARM") == []


@pytest.mark.parametrize("alarm", ["0", "10081", "abc", "-5", "1.5"])
def test_a_bad_reminder_is_a_400(client, alarm):
    response = client.get(f"/calendar.ics?alarm={alarm}")

    assert response.status_code == 400
    assert "10080" in response.get_data(as_text=True)


def test_the_feed_keeps_the_filters_and_leaves_out_drafts(client, events):
    events.market(province="aleppo", title_ar="سوق حلب", venue_name="السبيل")
    events.market(province="damascus", title_ar="سوق دمشق", status="draft")
    events.festival(date(NEXT_YEAR, 4, 10), province="aleppo", title_ar="مهرجان حلب", venue_name="القلعة")

    aleppo_feed = feed(client, "/calendar.ics?province=aleppo&kind=friday")
    aleppo_fridays = {str(event["SUMMARY"]) for event in vevents(aleppo_feed)}
    everything = {str(event["SUMMARY"]) for event in vevents(feed(client, "/calendar.ics"))}

    assert aleppo_fridays == {"سوق حلب"}
    assert everything == {"سوق حلب", "مهرجان حلب"}


def test_an_empty_feed_is_still_a_valid_calendar(client):
    calendar = feed(client, "/calendar.ics")

    assert vevents(calendar) == [] and str(calendar["VERSION"]) == "2.0"


def test_a_title_with_a_line_break_stays_one_escaped_line_in_the_feed(client, events, app):
    from festival.extensions import db
    from festival.markets.models import Market

    market_id = events.market(title_ar="سوق\nالجمعة")
    with app.app_context():  # written past the forms (which store one line), e.g. by an old row
        db.session.get(Market, market_id).title_ar = "سوق\r\nالجمعة; الكبير, هنا"
        db.session.commit()
        occurrence_id = db.session.get(Market, market_id).occurrences[0].id

    calendar = feed(client, f"/events/{occurrence_id}.ics")
    body = client.get(f"/events/{occurrence_id}.ics").get_data(as_text=True)

    assert "X-WR-CALNAME:سوق\\nالجمعة\\; الكبير\\, هنا\r\n" in body
    assert str(vevents(calendar)[0]["SUMMARY"]) == "سوق\nالجمعة; الكبير, هنا"
