"""Which days a market is held, from RFC 5545 recurrence rules (dateutil).

A Friday market stores its rule (`FREQ=WEEKLY;BYDAY=FR;UNTIL=…` or `COUNT=…`); its days
are expanded on local (Asia/Damascus) calendar dates, so every occurrence is a Friday in
Syria whatever the UTC offset of that day.
"""
from datetime import date, datetime, timedelta

from dateutil.rrule import FR, WEEKLY, rrule, rrulestr

MAX_OCCURRENCES = 104  # two years of Fridays
MAX_FESTIVAL_DAYS = 31


def friday_rule(first_day: date, *, until: date | None = None, count: int | None = None) -> str:
    """The RRULE line of a weekly Friday series, ending on a date or after a count."""
    if (until is None) == (count is None):
        raise ValueError("give exactly one of until and count")
    rule = rrule(WEEKLY, byweekday=FR, dtstart=datetime.combine(first_day, datetime.min.time()),
                 until=datetime.combine(until, datetime.min.time()) if until else None, count=count)
    return next(line for line in str(rule).splitlines() if line.startswith("RRULE:")).removeprefix("RRULE:")


def expand(rule_text: str, first_day: date, limit: int = MAX_OCCURRENCES + 1) -> list[date]:
    """The local days a rule produces from `first_day` on (at most `limit` of them)."""
    rule = rrulestr(rule_text, dtstart=datetime.combine(first_day, datetime.min.time()))
    days = []
    for moment in rule:
        days.append(moment.date())
        if len(days) >= limit:
            break
    return days


def festival_days(first_day: date, last_day: date) -> list[date]:
    return [first_day + timedelta(days=offset) for offset in range((last_day - first_day).days + 1)]
