"""Reading venues and layouts with a fixed number of queries (no N+1)."""
from flask import abort
from sqlalchemy import func
from sqlalchemy.orm import selectinload

from festival.extensions import db
from festival.provinces.models import Area, Province
from festival.venues.models import Stall, StallSection, Venue


def managed_provinces_with_areas(user) -> list[Province]:
    """The provinces the user manages, with their areas (for the area select)."""
    query = user.managed_provinces_query().options(selectinload(Province.areas))
    return list(db.session.scalars(query))


def managed_venues_query(user, province: Province | None = None):
    managed_ids = user.managed_provinces_query().with_only_columns(Province.id)
    query = (
        db.select(Venue)
        .join(Venue.province)
        .where(Venue.province_id.in_(managed_ids))
        .options(selectinload(Venue.province), selectinload(Venue.area))
        .order_by(Province.position, Venue.name_ar)
    )
    if province is not None:
        query = query.where(Venue.province_id == province.id)
    return query


def layout_counts(venue_ids: list[int]) -> dict[int, tuple[int, int]]:
    """venue id -> (sections, stalls) in two grouped queries."""
    if not venue_ids:
        return {}
    sections = dict(db.session.execute(
        db.select(StallSection.venue_id, func.count()).where(StallSection.venue_id.in_(venue_ids))
        .group_by(StallSection.venue_id)
    ).all())
    stalls = dict(db.session.execute(
        db.select(Stall.venue_id, func.count()).where(Stall.venue_id.in_(venue_ids)).group_by(Stall.venue_id)
    ).all())
    return {venue_id: (sections.get(venue_id, 0), stalls.get(venue_id, 0)) for venue_id in venue_ids}


def venue_or_404(venue_id: int, *, with_layout: bool = False) -> Venue:
    options = [selectinload(Venue.province), selectinload(Venue.area)]
    if with_layout:
        options.append(selectinload(Venue.sections).selectinload(StallSection.stalls))
    venue = db.session.scalar(db.select(Venue).where(Venue.id == venue_id).options(*options))
    if venue is None:
        abort(404)
    return venue


def area_or_none(area_id: int | None) -> Area | None:
    if not area_id:
        return None
    area = db.session.get(Area, area_id)
    if area is None:
        abort(400)
    return area
