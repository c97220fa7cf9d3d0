"""Reading markets for the organizers' pages."""
from flask import abort
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload, selectinload
from wtforms.fields.choices import SelectChoice

from festival.crafts.models import CraftCategory
from festival.extensions import db
from festival.markets.models import Market, Occurrence
from festival.provinces.models import Province
from festival.training.models import Course
from festival.venues.models import Venue


def craft_choices() -> list[SelectChoice]:
    crafts = db.session.scalars(db.select(CraftCategory).order_by(CraftCategory.position))
    return [SelectChoice(craft.id, craft.name) for craft in crafts]


def course_choices(provinces: list[Province]) -> list[SelectChoice]:
    """"No course required" (0), then the training courses of these provinces."""
    courses = db.session.scalars(
        db.select(Course).where(Course.province_id.in_([p.id for p in provinces])).order_by(Course.id.desc()))
    return [SelectChoice(0, _l("No course required")), *(SelectChoice(course.id, course.title) for course in courses)]


def crafts_by_ids(ids) -> list[CraftCategory]:
    if not ids:
        return []
    return list(db.session.scalars(db.select(CraftCategory).where(CraftCategory.id.in_(ids))))


def venue_choices(provinces: list[Province]) -> list[SelectChoice]:
    venues = db.session.scalars(
        db.select(Venue).where(Venue.province_id.in_([p.id for p in provinces]))
        .options(selectinload(Venue.province)).order_by(Venue.province_id, Venue.name_ar)
    )
    return [SelectChoice(venue.id, f"{venue.name} · {venue.province.name}") for venue in venues]


def market_or_404(market_id: int) -> Market:
    market = db.session.scalar(
        db.select(Market).where(Market.id == market_id)
        .options(selectinload(Market.occurrences), selectinload(Market.crafts),
                 selectinload(Market.province), selectinload(Market.venue))
    )
    if market is None:
        abort(404)
    return market


def occurrence_or_404(occurrence_id: int) -> Occurrence:
    """One date of a market, with its market, province and venue (badges, gate, check-in, stalls)."""
    occurrence = db.session.scalar(db.select(Occurrence).where(Occurrence.id == occurrence_id).options(
        joinedload(Occurrence.market).joinedload(Market.province),
        joinedload(Occurrence.market).joinedload(Market.venue)))
    if occurrence is None:
        abort(404)
    return occurrence


def markets_of(provinces: list[Province]):
    return (
        db.select(Market)
        .where(Market.province_id.in_([p.id for p in provinces]))
        .options(selectinload(Market.province), selectinload(Market.venue))
        .order_by(Market.first_day.desc())
    )
