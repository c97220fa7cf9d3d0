"""iCalendar (RFC 5545) feeds of public occurrences.

One VEVENT per day an occurrence is open: a Friday is one, a festival one per day with
its real hours. UIDs are stable per occurrence and day, SEQUENCE is the occurrence's
sequence, and cancelled days stay in the feed with STATUS:CANCELLED so that subscribed
calendars drop them. There is no ORGANIZER: organizers' names and phones are not public.

The events are written as text lines here, the way the icalendar package writes them
(its property order, TEXT escaping and 75-octet folding; tests/calendar/test_ics.py
reads the feeds back with it, and with vobject as a second, independent reader):
building a component per property cost 80 % of a feed's time. The VTIMEZONE comes
from the tz database's transitions (festival/calendar/vtimezone.py), once per span
and worker; the icalendar package still writes the alarm's duration.
"""
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from flask_babel import gettext as _
from icalendar import vDuration

from festival.calendar.display import cancel_reason, daily_hours, event_days, kind_label
from festival.calendar.links import absolute_url, site_host
from festival.calendar.vtimezone import vtimezone_lines
from festival.core.timezones import DAMASCUS
from festival.markets.models import Occurrence

PRODID = "-//Productive families markets//Festival calendar//AR"
CONTENT_TYPE = "text/calendar; charset=utf-8"


UTC_STAMP = "%Y%m%dT%H%M%SZ"
LOCAL_STAMP = "%Y%m%dT%H%M%S"
FOLD_LIMIT = 75  # octets per line, without the line break
CRLF = "\r\n"


def escape_text(text: str) -> str:
    """A TEXT value (RFC 5545, 3.3.11), in icalendar's order of replacements."""
    return (text.replace("\\N", "\n").replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str) -> str:
    """Lines longer than 75 octets folded between characters, never right after a `\\`."""
    if line.isascii():
        if len(line) < FOLD_LIMIT:
            return line
        sizes = None
    else:
        sizes = [len(char.encode()) for char in line]
        if sum(sizes) < FOLD_LIMIT:
            return line
    pieces, current, count = [], [], 0
    for index, char in enumerate(line):
        size = 1 if sizes is None else sizes[index]
        if current and count + size >= FOLD_LIMIT:
            if len(current) > 1 and current[-1] in "\\^":  # keep an escape with what it escapes
                kept = current.pop()
                pieces.append("".join(current))
                current, count = [kept], len(kept.encode())
            else:
                pieces.append("".join(current))
                current, count = [], 0
        current.append(char)
        count += size
    if current:
        pieces.append("".join(current))
    return "\r\n ".join(pieces)


def _text_line(name: str, text: str) -> str:
    return fold(f"{name}:{escape_text(text)}")


def event_uid(occurrence: Occurrence, day: date, host: str | None = None) -> str:
    return f"occurrence-{occurrence.id}-{day:%Y%m%d}@{host or site_host()}"


@lru_cache(maxsize=8)
def _vtimezone(first_year: int, last_year: int) -> str:
    """The Asia/Damascus VTIMEZONE for these years (summer time until 2022, +03 since), as text."""
    lines = vtimezone_lines(DAMASCUS, date(first_year, 1, 1), date(last_year + 1, 1, 1))
    return CRLF.join(lines) + CRLF


@lru_cache(maxsize=64)
def _trigger(minutes: int) -> str:
    return vDuration(timedelta(minutes=-minutes)).to_ical().decode()


def _description_lines(occurrence: Occurrence) -> tuple[list[str], list[str]]:
    """The description's lines before and after the "Day n of m" line."""
    market = occurrence.market
    before = []
    if occurrence.is_cancelled and cancel_reason(occurrence):
        before.append(_("Cancelled: %(reason)s", reason=cancel_reason(occurrence)))
    if market.description:
        before.append(market.description)
    after = [_("Daily hours: %(hours)s, Damascus time", hours=daily_hours(market)),
             absolute_url("calendar.event", occurrence_id=occurrence.id)]
    return before, after


def _occurrence_events(occurrence: Occurrence, host: str, alarm_minutes: int | None) -> list[str]:
    """The VEVENT lines of every day of the occurrence; what the days share is made once."""
    market, venue = occurrence.market, occurrence.market.venue
    cancelled = occurrence.is_cancelled
    summary = _("[Cancelled] %(title)s", title=market.title) if cancelled else market.title
    url = absolute_url("calendar.event", occurrence_id=occurrence.id)
    stamp = market.updated_at.astimezone(UTC).strftime(UTC_STAMP)
    summary_line = _text_line("SUMMARY", summary)
    shared_head = [f"DTSTAMP:{stamp}"]
    categories = ",".join(escape_text(name) for name in (kind_label(market.kind),
                                                          *(craft.name for craft in market.crafts)))
    location = ", ".join(part for part in (venue.name, venue.address) if part)
    geo = None
    if venue.latitude is not None and venue.longitude is not None:
        geo = f"GEO:{round(venue.latitude, 6)};{round(venue.longitude, 6)}"  # ~10 cm, no float noise
    tail = [f"LAST-MODIFIED:{stamp}", _text_line("LOCATION", location),
            f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}", fold(f"URL:{url}")]
    if alarm_minutes and not cancelled:
        tail += ["BEGIN:VALARM", "ACTION:DISPLAY", _text_line("DESCRIPTION", summary),
                 f"TRIGGER:{_trigger(alarm_minutes)}", "END:VALARM"]
    before, after = _description_lines(occurrence)
    days = event_days(occurrence)
    lines = []
    for number, day in enumerate(days, start=1):
        description = [*before, *([_("Day %(number)d of %(count)d", number=number, count=len(days))]
                                  if len(days) > 1 else []), *after]
        lines += ["BEGIN:VEVENT", summary_line,
                  f"DTSTART;TZID={DAMASCUS.key}:{datetime.combine(day, market.opens_at):{LOCAL_STAMP}}",
                  f"DTEND;TZID={DAMASCUS.key}:{datetime.combine(day, market.closes_at):{LOCAL_STAMP}}",
                  *shared_head, fold(f"UID:{event_uid(occurrence, day, host)}"), f"SEQUENCE:{occurrence.sequence}",
                  fold(f"CATEGORIES:{categories}"), _text_line("DESCRIPTION", "\n\n".join(description)),
                  *([geo] if geo else []), *tail, "END:VEVENT"]
    return lines


def session_uid(session, host: str | None = None) -> str:
    return f"training-session-{session.id}@{host or site_host()}"


def _session_event(session, host: str, alarm_minutes: int | None) -> list[str]:
    """One VEVENT for a training session: the course, its group, where, and its public page."""
    course, venue = session.cohort.course, session.venue
    summary = _("Training: %(course)s", course=course.title)
    url = absolute_url("training_public.course", course_id=course.id, _anchor=f"session-{session.id}")
    stamp = session.cohort.created_at.astimezone(UTC).strftime(UTC_STAMP)
    location = ", ".join(part for part in (venue.name if venue else "", session.room, course.province.name) if part)
    description = "\n\n".join(part for part in (course.description, url) if part)
    lines = ["BEGIN:VEVENT", _text_line("SUMMARY", summary),
             f"DTSTART:{session.starts_at.astimezone(UTC):{UTC_STAMP}}",
             f"DTEND:{session.ends_at.astimezone(UTC):{UTC_STAMP}}",
             f"DTSTAMP:{stamp}", fold(f"UID:{session_uid(session, host)}"), "SEQUENCE:0",
             fold(f"CATEGORIES:{escape_text(_('Training sessions'))}"),
             _text_line("DESCRIPTION", description), f"LAST-MODIFIED:{stamp}",
             _text_line("LOCATION", location), "STATUS:CONFIRMED", fold(f"URL:{url}")]
    if alarm_minutes:
        lines += ["BEGIN:VALARM", "ACTION:DISPLAY", _text_line("DESCRIPTION", summary),
                  f"TRIGGER:{_trigger(alarm_minutes)}", "END:VALARM"]
    return [*lines, "END:VEVENT"]


def build_calendar(occurrences: list[Occurrence], *, name: str, today: date, alarm_minutes: int | None = None,
                   sessions=()) -> bytes:
    years = [today.year] + [year for o in occurrences for year in (o.day.year, o.last_day.year)]
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", fold(f"PRODID:{PRODID}"), "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             _text_line("X-WR-CALNAME", name), _text_line("X-WR-TIMEZONE", DAMASCUS.key)]
    text = CRLF.join(lines) + CRLF + _vtimezone(min(years), max(years))
    host = site_host()
    events = [line for occurrence in occurrences for line in _occurrence_events(occurrence, host, alarm_minutes)]
    events += [line for session in sessions for line in _session_event(session, host, alarm_minutes)]
    return (text + CRLF.join([*events, "END:VCALENDAR"]) + CRLF).encode()
