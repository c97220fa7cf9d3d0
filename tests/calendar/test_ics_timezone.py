"""The feed's VTIMEZONE, read back by two independent parsers (icalendar and vobject).

Both must put every Damascus wall-clock time at the instant the tz database gives:
summer time started at midnight on 26 March 2021 and 25 March 2022, and since
28 October 2022 Syria keeps +03 all year (a change of name, not of offset).
"""
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import vobject
from icalendar import Calendar

from festival.calendar.ics import _vtimezone
from festival.extensions import db
from festival.markets.models import Occurrence
from tests.factories import NEXT_YEAR
from tests.factories.markets import move_to

DAMASCUS = ZoneInfo("Asia/Damascus")


def _icalendar_zone(text: str):
    return Calendar.from_ical("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + text + "END:VCALENDAR\r\n").walk(
        "VTIMEZONE")[0].to_tz()


def _vobject_zone(text: str):
    return vobject.readOne("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + text + "END:VCALENDAR\r\n").vtimezone.gettzinfo()


def _wall_times(first: date, last: date, hours=(0, 1, 2, 9, 12, 23)):
    day = first
    while day <= last:
        for hour in hours:
            yield datetime.combine(day, time(hour, 30))
        day += timedelta(days=1)


@pytest.mark.parametrize("reader", [_icalendar_zone, _vobject_zone], ids=["icalendar", "vobject"])
@pytest.mark.parametrize("years", [(2021, 2022), (2022, 2023), (2021, 2027), (2025, 2026)])
def test_every_wall_clock_time_gets_the_tz_database_offset(reader, years):
    zone = reader(_vtimezone(*years))

    wrong = [wall for wall in _wall_times(date(years[0], 1, 1), date(years[1], 12, 31))
             if wall.replace(tzinfo=zone).utcoffset() != wall.replace(tzinfo=DAMASCUS).utcoffset()
             and wall.replace(tzinfo=DAMASCUS).astimezone(UTC).astimezone(DAMASCUS).replace(tzinfo=None) == wall]
    assert wrong == []


def test_summer_time_starts_at_midnight_and_the_permanent_plus_three_is_an_observance():
    zone = vobject.readOne("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + _vtimezone(2021, 2023)
                           + "END:VCALENDAR\r\n").vtimezone
    starts = sorted((child.name, child.dtstart.value, child.tzoffsetto.value, child.tzname.value)
                    for child in zone.getChildren() if child.name in ("STANDARD", "DAYLIGHT"))

    assert ("DAYLIGHT", datetime(2021, 3, 26), "+0300", "EEST") in starts
    assert ("DAYLIGHT", datetime(2022, 3, 25), "+0300", "EEST") in starts
    assert ("STANDARD", datetime(2022, 10, 28), "+0300", "+03") in starts
    assert not any("RDATE" in line or "RRULE" in line for line in _vtimezone(2021, 2023).splitlines())


@pytest.mark.parametrize("first_day", [
    date(2021, 1, 7),   # winter, +02
    date(2021, 3, 25),  # summer time starts in the night before its second day
    date(2022, 10, 27),  # +03 for good from the night before its second day
])
def test_a_festival_in_past_years_is_at_the_right_instant_for_both_parsers(client, events, app, first_day):
    market = events.festival(date(NEXT_YEAR, 4, 10), days=2)
    occurrence_id = events.occurrences(market)[0]
    with app.app_context():
        move_to(db.session.get(Occurrence, occurrence_id), first_day)
        occurrence = db.session.get(Occurrence, occurrence_id)
        occurrence.last_day = occurrence.market.last_day = first_day + timedelta(days=1)
        db.session.commit()

    body = client.get(f"/events/{occurrence_id}.ics").data
    expected = [datetime.combine(first_day + timedelta(days=n), time(16), tzinfo=DAMASCUS).astimezone(UTC)
                for n in range(2)]

    by_icalendar = [event.decoded("DTSTART").astimezone(UTC) for event in Calendar.from_ical(body).walk("VEVENT")]
    by_vobject = [event.dtstart.value.astimezone(UTC) for event in vobject.readOne(body.decode()).vevent_list]
    assert by_icalendar == by_vobject == expected
