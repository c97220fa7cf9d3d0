"""Gate staff and the markets they work at: organizers attach and detach them.

The `gate_staff` table (festival/badges/models.py) is the whole of it: a gate account
attached to a market may check families in at every date of that market.
"""
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from festival.audit.log import record
from festival.auth.models import Role, User, user_provinces
from festival.badges.models import gate_staff
from festival.core.domain import DomainError
from festival.extensions import db
from festival.markets.models import Market, MarketStatus, Occurrence

UPCOMING_LIMIT = 30


def attached(market: Market) -> list[User]:
    return list(db.session.scalars(
        db.select(User).join(gate_staff, gate_staff.c.user_id == User.id)
        .where(gate_staff.c.market_id == market.id).order_by(User.display_name, User.id)))


def available(market: Market) -> list[User]:
    """Enabled gate accounts of the market's province, not yet attached to the market."""
    already = db.select(gate_staff.c.user_id).where(gate_staff.c.market_id == market.id)
    of_province = db.select(user_provinces.c.user_id).where(user_provinces.c.province_id == market.province_id)
    return list(db.session.scalars(
        db.select(User).where(User.role == Role.GATE, User.enabled.is_(True), User.id.not_in(already),
                              User.id.in_(of_province))
        .order_by(User.display_name, User.id)))


def works_in_province(user: User, province_id: int) -> bool:
    return any(province.id == province_id for province in user.provinces)


def is_attached(market: Market, user: User) -> bool:
    return db.session.scalar(db.select(gate_staff.c.user_id).where(
        gate_staff.c.market_id == market.id, gate_staff.c.user_id == user.id)) is not None


def attach(market: Market, user: User, *, by) -> None:
    if user.role != Role.GATE or not user.enabled:
        raise DomainError(_l("Only an active gate staff account can be attached to a market."), field="user")
    if not works_in_province(user, market.province_id):
        raise DomainError(_l("This gate staff account does not work in the market's province. "
                             "An admin can add the province to the account."), field="user")
    if is_attached(market, user):
        return
    try:
        with db.session.begin_nested():
            db.session.execute(gate_staff.insert().values(user_id=user.id, market_id=market.id))
    except IntegrityError:
        return  # attached by a concurrent request: the wish is fulfilled
    record("gate_staff.attached", market, actor=by, user=user.id, name=user.display_name)


def detach(market: Market, user: User, *, by) -> None:
    result = db.session.execute(gate_staff.delete().where(
        gate_staff.c.market_id == market.id, gate_staff.c.user_id == user.id))
    if result.rowcount:
        record("gate_staff.detached", market, actor=by, user=user.id, name=user.display_name)


def occurrences_to_work(user: User, today: date) -> list[Occurrence]:
    """The dates a gate account works at, from today on (today's first); every market's for an admin."""
    query = (
        db.select(Occurrence).join(Occurrence.market)
        .where(Occurrence.last_day >= today, Market.status == MarketStatus.PUBLISHED)
        .options(joinedload(Occurrence.market).joinedload(Market.venue),
                 joinedload(Occurrence.market).joinedload(Market.province))
        .order_by(Occurrence.day, Market.id).limit(UPCOMING_LIMIT)
    )
    if user.role != Role.ADMIN:
        query = query.join(gate_staff, gate_staff.c.market_id == Market.id).where(gate_staff.c.user_id == user.id)
    return list(db.session.scalars(query))
