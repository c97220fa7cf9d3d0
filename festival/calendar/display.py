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
from typing import NamedTuple

from babel.dates import format_interval
from flask import url_for
from flask_babel import format_date, format_time, get_locale
from flask_babel import lazy_gettext as _l

from festival.calendar.links import id_url
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


def hours(opens_at: time, closes_at: time) -> str:
    """daily_hours of these hours."""
    return _daily_hours(opens_at, closes_at, _language())


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


class EventItem(NamedTuple):
    """One occurrence in a list or a month (macro `event_items`): every string made before the template.

    A month page shows a few hundred of them; reading the market, the venue and the
    province and formatting per item inside Jinja (a macro call, a `url_for`, the language
    looked up for each label) was most of its build.
    """

    id: int
    day: date
    last_day: date
    url: str
    title: str
    kind: str
    kind_label: str
    dates: str
    hours: str
    venue_name: str
    province_name: str
    state: OccurrenceState
    state_label: str
    reason: str | None  # shown when cancelled
    is_cancelled: bool


def event_items(rows, today: date, event_url=None) -> list[EventItem]:
    """Items of festival.calendar.rows.EventRow; `event_url(id)` as links.id_url makes it."""
    language = _language()
    event_url = event_url or id_url("calendar.event", "occurrence_id")
    items = []
    for row in rows:
        state = occurrence_state(row, today)
        items.append(EventItem(
            row.id, row.day, row.last_day, event_url(row.id), row.title, row.kind, _kind_label(row.kind, language),
            _date_span(row.day, row.last_day, language), _daily_hours(row.opens_at, row.closes_at, language),
            row.venue_name, row.province_name, state, _state_label(state, language),
            row.cancel_reason if state == OccurrenceState.CANCELLED else None, row.is_cancelled,
        ))
    return items


def event_item(occurrence: Occurrence, today: date) -> EventItem:
    """The item of one Occurrence (model), for pages that load models (search, a craft's dates)."""
    market, language = occurrence.market, _language()
    state = occurrence_state(occurrence, today)
    return EventItem(
        occurrence.id, occurrence.day, occurrence.last_day, url_for("calendar.event", occurrence_id=occurrence.id),
        market.title, market.kind, _kind_label(market.kind, language),
        _date_span(occurrence.day, occurrence.last_day, language),
        _daily_hours(market.opens_at, market.closes_at, language), market.venue.name, market.province.name, state,
        _state_label(state, language), cancel_reason(occurrence) if state == OccurrenceState.CANCELLED else None,
        occurrence.is_cancelled,
    )


# Template globals for the calendar's pages (a blueprint context processor).
TEMPLATE_HELPERS = {
    "cancel_reason": cancel_reason, "event_item_of": event_item,
    "date_span": date_span, "daily_hours": daily_hours, "occurrence_state": occurrence_state,
    "local_moment": local_moment,
}
