"""What each placed family owes for each date, as SQL: one row per application.

A family owes for a date once its application is approved and it holds a stall there, and
the date (and its market) is not cancelled:
    days x (the market's fee per stall and day
            + the electricity fee, for a stall with electricity
            + the covered-stall fee, for a covered stall
            + the extra of the stall's section, where the market sets one)
A waiver takes its percentage off, rounded down to whole pounds. Paid is the sum of the
shares of payments and refunds for that date. Outstanding = owed - waived - paid; below
zero it is money to give back (a cancelled Friday that was paid).

An application appears when it owes or when money was received for it, so a date that was
paid and then cancelled still shows its credit. Every sum is done by the database:
`fee_lines()` is the one subquery that the statement, the market's page and the reports
group in their own way.
"""
from sqlalchemy import BigInteger, and_, case, cast, func, literal, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement
from sqlalchemy.types import Integer

from festival.applications.models import Application, ApplicationStatus
from festival.fees.models import FeeWaiver, PaymentShare, SectionFee
from festival.markets.models import Market, MarketStatus, Occurrence, OccurrenceStatus
from festival.stalls.models import StallAssignment
from festival.venues.models import Stall


class days_of(FunctionElement):  # noqa: N801 - reads as a SQL function
    """The number of calendar days from a first to a last day, both counted."""

    type = Integer()
    inherit_cache = True


@compiles(days_of)
def _days_of_sqlite(element, compiler, **kw):
    first, last = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"(CAST(julianday({last}) - julianday({first}) AS INTEGER) + 1)"


@compiles(days_of, "postgresql")
def _days_of_postgresql(element, compiler, **kw):
    first, last = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"(({last}) - ({first}) + 1)"


def fee_lines(*conditions):
    """A subquery: per application (of `conditions`, on Application/Occurrence/Market), its
    market, date, family, stall and the amounts owed, waived and paid."""
    # Correlated: each application's shares through their index, never the whole country's.
    paid = (select(func.sum(PaymentShare.amount)).where(PaymentShare.application_id == Application.id)
            .correlate(Application).scalar_subquery())
    owes = and_(Application.status == ApplicationStatus.APPROVED, StallAssignment.id.is_not(None),
                Occurrence.status == OccurrenceStatus.SCHEDULED, Market.status != MarketStatus.CANCELLED)
    # In 64 bits: 30 days at 100,000,000 a day, times a waiver's percent, is past 32 bits
    # (PostgreSQL's integer); SQLite's integers are 64-bit anyway.
    per_day = cast(Market.stall_fee + case((Stall.electricity, Market.fee_electricity), else_=literal(0))
                   + case((Stall.covered, Market.fee_covered), else_=literal(0))
                   + func.coalesce(SectionFee.extra_per_day, 0), BigInteger)
    owed = case((owes, days_of(Occurrence.day, Occurrence.last_day) * per_day), else_=cast(literal(0), BigInteger))
    return (
        select(
            Application.id.label("application_id"), Application.family_id.label("family_id"),
            Occurrence.id.label("occurrence_id"), Occurrence.day.label("day"), Market.id.label("market_id"),
            Market.province_id.label("province_id"), Stall.code.label("stall_code"),
            owed.label("owed"),
            (owed * func.coalesce(FeeWaiver.percent, 0) // 100).label("waived"),
            func.coalesce(paid, 0).label("paid"),
        )
        .select_from(Application)
        .join(Occurrence, Occurrence.id == Application.occurrence_id)
        .join(Market, Market.id == Occurrence.market_id)
        .outerjoin(StallAssignment, StallAssignment.application_id == Application.id)
        .outerjoin(Stall, Stall.id == StallAssignment.stall_id)
        .outerjoin(SectionFee, and_(SectionFee.market_id == Market.id, SectionFee.section_id == Stall.section_id))
        .outerjoin(FeeWaiver, and_(FeeWaiver.market_id == Market.id, FeeWaiver.family_id == Application.family_id))
        .where(or_(owes, paid.is_not(None)), *conditions)
        .subquery("fee_lines")
    )


def outstanding(lines):
    return lines.c.owed - lines.c.waived - lines.c.paid
