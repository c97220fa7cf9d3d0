"""Reading public occurrences: the calendar, the event page, the feeds and the API.

Only published, archived and cancelled markets are public; drafts never leave here.
Every query loads what its pages show (market, venue, province, crafts) up front, so
the number of SQL statements does not grow with the number of events.
"""
from datetime import date, time, timedelta

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import false
from sqlalchemy.orm import contains_eager

from festival.calendar import rows
from festival.calendar.filters import BadQuery, EventFilter
from festival.core.timezones import local_to_utc
from festival.crafts.models import CraftCategory
from festival.extensions import db
from festival.markets.models import Market, MarketStatus, Occurrence
from festival.provinces.models import Province
from festival.training.models import TrainingSession
from festival.training.queries import public_sessions
from festival.venues.models import Stall, Venue

PUBLIC_STATUSES = (MarketStatus.PUBLISHED, MarketStatus.ARCHIVED, MarketStatus.CANCELLED)


def public_occurrences(event_filter: EventFilter | None = None):
    """A select of the public occurrences matching the filter, market details loaded."""
    market = contains_eager(Occurrence.market)
    query = db.select(Occurrence).join(Occurrence.market).options(
        market.joinedload(Market.venue), market.joinedload(Market.province), market.selectinload(Market.crafts))
    return _public(query, event_filter or EventFilter())


def public_rows(event_filter: EventFilter):
    """The same occurrences as public_occurrences, as the columns of rows.EventRow (see rows.event_rows)."""
    query = (db.select(*rows.COLUMNS).select_from(Occurrence).join(Occurrence.market)
             .join(Venue, Venue.id == Market.venue_id).join(Province, Province.id == Market.province_id))
    return _public(query, event_filter)


def _public(query, event_filter: EventFilter):
    """Public markets' occurrences only, narrowed by the filter (a select joined to Market)."""
    if not event_filter.shows_markets:
        return query.where(false())
    query = query.where(Market.status.in_(PUBLIC_STATUSES))
    if event_filter.province is not None:
        query = query.where(Market.province_id == event_filter.province.id)
    if event_filter.craft is not None:
        query = query.where(Market.crafts.any(CraftCategory.id == event_filter.craft.id))
    if event_filter.kind:
        query = query.where(Market.kind == event_filter.kind)
    return query


def in_order(query):
    return query.order_by(Occurrence.starts_at, Occurrence.id)


def occurrences_between(event_filter: EventFilter, first_day: date, last_day: date) -> list[rows.EventRow]:
    """Occurrences with at least one day in first_day..last_day (a festival may start before)."""
    query = public_rows(event_filter).where(Occurrence.day <= last_day, Occurrence.last_day >= first_day)
    return rows.event_rows(in_order(query))


def upcoming(event_filter: EventFilter, from_day: date, to_day: date | None = None):
    """A select of the occurrences still running on or after `from_day`, as rows (paginate_rows)."""
    query = public_rows(event_filter).where(Occurrence.last_day >= from_day)
    if to_day is not None:
        query = query.where(Occurrence.day <= to_day)
    return in_order(query)


def public_occurrence_or_404(occurrence_id: int, *, full: bool = False) -> Occurrence:
    """One public occurrence; `full` also loads the series' dates and the offered stalls."""
    query = public_occurrences().where(Occurrence.id == occurrence_id)
    if full:
        market = contains_eager(Occurrence.market)
        query = query.options(
            market.selectinload(Market.occurrences),
            market.selectinload(Market.offered_stalls).joinedload(Stall.section),
        )
    occurrence = db.session.scalars(query).unique().one_or_none()
    if occurrence is None:
        abort(404)
    return occurrence


def public_row_or_404(occurrence_id: int) -> rows.EventRow:
    """One public occurrence as a row (without its crafts: rows.with_crafts)."""
    found = rows.event_rows(public_rows(EventFilter()).where(Occurrence.id == occurrence_id))
    if not found:
        abort(404)
    return found[0]


def feed_occurrences(event_filter: EventFilter, since: date) -> list[rows.EventRow]:
    query = public_rows(event_filter).where(Occurrence.last_day >= since)
    return rows.with_crafts(rows.event_rows(in_order(query)))


def paginate(query, page: int, per_page: int):
    result = db.paginate(query, page=page, per_page=per_page, error_out=False)
    if page > max(result.pages, 1):
        raise BadQuery(404, _("There is no such page."))
    return result


def paginate_rows(query, page: int, per_page: int, *, crafts: bool = False) -> rows.RowPagination:
    """paginate for a select of rows (upcoming); `crafts` reads the page's crafts too."""
    result = rows.RowPagination(page=page, per_page=per_page, max_per_page=None, error_out=False, count=True,
                                select=query, crafts=crafts)
    if page > max(result.pages, 1):
        raise BadQuery(404, _("There is no such page."))
    return result


def sessions_between(event_filter: EventFilter, first_day: date, last_day: date) -> list[TrainingSession]:
    if not event_filter.shows_training:
        return []
    return list(db.session.scalars(public_sessions(event_filter.province).where(
        TrainingSession.starts_at >= local_to_utc(first_day, time(0)),
        TrainingSession.starts_at < local_to_utc(last_day + timedelta(days=1), time(0)))))


def upcoming_sessions(event_filter: EventFilter, from_day: date):
    """A select of the sessions from `from_day` on (for pagination); none under a craft filter."""
    query = public_sessions(event_filter.province).where(TrainingSession.ends_at >= local_to_utc(from_day, time(0)))
    return query if event_filter.shows_training else query.where(false())


def feed_sessions(event_filter: EventFilter, since: date) -> list[TrainingSession]:
    if not event_filter.shows_training:
        return []
    return list(db.session.scalars(upcoming_sessions(event_filter, since)))


def all_crafts() -> list[CraftCategory]:
    return list(db.session.scalars(db.select(CraftCategory).order_by(CraftCategory.position)))
