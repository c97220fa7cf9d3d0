"""What an organizer should do next, across the markets of their provinces.

Five lists, each one grouped query whatever the number of markets, families or dates
(tests/manage/test_todo.py counts them): applications waiting for a decision, approved
families still without a stall, placed families whose badge has not been printed, sales
reports still missing after a market day, and the next market days.

"Badge not printed" is read from the badges themselves: a badge is issued when the
organizers open the sheet or its PDF to print it (festival/badges/views.py), so a placed
family without a live badge for its stall is one whose badge nobody has printed yet.
"""
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, func

from festival.applications.models import Application, ApplicationStatus
from festival.auth.models import Role, user_provinces
from festival.badges.models import Badge
from festival.extensions import db
from festival.markets.models import Market, MarketStatus, Occurrence, OccurrenceStatus
from festival.reports.models import SalesReport
from festival.stalls.models import StallAssignment

REPORTS_LOOK_BACK = timedelta(days=30)  # market days this recent with missing reports are listed
NEXT_DAYS = 5


@dataclass(frozen=True)
class Task:
    market: Market
    occurrence: Occurrence | None  # None: the whole market (applications to all its dates)
    count: int


def _in_provinces_of(query, user):
    if user.role == Role.ADMIN:
        return query
    return query.where(Market.province_id.in_(
        db.select(user_provinces.c.province_id).where(user_provinces.c.user_id == user.id)))


def _live(query):
    return query.where(Market.status == MarketStatus.PUBLISHED, Occurrence.status == OccurrenceStatus.SCHEDULED)


def pending_applications(user, now: datetime) -> list[Task]:
    """Markets with applications under review for dates still to come."""
    query = (db.select(Market, func.count(Application.id))
             .join(Occurrence, Occurrence.market_id == Market.id)
             .join(Application, Application.occurrence_id == Occurrence.id)
             .where(Application.status == ApplicationStatus.SUBMITTED, Occurrence.ends_at > now)
             .group_by(Market.id).order_by(func.min(Occurrence.starts_at)))
    return [Task(market, None, count) for market, count in db.session.execute(_in_provinces_of(_live(query), user))]


def _per_occurrence(query, user) -> list[Task]:
    query = _in_provinces_of(_live(query.join(Occurrence.market)), user)
    rows = db.session.execute(query.group_by(Occurrence.id, Market.id).order_by(Occurrence.starts_at))
    return [Task(market, occurrence, count) for occurrence, market, count in rows]


def approved_without_stall(user, now: datetime) -> list[Task]:
    placed = db.select(StallAssignment.id).where(StallAssignment.application_id == Application.id).exists()
    return _per_occurrence(
        db.select(Occurrence, Market, func.count(Application.id))
        .join(Application, Application.occurrence_id == Occurrence.id)
        .where(Application.status == ApplicationStatus.APPROVED, ~placed, Occurrence.ends_at > now), user)


def badges_not_printed(user, now: datetime) -> list[Task]:
    printed = db.select(Badge.id).where(and_(
        Badge.application_id == StallAssignment.application_id, Badge.stall_id == StallAssignment.stall_id,
        Badge.revoked_at.is_(None))).exists()
    return _per_occurrence(
        db.select(Occurrence, Market, func.count(StallAssignment.id))
        .join(StallAssignment, StallAssignment.occurrence_id == Occurrence.id)
        .where(~printed, Occurrence.ends_at > now), user)


def reports_missing(user, now: datetime, today: date) -> list[Task]:
    reported = db.select(SalesReport.id).where(
        SalesReport.occurrence_id == StallAssignment.occurrence_id,
        SalesReport.family_id == StallAssignment.family_id).exists()
    return _per_occurrence(
        db.select(Occurrence, Market, func.count(StallAssignment.id))
        .join(StallAssignment, StallAssignment.occurrence_id == Occurrence.id)
        .where(~reported, Occurrence.ends_at <= now, Occurrence.last_day >= today - REPORTS_LOOK_BACK), user)


def next_days(user, today: date) -> list[Occurrence]:
    """The next market days (today's included), with their markets loaded."""
    query = (db.select(Occurrence, Market).join(Occurrence.market)
             .where(Occurrence.last_day >= today).order_by(Occurrence.starts_at).limit(NEXT_DAYS))
    return [occurrence for occurrence, _market in db.session.execute(_in_provinces_of(_live(query), user))]


@dataclass(frozen=True)
class ToDo:
    pending: list[Task]
    without_stall: list[Task]
    badges: list[Task]
    reports: list[Task]
    next_days: list[Occurrence]

    @property
    def anything(self) -> bool:
        return bool(self.pending or self.without_stall or self.badges or self.reports)


def to_do(user, now: datetime, today: date) -> ToDo:
    return ToDo(pending_applications(user, now), approved_without_stall(user, now), badges_not_printed(user, now),
                reports_missing(user, now, today), next_days(user, today))
