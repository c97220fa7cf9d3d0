"""How an occurrence reads to a visitor: kind, state, dates, daily hours, reason.

A state depends on the day (in Damascus), not the minute, so that pages cached for a
day (see festival.calendar.caching) never contradict each other.

Dates, hours and labels are formatted once per (value, language) and worker: Babel's
`format_interval` and `format_time` were half of the month page's build, for a few
hundred distinct values.
"""
from datetime import date, time
from enum import StrEnum
from functools import lru_cache

from babel.dates import format_interval
from flask_babel import format_date, format_time, get_locale
from flask_babel import lazy_gettext as _l

from festival.core.formatting import short_datetime
from festival.core.labels import label, register_labels
from festival.markets.models import Market, MarketStatus, Occurrence, OccurrenceStatus
from festival.markets.recurrence import festival_days


class OccurrenceState(StrEnum):
    """What a visitor reads about one date of a market."""

    SCHEDULED = "scheduled"
    HELD = "held"  # its last day is over
    CANCELLED = "cancelled"  # the day or the whole market


register_labels("occurrence", {
    OccurrenceState.SCHEDULED: _l("Upcoming"),
    OccurrenceState.HELD: _l("Held"),
    OccurrenceState.CANCELLED: _l("Cancelled"),
})


def _language() -> str:
    return str(get_locale())


@lru_cache(maxsize=64)
def _kind_label(kind: str, _language: str) -> str:
    return label("market_kind", kind)


def kind_label(kind: str) -> str:
    return _kind_label(kind, _language())


def occurrence_state(occurrence: Occurrence, today: date) -> OccurrenceState:
    if occurrence.is_cancelled:
        return OccurrenceState.CANCELLED
    if occurrence.last_day < today:
        return OccurrenceState.HELD
    return OccurrenceState.SCHEDULED


@lru_cache(maxsize=64)
def _state_label(state: str, _language: str) -> str:
    return label("occurrence", state)


def state_label(state: str) -> str:
    return _state_label(state, _language())


def cancel_reason(occurrence: Occurrence) -> str | None:
    if occurrence.status == OccurrenceStatus.CANCELLED and occurrence.cancel_reason:
        return occurrence.cancel_reason
    if occurrence.market.status == MarketStatus.CANCELLED:
        return occurrence.market.cancel_reason
    return occurrence.cancel_reason


def event_days(occurrence: Occurrence) -> list[date]:
    """Every local day the occurrence is open: one for a Friday, all of a festival's days."""
    return festival_days(occurrence.day, occurrence.last_day)


def date_span(occurrence: Occurrence) -> str:
    """`الجمعة 4 كانون الأول 2026`, or `4–7 كانون الأول 2026` for a festival."""
    return _date_span(occurrence.day, occurrence.last_day, _language())


@lru_cache(maxsize=4096)
def _date_span(day: date, last_day: date, _language: str) -> str:
    if last_day == day:
        return format_date(day, "full")
    return format_interval(day, last_day, "yMMMMd", locale=get_locale())


def daily_hours(market: Market) -> str:
    """Opening hours, local (Damascus) wall-clock time: `9:00 ص – 3:00 م`."""
    return _daily_hours(market.opens_at, market.closes_at, _language())


@lru_cache(maxsize=1024)
def _daily_hours(opens_at: time, closes_at: time, _language: str) -> str:
    opens, closes = (format_time(moment, "short", rebase=False) for moment in (opens_at, closes_at))
    return f"{opens} – {closes}"


def local_moment(moment) -> str:
    """A UTC instant as date and time in Damascus: `9 آذار 2027، 3:00 ص`."""
    return short_datetime(moment)


def application_phase(market: Market, now) -> str:
    """before, open or closed: where families stand with applying to this market."""
    if market.status != MarketStatus.PUBLISHED or now >= market.applications_close_at:
        return "closed"
    return "open" if now >= market.applications_open_at else "before"


def last_phase_change(market: Market, now):
    """When the application phase last changed (for Last-Modified), or None."""
    passed = [moment for moment in (market.applications_open_at, market.applications_close_at) if moment <= now]
    return max(passed, default=None)


# Template globals for the calendar's pages (a blueprint context processor).
TEMPLATE_HELPERS = {
    "cancel_reason": cancel_reason,
    "date_span": date_span, "daily_hours": daily_hours, "occurrence_state": occurrence_state,
    "local_moment": local_moment,
}
