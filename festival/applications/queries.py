"""Reading applications for families and organizers, without N+1 queries."""
from dataclasses import dataclass
from datetime import date

from flask import abort
from sqlalchemy import func
from sqlalchemy.orm import joinedload, selectinload

from festival.applications.models import Application, ApplicationStatus, StatusChange, application_crafts
from festival.applications.states import ACTIVE_STATES
from festival.auth.models import User
from festival.core import search
from festival.crafts.models import CraftCategory
from festival.extensions import db
from festival.markets.models import Market, MarketStatus, Occurrence
from festival.vendors.models import Family

APPLICATION_DETAILS = (
    joinedload(Application.occurrence).joinedload(Occurrence.market).joinedload(Market.province),
    selectinload(Application.crafts),
    selectinload(Application.history),
)


def family_application_or_404(family: Family, application_id: int) -> Application:
    """Another family's application is a 404: its existence is not revealed."""
    application = db.session.scalar(
        db.select(Application).where(Application.id == application_id, Application.family_id == family.id)
        .options(*APPLICATION_DETAILS, selectinload(Application.answers))
    )
    if application is None:
        abort(404)
    return application


def applications_of_family(family: Family) -> list[Application]:
    # `Application.assignment` is the stalls feature's backref: reached through it, not imported.
    assignment = Application.assignment
    return list(db.session.scalars(
        db.select(Application).where(Application.family_id == family.id)
        .options(*APPLICATION_DETAILS, selectinload(assignment).joinedload(assignment.property.mapper.class_.stall))
        .join(Application.occurrence).order_by(Occurrence.starts_at.desc())
    ))


def applied_occurrence_ids(family: Family, market: Market) -> set[int]:
    """The dates of `market` the family has applied for (any state), in one light query."""
    return set(db.session.scalars(
        db.select(Application.occurrence_id).join(Application.occurrence)
        .where(Application.family_id == family.id, Occurrence.market_id == market.id)))


def application_or_404(application_id: int) -> Application:
    application = db.session.scalar(
        db.select(Application).where(Application.id == application_id)
        .options(*APPLICATION_DETAILS, selectinload(Application.answers),
                 selectinload(Application.history).joinedload(StatusChange.by),
                 joinedload(Application.family).selectinload(Family.photos),
                 joinedload(Application.family).joinedload(Family.user))
    )
    if application is None:
        abort(404)
    return application


# The queue's sortable columns: ?sort=<key>&order=desc. Every order ends on the id: pages never overlap.
REVIEW_SORTS = {
    "family": (Family.name,),
    "date": (Occurrence.day, Application.submitted_at),
    "submitted": (Application.submitted_at,),
    "status": (Application.status, Occurrence.day),
}


@dataclass
class ReviewFilters:
    search: str = ""  # part of the family's (or its head's) name, or of its phone number
    sort: str = "date"
    descending: bool = False
    status: str | None = None
    occurrence_id: int | None = None
    craft: str | None = None
    first_market: bool = False
    needs_electricity: bool = False
    submitted_from: date | None = None
    submitted_to: date | None = None


def review_query(market: Market, filters: ReviewFilters):
    columns = REVIEW_SORTS.get(filters.sort, REVIEW_SORTS["date"])
    query = (
        db.select(Application).join(Application.occurrence).join(Application.family).join(Family.user)
        .where(Occurrence.market_id == market.id, Family.is_live)
        .options(joinedload(Application.occurrence), joinedload(Application.family).joinedload(Family.user),
                 selectinload(Application.crafts))
        .order_by(*(column.desc() if filters.descending else column for column in columns),
                  Application.id.desc() if filters.descending else Application.id)
    )
    found = search.matches(filters.search, [Family.name, Family.head_name], User.phone)
    if found is not None:
        query = query.where(found)
    if filters.status:
        query = query.where(Application.status == filters.status)
    if filters.occurrence_id:
        query = query.where(Application.occurrence_id == filters.occurrence_id)
    if filters.craft:
        query = query.where(Application.id.in_(
            db.select(application_crafts.c.application_id).join(CraftCategory)
            .where(CraftCategory.slug == filters.craft)))
    if filters.first_market:
        query = query.where(Family.first_market.is_(True))
    if filters.needs_electricity:
        query = query.where(Application.needs_electricity.is_(True))
    if filters.submitted_from:
        query = query.where(func.date(Application.submitted_at) >= filters.submitted_from)
    if filters.submitted_to:
        query = query.where(func.date(Application.submitted_at) <= filters.submitted_to)
    return query


def status_counts(market: Market) -> dict[str, int]:
    rows = db.session.execute(
        db.select(Application.status, func.count()).join(Application.occurrence).join(Application.family)
        .where(Occurrence.market_id == market.id, Family.is_live).group_by(Application.status)
    ).all()
    counts = {status.value: 0 for status in ApplicationStatus}
    counts.update(dict(rows))
    return counts


def family_history(family: Family, excluding: Application) -> list[Application]:
    return list(db.session.scalars(
        db.select(Application).where(Application.family_id == family.id, Application.id != excluding.id)
        .options(joinedload(Application.occurrence).joinedload(Occurrence.market))
        .join(Application.occurrence).order_by(Occurrence.starts_at.desc()).limit(50)
    ))


def markets_open_for_applications(province_id: int, now) -> list[Market]:
    """Published markets of a province whose application window is open now."""
    return list(db.session.scalars(
        db.select(Market).where(Market.province_id == province_id, Market.status == MarketStatus.PUBLISHED,
                                Market.applications_open_at <= now, Market.applications_close_at > now)
        .options(joinedload(Market.venue)).order_by(Market.first_day)))


def families_applied_to(market) -> list:
    """The families with an application in progress or approved for any date of `market`, by name
    (a trainer enrols them in a course from there)."""
    return list(db.session.scalars(
        db.select(Family).join(Application, Application.family_id == Family.id)
        .join(Occurrence, Occurrence.id == Application.occurrence_id)
        .where(Occurrence.market_id == market.id, Application.status.in_(ACTIVE_STATES), Family.is_live)
        .distinct().order_by(Family.name)))
