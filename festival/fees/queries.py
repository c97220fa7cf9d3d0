"""Reading fees: a family's dates at a market, a market's families, totals and reconciliation.

Every total is summed by the database over `charges.fee_lines()`; pages read a fixed
number of queries whatever the number of families or payments.
"""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from festival.applications.models import Application
from festival.auth.models import User
from festival.core.access import object_or_404
from festival.extensions import db
from festival.fees.charges import fee_lines, outstanding
from festival.fees.models import FeeWaiver, Payment, PaymentKind
from festival.markets.models import Market, Occurrence
from festival.vendors.models import Family


@dataclass(frozen=True)
class Line:
    application_id: int
    occurrence_id: int
    day: date
    stall_code: str | None
    owed: int
    waived: int
    paid: int

    @property
    def outstanding(self) -> int:
        return self.owed - self.waived - self.paid


@dataclass(frozen=True)
class Totals:
    owed: int = 0
    waived: int = 0
    paid: int = 0

    @property
    def outstanding(self) -> int:
        return self.owed - self.waived - self.paid

    @property
    def due(self) -> int:
        """What is still to be paid (a credit is not 'due')."""
        return max(self.outstanding, 0)


def _sums(lines):
    return (func.coalesce(func.sum(lines.c.owed), 0), func.coalesce(func.sum(lines.c.waived), 0),
            func.coalesce(func.sum(lines.c.paid), 0))


def family_lines(market: Market, family: Family) -> list[Line]:
    lines = fee_lines(Market.id == market.id, Occurrence.market_id == market.id)
    rows = db.session.execute(select(lines).where(lines.c.family_id == family.id).order_by(lines.c.day))
    return [Line(row.application_id, row.occurrence_id, row.day, row.stall_code, row.owed, row.waived, row.paid)
            for row in rows]


def family_totals(market: Market, family: Family) -> Totals:
    lines = fee_lines(Market.id == market.id)
    return Totals(*db.session.execute(select(*_sums(lines)).where(lines.c.family_id == family.id)).one())


def market_totals(market: Market) -> Totals:
    lines = fee_lines(Market.id == market.id)
    return Totals(*db.session.execute(select(*_sums(lines))).one())


@dataclass(frozen=True)
class FamilyRow:
    family: Family
    totals: Totals
    waiver: FeeWaiver | None


def market_families(market: Market) -> list[FamilyRow]:
    """Every family that owes or paid at the market, the ones who still owe first."""
    lines = fee_lines(Market.id == market.id)
    sums = (select(lines.c.family_id, *_sums(lines)).group_by(lines.c.family_id).subquery())
    rows = db.session.execute(
        select(Family, sums.c[1], sums.c[2], sums.c[3], FeeWaiver)
        .join(sums, sums.c.family_id == Family.id)
        .outerjoin(FeeWaiver, (FeeWaiver.family_id == Family.id) & (FeeWaiver.market_id == market.id))
        .order_by((sums.c[1] - sums.c[2] - sums.c[3] <= 0), Family.name))
    return [FamilyRow(family, Totals(owed, waived, paid), waiver) for family, owed, waived, paid, waiver in rows]


def family_markets(family: Family) -> list[tuple[Market, Totals]]:
    """The markets where the family owes or paid, with its totals: its own statement."""
    lines = fee_lines(Application.family_id == family.id)
    sums = select(lines.c.market_id, *_sums(lines)).group_by(lines.c.market_id).subquery()
    rows = db.session.execute(select(Market, sums.c[1], sums.c[2], sums.c[3])
                              .join(sums, sums.c.market_id == Market.id).order_by(Market.first_day.desc()))
    return [(market, Totals(owed, waived, paid)) for market, owed, waived, paid in rows]


def family_due(family: Family) -> int:
    """What the family still has to pay, over every market (credits elsewhere aside)."""
    lines = fee_lines(Application.family_id == family.id)
    return db.session.scalar(select(func.coalesce(func.sum(outstanding(lines)), 0))
                             .where(outstanding(lines) > 0))


def application_line(application: Application) -> Line | None:
    """The fee of one date (its application), or None when it owes nothing and paid nothing."""
    lines = fee_lines(Application.id == application.id)
    row = db.session.execute(select(lines)).first()
    return Line(row.application_id, row.occurrence_id, row.day, row.stall_code, row.owed, row.waived,
                row.paid) if row else None


def per_day(market: Market) -> list[tuple[Occurrence, Totals]]:
    lines = fee_lines(Market.id == market.id)
    sums = select(lines.c.occurrence_id, *_sums(lines)).group_by(lines.c.occurrence_id).subquery()
    rows = db.session.execute(select(Occurrence, sums.c[1], sums.c[2], sums.c[3])
                              .join(sums, sums.c.occurrence_id == Occurrence.id).order_by(Occurrence.day))
    return [(occurrence, Totals(owed, waived, paid)) for occurrence, owed, waived, paid in rows]


def per_province(province_ids: list[int] | None = None) -> list[tuple[int, Totals]]:
    conditions = [Market.province_id.in_(province_ids)] if province_ids is not None else []
    lines = fee_lines(*conditions)
    rows = db.session.execute(select(lines.c.province_id, *_sums(lines)).group_by(lines.c.province_id))
    return [(province_id, Totals(owed, waived, paid)) for province_id, owed, waived, paid in rows]


def per_market(province_ids: list[int]) -> list[tuple[Market, Totals]]:
    lines = fee_lines(Market.province_id.in_(province_ids))
    sums = select(lines.c.market_id, *_sums(lines)).group_by(lines.c.market_id).subquery()
    rows = db.session.execute(select(Market, sums.c[1], sums.c[2], sums.c[3])
                              .join(sums, sums.c.market_id == Market.id)
                              .order_by(Market.province_id, Market.first_day.desc())
                              .options(db.joinedload(Market.province)))
    return [(market, Totals(owed, waived, paid)) for market, owed, waived, paid in rows]


def has_applied(market: Market, family: Family) -> bool:
    return db.session.scalar(select(Application.id).join(Occurrence, Occurrence.id == Application.occurrence_id)
                             .where(Occurrence.market_id == market.id, Application.family_id == family.id)
                             .limit(1)) is not None


def signed_amount():
    return func.sum(func.coalesce(
        db.case((Payment.kind == PaymentKind.REFUND, -Payment.amount), else_=Payment.amount), 0))


def reconciliation(market: Market):
    """Received minus given back, by method and by the person who took the money."""
    by_method = db.session.execute(
        select(Payment.method, signed_amount(), func.count(Payment.id))
        .where(Payment.market_id == market.id).group_by(Payment.method).order_by(Payment.method)).all()
    by_person = db.session.execute(
        select(User, Payment.method, signed_amount(), func.count(Payment.id))
        .join(User, User.id == Payment.received_by_id)
        .where(Payment.market_id == market.id)
        .group_by(User.id, Payment.method).order_by(User.id, Payment.method)).all()
    return by_method, by_person


def payments_of(market: Market, family: Family | None = None) -> list[Payment]:
    query = select(Payment).where(Payment.market_id == market.id)
    if family is not None:
        query = query.where(Payment.family_id == family.id)
    return list(db.session.scalars(query.order_by(Payment.received_at.desc(), Payment.id.desc())
                                   .options(db.joinedload(Payment.received_by), db.joinedload(Payment.family))))


def family_payments(family: Family) -> list[Payment]:
    return list(db.session.scalars(select(Payment).where(Payment.family_id == family.id)
                                   .order_by(Payment.received_at.desc(), Payment.id.desc())
                                   .options(db.joinedload(Payment.market))))


def payment_or_404(payment_id: int) -> Payment:
    return object_or_404(Payment, payment_id, db.joinedload(Payment.market), db.joinedload(Payment.family),
                         db.selectinload(Payment.shares))


def payment_or_none(payment_id: int) -> Payment | None:
    return db.session.get(Payment, payment_id)


def waiver_of(market: Market, family: Family) -> FeeWaiver | None:
    return db.session.scalar(select(FeeWaiver).where(FeeWaiver.market_id == market.id,
                                                     FeeWaiver.family_id == family.id))


def unpaid_family_ids(market: Market, occurrence: Occurrence | None = None) -> set[int]:
    """Families with something still to pay at the market (for one date: that date's)."""
    lines = fee_lines(Market.id == market.id)
    query = select(lines.c.family_id).where(outstanding(lines) > 0)
    if occurrence is not None:
        query = query.where(lines.c.occurrence_id == occurrence.id)
    return set(db.session.scalars(query.distinct()))
