"""iCalendar (RFC 5545) feeds of public occurrences, built with the icalendar package.

One VEVENT per day an occurrence is open: a Friday is one, a festival one per day with
its real hours. UIDs are stable per occurrence and day, SEQUENCE is the occurrence's
sequence, and cancelled days stay in the feed with STATUS:CANCELLED so that subscribed
calendars drop them. There is no ORGANIZER: organizers' names and phones are not public.
"""
from datetime import date, datetime, timedelta
from functools import lru_cache

from flask_babel import gettext as _
from icalendar import Alarm, Calendar, Event, Timezone, vText

from festival.calendar.display import cancel_reason, daily_hours, event_days
from festival.calendar.links import absolute_url, site_host
from festival.core.labels import label
from festival.core.timezones import DAMASCUS
from festival.markets.models import Occurrence

PRODID = "-//Productive families markets//Festival calendar//AR"
CONTENT_TYPE = "text/calendar; charset=utf-8"


@lru_cache(maxsize=8)
def _vtimezone(first_year: int, last_year: int) -> Timezone:
    """The Asia/Damascus VTIMEZONE for these years (DST until 2022, +03 since)."""
    return Timezone.from_tzid(DAMASCUS.key, first_date=date(first_year, 1, 1), last_date=date(last_year + 1, 1, 1))


def event_uid(occurrence: Occurrence, day: date) -> str:
    return f"occurrence-{occurrence.id}-{day:%Y%m%d}@{site_host()}"


def _description(occurrence: Occurrence, day_number: int, day_count: int) -> str:
    market = occurrence.market
    lines = []
    if occurrence.is_cancelled and cancel_reason(occurrence):
        lines.append(_("Cancelled: %(reason)s", reason=cancel_reason(occurrence)))
    if market.description:
        lines.append(market.description)
    if day_count > 1:
        lines.append(_("Day %(number)d of %(count)d", number=day_number, count=day_count))
    lines.append(_("Daily hours: %(hours)s, Damascus time", hours=daily_hours(market)))
    lines.append(absolute_url("calendar.event", occurrence_id=occurrence.id))
    return "\n\n".join(lines)


def _alarm(summary: str, minutes: int) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", timedelta(minutes=-minutes))
    return alarm


def _event(occurrence: Occurrence, day: date, day_number: int, day_count: int, alarm_minutes: int | None) -> Event:
    market, venue = occurrence.market, occurrence.market.venue
    summary = _("[Cancelled] %(title)s", title=market.title) if occurrence.is_cancelled else market.title
    event = Event()
    event.add("uid", event_uid(occurrence, day))
    event.add("dtstamp", market.updated_at)
    event.add("last-modified", market.updated_at)
    event.add("sequence", occurrence.sequence)
    event.add("dtstart", datetime.combine(day, market.opens_at, tzinfo=DAMASCUS))
    event.add("dtend", datetime.combine(day, market.closes_at, tzinfo=DAMASCUS))
    event.add("status", "CANCELLED" if occurrence.is_cancelled else "CONFIRMED")
    event.add("summary", summary)
    event.add("description", _description(occurrence, day_number, day_count))
    event.add("url", absolute_url("calendar.event", occurrence_id=occurrence.id))
    event.add("location", ", ".join(part for part in (venue.name, venue.address) if part))
    if venue.latitude is not None and venue.longitude is not None:
        event.add("geo", (round(venue.latitude, 6), round(venue.longitude, 6)))  # ~10 cm, no float noise
    event.add("categories", [label("market_kind", market.kind), *(craft.name for craft in market.crafts)])
    if alarm_minutes and not occurrence.is_cancelled:
        event.add_component(_alarm(summary, alarm_minutes))
    return event


def build_calendar(occurrences: list[Occurrence], *, name: str, today: date, alarm_minutes: int | None = None) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", vText(name))  # vText escapes; a bare string would be written raw
    calendar.add("x-wr-timezone", DAMASCUS.key)
    years = [today.year] + [year for o in occurrences for year in (o.day.year, o.last_day.year)]
    calendar.add_component(_vtimezone(min(years), max(years)))
    for occurrence in occurrences:
        days = event_days(occurrence)
        for number, day in enumerate(days, start=1):
            calendar.add_component(_event(occurrence, day, number, len(days), alarm_minutes))
    return calendar.to_ical()
