"""Public occurrences as plain rows: the columns that the month page, the list, the feeds
and the API show, in the request's language.

These pages read up to hundreds of occurrences per request. Loading each as ORM objects
(Occurrence, Market, Venue, Province, crafts) was most of their cost once a change had
made the kept pages out of date (75 % of the API page's build); a select of the columns,
one query (and one more for the crafts when a page shows them), into small frozen
records costs a fraction. Which occurrences are public, and the filters, are those of
festival.calendar.queries.public_occurrences; the event page and every writer keep the
models.
"""
from collections import defaultdict
from datetime import date, datetime, time
from typing import NamedTuple

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func

from festival.core.i18n import is_arabic
from festival.crafts.models import CraftCategory
from festival.extensions import db
from festival.markets.models import Market, MarketStatus, Occurrence, OccurrenceStatus, market_crafts
from festival.provinces.models import Province
from festival.venues.models import Venue


class CraftRow(NamedTuple):
    slug: str
    name: str


class EventRow(NamedTuple):
    """One public occurrence with its market, venue and province, as visitors read it.

    A named tuple: immutable, and built without the per-field cost of a frozen dataclass
    (a month page makes a few hundred)."""

    id: int
    market_id: int
    kind: str
    market_status: str
    status: str
    day: date
    last_day: date
    starts_at: datetime
    ends_at: datetime
    opens_at: time
    closes_at: time
    title: str
    title_ar: str
    title_en: str | None
    description: str
    occurrence_reason: str | None
    market_reason: str | None
    sequence: int  # iCalendar SEQUENCE, as Occurrence.sequence
    updated_at: datetime
    venue_id: int
    venue_name: str
    venue_address: str
    latitude: float | None
    longitude: float | None
    province_slug: str
    province_name: str
    crafts: tuple[CraftRow, ...] = ()

    @property
    def is_cancelled(self) -> bool:
        return self.status == OccurrenceStatus.CANCELLED or self.market_status == MarketStatus.CANCELLED

    @property
    def cancel_reason(self) -> str | None:
        """As festival.calendar.display.cancel_reason for an Occurrence."""
        if self.status == OccurrenceStatus.CANCELLED and self.occurrence_reason:
            return self.occurrence_reason
        if self.market_status == MarketStatus.CANCELLED:
            return self.market_reason
        return self.occurrence_reason


COLUMNS = (
    Occurrence.id, Occurrence.market_id, Market.kind, Market.status, Occurrence.status,
    Occurrence.day, Occurrence.last_day, Occurrence.starts_at, Occurrence.ends_at, Market.opens_at, Market.closes_at,
    Market.title_ar, Market.title_en, Market.description_ar, Market.description_en,
    Occurrence.cancel_reason, Market.cancel_reason, Market.revision, Occurrence.revision, Market.updated_at,
    Venue.id, Venue.name_ar, Venue.name_en, Venue.address, Venue.latitude, Venue.longitude,
    Province.slug, Province.name_ar, Province.name_en,
)


def event_rows(query) -> list[EventRow]:
    """The rows of a select of COLUMNS (queries.public_rows), without their crafts (with_crafts)."""
    arabic = is_arabic()
    return [
        EventRow(occurrence_id, market_id, kind, market_status, status, day, last_day, starts_at, ends_at,
                 opens_at, closes_at, title_ar if arabic or not title_en else title_en, title_ar, title_en,
                 description_ar if arabic or not description_en else description_en, occurrence_reason,
                 market_reason, market_revision + revision, updated_at, venue_id,
                 venue_ar if arabic or not venue_en else venue_en, address, latitude, longitude, province_slug,
                 province_ar if arabic or not province_en else province_en)
        for (occurrence_id, market_id, kind, market_status, status, day, last_day, starts_at, ends_at, opens_at,
             closes_at, title_ar, title_en, description_ar, description_en, occurrence_reason, market_reason,
             market_revision, revision, updated_at, venue_id, venue_ar, venue_en, address, latitude, longitude,
             province_slug, province_ar, province_en) in db.session.execute(query)
    ]


class RowPagination(Pagination):
    """Flask-SQLAlchemy's pagination (the same attributes, counts and errors) of a select of COLUMNS:
    a page of EventRow, with its crafts when `crafts` is set."""

    def _query_items(self) -> list[EventRow]:
        select = self._query_args["select"].limit(self.per_page).offset(self._query_offset)
        found = event_rows(select)
        return with_crafts(found) if self._query_args["crafts"] else found

    def _query_count(self) -> int:
        subquery = self._query_args["select"].order_by(None).subquery()
        return db.session.execute(db.select(func.count()).select_from(subquery)).scalar()


def with_crafts(rows: list[EventRow]) -> list[EventRow]:
    """The rows with each market's craft categories: one query, whatever the number of rows."""
    if not rows:
        return rows
    by_market = _crafts_of({row.market_id for row in rows}, is_arabic())
    return [row._replace(crafts=by_market.get(row.market_id, ())) for row in rows]


def _crafts_of(market_ids: set[int], arabic: bool) -> dict[int, tuple[CraftRow, ...]]:
    """Each market's craft categories in their order (Market.crafts), one query for all."""
    query = (db.select(market_crafts.c.market_id, CraftCategory.slug, CraftCategory.name_ar, CraftCategory.name_en)
             .join(CraftCategory, CraftCategory.id == market_crafts.c.craft_id)
             .where(market_crafts.c.market_id.in_(market_ids))
             .order_by(CraftCategory.position, CraftCategory.id))
    by_market = defaultdict(list)
    for market_id, slug, name_ar, name_en in db.session.execute(query):
        by_market[market_id].append(CraftRow(slug, name_ar if arabic or not name_en else name_en))
    return {market_id: tuple(crafts) for market_id, crafts in by_market.items()}
