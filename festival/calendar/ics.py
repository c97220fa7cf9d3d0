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
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from flask_babel import get_locale
from flask_babel import gettext as _
from icalendar import vDuration

from festival.calendar.display import event_days, kind_label
from festival.calendar.display import hours as daily_hours
from festival.calendar.links import absolute_url, id_url, site_host
from festival.calendar.rows import EventRow
from festival.calendar.vtimezone import vtimezone_lines
from festival.core.timezones import DAMASCUS

PRODID = "-//Productive families markets//Festival calendar//AR"
CONTENT_TYPE = "text/calendar; charset=utf-8"


UTC_STAMP = "%Y%m%dT%H%M%SZ"
LOCAL_STAMP = "%Y%m%dT%H%M%S"
FOLD_LIMIT = 75  # octets per line, without the line break
CRLF = "\r\n"
ESCAPES = b"\\^"  # never last before a fold: they escape what follows


def escape_text(text: str) -> str:
    """A TEXT value (RFC 5545, 3.3.11), in icalendar's order of replacements."""
    return (text.replace("\\N", "\n").replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str) -> str:
    """Lines longer than 75 octets folded between characters, never right after a `\\`.

    Cut on the UTF-8 bytes: each piece is the longest run of at most 74 octets that ends
    on a character's boundary (a cut never falls before a continuation byte), and one
    octet shorter when it would end on `\\` or `^`, which then opens the next piece (a
    character per step was half of a feed's time on Arabic text).
    """
    data = line.encode()
    if len(data) < FOLD_LIMIT:
        return line
    pieces, start, size = [], 0, len(data)
    while size - start >= FOLD_LIMIT:
        end = start + FOLD_LIMIT - 1
        while data[end] & 0xC0 == 0x80:  # inside a character: cut before it
            end -= 1
        if data[end - 1] in ESCAPES and end - 1 > start:
            end -= 1
        pieces.append(data[start:end])
        start = end
    pieces.append(data[start:])
    return b"\r\n ".join(pieces).decode()


def _text_line(name: str, text: str) -> str:
    return fold(f"{name}:{escape_text(text)}")


def event_uid(occurrence: EventRow, day: date, host: str | None = None) -> str:
    return f"occurrence-{occurrence.id}-{day:%Y%m%d}@{host or site_host()}"


@lru_cache(maxsize=8)
def _vtimezone(first_year: int, last_year: int) -> str:
    """The Asia/Damascus VTIMEZONE for these years (summer time until 2022, +03 since), as text."""
    lines = vtimezone_lines(DAMASCUS, date(first_year, 1, 1), date(last_year + 1, 1, 1))
    return CRLF.join(lines) + CRLF


@lru_cache(maxsize=64)
def _trigger(minutes: int) -> str:
    return vDuration(timedelta(minutes=-minutes)).to_ical().decode()


@lru_cache(maxsize=1024)
def _hours_line(opens_at: time, closes_at: time, _language: str) -> str:
    return _("Daily hours: %(hours)s, Damascus time", hours=daily_hours(opens_at, closes_at))


@lru_cache(maxsize=256)
def _day_line(number: int, count: int, _language: str) -> str:
    return _("Day %(number)d of %(count)d", number=number, count=count)


def _description_lines(occurrence: EventRow, url: str, language: str) -> tuple[list[str], list[str]]:
    """The description's lines before and after the "Day n of m" line."""
    before = []
    if occurrence.is_cancelled and occurrence.cancel_reason:
        before.append(_("Cancelled: %(reason)s", reason=occurrence.cancel_reason))
    if occurrence.description:
        before.append(occurrence.description)
    return before, [_hours_line(occurrence.opens_at, occurrence.closes_at, language), url]


def _occurrence_events(occurrence: EventRow, host: str, alarm_minutes: int | None, event_url, language: str
                       ) -> list[str]:
    """The VEVENT lines of every day of the occurrence; what the days share is made once."""
    cancelled = occurrence.is_cancelled
    summary = _("[Cancelled] %(title)s", title=occurrence.title) if cancelled else occurrence.title
    url = event_url(occurrence.id)
    stamp = occurrence.updated_at.astimezone(UTC).strftime(UTC_STAMP)
    summary_line = _text_line("SUMMARY", summary)
    shared_head = [f"DTSTAMP:{stamp}"]
    categories = ",".join(escape_text(name) for name in (kind_label(occurrence.kind),
                                                          *(craft.name for craft in occurrence.crafts)))
    location = ", ".join(part for part in (occurrence.venue_name, occurrence.venue_address) if part)
    geo = None
    if occurrence.latitude is not None and occurrence.longitude is not None:
        geo = f"GEO:{round(occurrence.latitude, 6)};{round(occurrence.longitude, 6)}"  # ~10 cm, no float noise
    tail = [f"LAST-MODIFIED:{stamp}", _text_line("LOCATION", location),
            f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}", fold(f"URL:{url}")]
    if alarm_minutes and not cancelled:
        tail += ["BEGIN:VALARM", "ACTION:DISPLAY", _text_line("DESCRIPTION", summary),
                 f"TRIGGER:{_trigger(alarm_minutes)}", "END:VALARM"]
    before, after = _description_lines(occurrence, url, language)
    days = event_days(occurrence)
    categories_line, sequence_line = fold(f"CATEGORIES:{categories}"), f"SEQUENCE:{occurrence.sequence}"
    lines = []
    for number, day in enumerate(days, start=1):
        description = [*before, *([_day_line(number, len(days), language)] if len(days) > 1 else []), *after]
        lines += ["BEGIN:VEVENT", summary_line,
                  f"DTSTART;TZID={DAMASCUS.key}:{datetime.combine(day, occurrence.opens_at):{LOCAL_STAMP}}",
                  f"DTEND;TZID={DAMASCUS.key}:{datetime.combine(day, occurrence.closes_at):{LOCAL_STAMP}}",
                  *shared_head, fold(f"UID:{event_uid(occurrence, day, host)}"), sequence_line,
                  categories_line, _text_line("DESCRIPTION", "\n\n".join(description)),
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


def build_calendar(occurrences: list[EventRow], *, name: str, today: date, alarm_minutes: int | None = None,
                   sessions=()) -> bytes:
    years = [today.year] + [year for o in occurrences for year in (o.day.year, o.last_day.year)]
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", fold(f"PRODID:{PRODID}"), "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             _text_line("X-WR-CALNAME", name), _text_line("X-WR-TIMEZONE", DAMASCUS.key)]
    text = CRLF.join(lines) + CRLF + _vtimezone(min(years), max(years))
    host, language = site_host(), str(get_locale())
    event_url = id_url("calendar.event", "occurrence_id", absolute=True)
    events = [line for occurrence in occurrences
              for line in _occurrence_events(occurrence, host, alarm_minutes, event_url, language)]
    events += [line for session in sessions for line in _session_event(session, host, alarm_minutes)]
    return (text + CRLF.join([*events, "END:VCALENDAR"]) + CRLF).encode()
