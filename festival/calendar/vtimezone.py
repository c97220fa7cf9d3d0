"""A VTIMEZONE (RFC 5545, 3.6.5) written from the tz database's own transitions.

The icalendar package guesses recurring observances from a zone's rules; for
Asia/Damascus that put the 2021 and 2022 summer-time starts an hour late (its
DTSTART and RDATE were written in the wrong offset) and had no observance for
the switch to permanent +03 on 28 October 2022, when only the name and the
"is it summer time" flag change, not the offset.

Here every transition of the span is one observance with its own DTSTART and no
RRULE or RDATE, so there is nothing to guess for any client: DTSTART is the
wall-clock time just before the change, in the offset being left (TZOFFSETFROM),
as the RFC asks. A first observance says what holds at the start of the span.
Transitions are found by stepping through the span a day at a time and then
narrowing each change down to the minute; tz database changes fall on whole
minutes.
"""
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LOCAL_STAMP = "%Y%m%dT%H%M%S"


@dataclass(frozen=True)
class Transition:
    at: datetime  # UTC instant from which the new state holds
    offset_from: timedelta
    offset_to: timedelta
    name: str
    is_summer_time: bool

    @property
    def local_start(self) -> datetime:
        """The wall-clock time of the change, read in the offset being left."""
        return (self.at + self.offset_from).replace(tzinfo=None)


def _state(zone: ZoneInfo, instant: datetime) -> tuple[timedelta, str, bool]:
    local = instant.astimezone(zone)
    return local.utcoffset(), local.tzname(), bool(local.dst())


def transitions(zone: ZoneInfo, first_day: date, end_day: date) -> list[Transition]:
    """Every change of offset, name or summer time in [first_day, end_day), in UTC order.

    The first element is the state at the start of the span (offset_from == offset_to).
    """
    start = datetime.combine(first_day, time(0), tzinfo=zone).astimezone(UTC)  # local midnight
    end = datetime.combine(end_day, time(0), tzinfo=zone).astimezone(UTC)
    offset, name, summer = _state(zone, start)
    found = [Transition(start, offset, offset, name, summer)]
    step = timedelta(days=1)
    before = start
    while before < end:
        after = min(before + step, end)
        if _state(zone, after) != _state(zone, before):
            low, high = before, after  # the change is in (low, high]
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                middle = middle.replace(second=0, microsecond=0)
                if middle <= low:
                    middle = low + timedelta(minutes=1)
                if _state(zone, middle) == _state(zone, low):
                    low = middle
                else:
                    high = middle
            old_offset = _state(zone, low)[0]
            new_offset, new_name, new_summer = _state(zone, high)
            found.append(Transition(high, old_offset, new_offset, new_name, new_summer))
        before = after
    return found


def _offset(delta: timedelta) -> str:
    minutes = int(delta.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}{minutes:02d}"


def vtimezone_lines(zone: ZoneInfo, first_day: date, end_day: date) -> list[str]:
    """The VTIMEZONE of `zone` valid for local dates in [first_day, end_day)."""
    lines = ["BEGIN:VTIMEZONE", f"TZID:{zone.key}"]
    for transition in transitions(zone, first_day, end_day):
        kind = "DAYLIGHT" if transition.is_summer_time else "STANDARD"
        lines += [f"BEGIN:{kind}", f"DTSTART:{transition.local_start:{LOCAL_STAMP}}",
                  f"TZNAME:{transition.name}", f"TZOFFSETFROM:{_offset(transition.offset_from)}",
                  f"TZOFFSETTO:{_offset(transition.offset_to)}", f"END:{kind}"]
    lines.append("END:VTIMEZONE")
    return lines
