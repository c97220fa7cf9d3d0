"""How an occurrence reads to a visitor: kind, state, dates, daily hours, reason.

A state depends on the day (in Damascus), not the minute, so that pages cached for a
day (see festival.calendar.caching) never contradict each other.
"""
from datetime import date
from enum import StrEnum

from babel.dates import format_interval
from flask_babel import format_date, format_time, get_locale
from flask_babel import lazy_gettext as _l

from festival.core.labels import register_labels
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


def occurrence_state(occurrence: Occurrence, today: date) -> OccurrenceState:
    if occurrence.is_cancelled:
        return OccurrenceState.CANCELLED
    if occurrence.last_day < today:
        return OccurrenceState.HELD
    return OccurrenceState.SCHEDULED


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
    if occurrence.last_day == occurrence.day:
        return format_date(occurrence.day, "full")
    return format_interval(occurrence.day, occurrence.last_day, "yMMMMd", locale=get_locale())


def daily_hours(market: Market) -> str:
    """Opening hours, local (Damascus) wall-clock time: `9:00 ص – 3:00 م`."""
    opens, closes = (format_time(moment, "short", rebase=False) for moment in (market.opens_at, market.closes_at))
    return f"{opens} – {closes}"


def local_moment(moment) -> str:
    """A UTC instant as date and time in Damascus: `9 آذار 2027، 3:00 ص`."""
    pattern = get_locale().datetime_formats["medium"]
    return pattern.format(format_time(moment, "short"), format_date(moment, "long"))


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
