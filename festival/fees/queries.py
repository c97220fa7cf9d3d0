"""Reading fees: a family's dates at a market, a market's families, totals and reconciliation.

Every total is summed by the database over `charges.fee_lines()`; pages read a fixed
number of queries whatever the number of families or payments.
"""
from dataclasses import dataclass

from sqlalchemy import func, select

from festival.applications.models import Application
from festival.auth.models import User
from festival.core.access import object_or_404
from festival.extensions import db
from festival.fees.charges import fee_lines
from festival.fees.models import FeeWaiver, Payment, PaymentKind, PaymentShare, SectionFee
from festival.fees.settling import Line, settle
from festival.markets.models import Market, Occurrence
from festival.vendors.models import Family


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


def _totals(owed, waived, paid) -> Totals:
    # PostgreSQL sums bigints as numeric (Decimal): whole pounds stay ints here.
    return Totals(int(owed), int(waived), int(paid))


def _line(row) -> Line:
    return Line(row.application_id, row.occurrence_id, row.family_id, row.market_id, row.day, row.stall_code,
                int(row.owed), int(row.waived), int(row.paid))


def settled_lines(*conditions) -> dict[tuple[int, int], tuple[list[Line], int]]:
    """{(family id, market id): (its settled lines, its credit)} for the fee lines of `conditions`."""
    lines = fee_lines(*conditions)
    grouped: dict[tuple[int, int], list[Line]] = {}
    for row in db.session.execute(select(lines)):
        line = _line(row)
        grouped.setdefault((line.family_id, line.market_id), []).append(line)
    return {key: settle(group) for key, group in grouped.items()}


def family_lines(market: Market, family: Family) -> list[Line]:
    """The family's dates at the market, the earliest first, with what its money settles."""
    found = settled_lines(Market.id == market.id, Application.family_id == family.id)
    return found.get((family.id, market.id), ([], 0))[0]


def family_totals(market: Market, family: Family) -> Totals:
    lines = fee_lines(Market.id == market.id, Application.family_id == family.id)
    return _totals(*db.session.execute(select(*_sums(lines))).one())


def market_totals(market: Market) -> Totals:
    lines = fee_lines(Market.id == market.id)
    return _totals(*db.session.execute(select(*_sums(lines))).one())


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
    return [FamilyRow(family, _totals(owed, waived, paid), waiver) for family, owed, waived, paid, waiver in rows]


def family_markets(family: Family) -> list[tuple[Market, Totals]]:
    """The markets where the family owes or paid, with its totals: its own statement."""
    lines = fee_lines(Application.family_id == family.id)
    sums = select(lines.c.market_id, *_sums(lines)).group_by(lines.c.market_id).subquery()
    rows = db.session.execute(select(Market, sums.c[1], sums.c[2], sums.c[3])
                              .join(sums, sums.c.market_id == Market.id).order_by(Market.first_day.desc()))
    return [(market, _totals(owed, waived, paid)) for market, owed, waived, paid in rows]


def section_extras(market: Market) -> dict[int, int]:
    return dict(db.session.execute(select(SectionFee.section_id, SectionFee.extra_per_day)
                                   .where(SectionFee.market_id == market.id)).all())


def family_due(family: Family) -> int:
    """What the family still has to pay, over every market (a credit at one market aside)."""
    settled = settled_lines(Application.family_id == family.id)
    return sum(line.outstanding for lines, _credit in settled.values() for line in lines)


def application_line(application: Application) -> Line | None:
    """The fee of one date (its application) as the family's account settles it, or None."""
    market_id = application.occurrence.market_id
    lines, _credit = settled_lines(Market.id == market_id, Application.family_id == application.family_id).get(
        (application.family_id, market_id), ([], 0))
    return next((line for line in lines if line.application_id == application.id), None)


def per_day(market: Market) -> list[tuple[Occurrence, Totals]]:
    lines = fee_lines(Market.id == market.id)
    sums = select(lines.c.occurrence_id, *_sums(lines)).group_by(lines.c.occurrence_id).subquery()
    rows = db.session.execute(select(Occurrence, sums.c[1], sums.c[2], sums.c[3])
                              .join(sums, sums.c.occurrence_id == Occurrence.id).order_by(Occurrence.day))
    return [(occurrence, _totals(owed, waived, paid)) for occurrence, owed, waived, paid in rows]


def per_province(province_ids: list[int] | None = None) -> list[tuple[int, Totals]]:
    conditions = [Market.province_id.in_(province_ids)] if province_ids is not None else []
    lines = fee_lines(*conditions)
    rows = db.session.execute(select(lines.c.province_id, *_sums(lines)).group_by(lines.c.province_id))
    return [(province_id, _totals(owed, waived, paid)) for province_id, owed, waived, paid in rows]


def per_market(province_ids: list[int]) -> list[tuple[Market, Totals]]:
    lines = fee_lines(Market.province_id.in_(province_ids))
    sums = select(lines.c.market_id, *_sums(lines)).group_by(lines.c.market_id).subquery()
    rows = db.session.execute(select(Market, sums.c[1], sums.c[2], sums.c[3])
                              .join(sums, sums.c.market_id == Market.id)
                              .order_by(Market.province_id, Market.first_day.desc())
                              .options(db.joinedload(Market.province)))
    return [(market, _totals(owed, waived, paid)) for market, owed, waived, paid in rows]


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
        .outerjoin(User, User.id == Payment.received_by_id)
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


RECEIPT_OPTIONS = (db.joinedload(Payment.market).joinedload(Market.province), db.joinedload(Payment.family),
                   db.joinedload(Payment.received_by),
                   db.selectinload(Payment.shares).joinedload(PaymentShare.application).joinedload(
                       Application.occurrence))


def payment_or_404(payment_id: int) -> Payment:
    return object_or_404(Payment, payment_id, *RECEIPT_OPTIONS)


def payment_or_none(payment_id: int) -> Payment | None:
    return db.session.scalar(select(Payment).where(Payment.id == payment_id).options(*RECEIPT_OPTIONS))


def waiver_of(market: Market, family: Family) -> FeeWaiver | None:
    return db.session.scalar(select(FeeWaiver).where(FeeWaiver.market_id == market.id,
                                                     FeeWaiver.family_id == family.id))
