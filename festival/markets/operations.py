"""Scheduling rules: what makes a valid market, its occurrences, and status changes.

Operations change objects and flush; the caller commits. Every rule violation is a
DomainError carrying a translated message and, where it belongs to one, a form field.
"""
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from festival.audit.log import record, record_changes, snapshot
from festival.core.domain import DomainError, RuleCheck
from festival.core.timezones import local_to_utc, to_damascus
from festival.core.types import utcnow
from festival.crafts.models import CraftCategory
from festival.extensions import db
from festival.markets import recurrence
from festival.markets.models import Market, MarketKind, MarketPhase, MarketStatus, Occurrence, OccurrenceStatus
from festival.markets.public_version import public_data_changed
from festival.venues.models import Stall, Venue


@dataclass
class MarketPlan:
    """Everything an organizer decides about a market, as typed into the form."""

    kind: str
    title_ar: str
    venue: Venue
    first_day: date
    opens_at: time
    closes_at: time
    applications_open_at: datetime
    applications_close_at: datetime
    last_day: date | None = None  # festival: its last day; Friday series: the last possible Friday
    occurrence_count: int | None = None  # Friday series: or a number of Fridays
    cancelled_days: list[date] = field(default_factory=list)
    title_en: str | None = None
    description_ar: str = ""
    description_en: str | None = None
    stall_fee: int = 0
    contact: str = ""
    crafts: list[CraftCategory] = field(default_factory=list)
    required_course: object | None = None  # a training Course of the market's province, or None


@dataclass
class PlannedDay:
    day: date
    last_day: date
    starts_at: datetime
    ends_at: datetime
    cancelled: bool


def plan_days(plan: MarketPlan, province, market: Market | None) -> tuple[list[PlannedDay], str | None]:
    """The occurrences a plan produces and its RRULE, after checking every rule of the plan.

    All the problems come back together (DomainErrors), each under its field, so the
    organizer corrects them in one go. A plan built from a form with invalid fields holds
    None for them: the rules that need a missing value are skipped (the field already
    says what is wrong), the others still run.
    """
    rules = RuleCheck()
    days, rule = [], None
    with rules.check():
        _check_hours(plan)
    with rules.check():
        days, rule = _days_of(plan)
    with rules.check():
        _check_venue_and_fee(plan, province)
    with rules.check():
        _check_application_window(plan, days)
    rules.raise_errors()
    if days and plan.venue is not None:
        _check_venue_is_free(plan.venue, days, market)
    return days, rule


def _check_hours(plan: MarketPlan) -> None:
    if plan.opens_at is not None and plan.closes_at is not None and plan.closes_at <= plan.opens_at:
        raise DomainError(_l("The market must close after it opens."), field="closes_at")


def _days_of(plan: MarketPlan) -> tuple[list[PlannedDay], str | None]:
    """The occurrences a plan produces, and its RRULE (Friday series only)."""
    if plan.first_day is None or plan.opens_at is None or plan.closes_at is None:
        return [], None
    if plan.kind == MarketKind.FESTIVAL:
        last = plan.last_day or plan.first_day
        if last < plan.first_day:
            raise DomainError(_l("The last day must be on or after the first day."), field="last_day")
        if len(recurrence.festival_days(plan.first_day, last)) > recurrence.MAX_FESTIVAL_DAYS:
            raise DomainError(_l("A festival lasts at most 31 days."), field="last_day")
        return [PlannedDay(plan.first_day, last, local_to_utc(plan.first_day, plan.opens_at),
                           local_to_utc(last, plan.closes_at), cancelled=False)], None
    if plan.kind != MarketKind.FRIDAY:
        raise DomainError(_l("Choose the kind of market."), field="kind")
    if plan.last_day is None and not plan.occurrence_count:
        raise DomainError(_l("Give the last Friday or the number of Fridays."), field="last_day")
    if plan.last_day is not None and plan.last_day < plan.first_day:
        raise DomainError(_l("The last day must be on or after the first day."), field="last_day")
    counted = plan.occurrence_count is not None and not plan.last_day
    if counted and not 1 <= plan.occurrence_count <= recurrence.MAX_OCCURRENCES:
        raise DomainError(_l("A series has between 1 and 104 Fridays."), field="occurrence_count")
    rule = (recurrence.friday_rule(plan.first_day, until=plan.last_day) if plan.last_day
            else recurrence.friday_rule(plan.first_day, count=plan.occurrence_count))
    days = recurrence.expand(rule, plan.first_day)
    if not days:
        raise DomainError(_l("There is no Friday between these dates."), field="last_day")
    if len(days) > recurrence.MAX_OCCURRENCES:
        raise DomainError(_l("A series has between 1 and 104 Fridays."), field="last_day")
    unknown = set(plan.cancelled_days) - set(days)
    if unknown:
        raise DomainError(
            _l("%(date)s is not one of the Fridays of this series.", date=format_date(min(unknown), "long")),
            field="cancelled_days",
        )
    cancelled = set(plan.cancelled_days)
    return [PlannedDay(day, day, local_to_utc(day, plan.opens_at), local_to_utc(day, plan.closes_at),
                       cancelled=day in cancelled) for day in days], rule


def _check_venue_and_fee(plan: MarketPlan, province) -> None:
    rules = RuleCheck()
    with rules.check():
        if plan.venue is not None and province is not None and plan.venue.province_id != province.id:
            raise DomainError(_l("The venue must be in the market's province."), field="venue")
    with rules.check():
        course = plan.required_course
        if course is not None and province is not None and course.province_id != province.id:
            raise DomainError(_l("The course must be offered in the market's province."), field="required_course")
    with rules.check():
        if plan.stall_fee is not None and plan.stall_fee < 0:
            raise DomainError(_l("The stall fee cannot be negative."), field="stall_fee")
    rules.raise_errors()


def _check_application_window(plan: MarketPlan, days: list[PlannedDay]) -> None:
    if plan.applications_close_at is None:
        return
    if plan.applications_open_at is not None and plan.applications_close_at <= plan.applications_open_at:
        raise DomainError(_l("Applications must close after they open."), field="applications_close_at")
    if days and plan.applications_close_at > days[0].starts_at:
        raise DomainError(_l("Applications must close before the first day of the market."),
                          field="applications_close_at")


def _check_venue_is_free(venue: Venue, days: list[PlannedDay], market: Market | None) -> None:
    """No two markets at one venue at the same time.

    The venue row is locked first (PostgreSQL: FOR UPDATE; SQLite: the write lock taken
    by BEGIN IMMEDIATE), so two organizers cannot both pass this check at once.
    """
    db.session.execute(db.select(Venue.id).where(Venue.id == venue.id).with_for_update())
    held = [d for d in days if not d.cancelled]
    if not held:
        return
    query = (
        db.select(Occurrence)
        .join(Market)
        .options(selectinload(Occurrence.market))
        .where(
            Occurrence.venue_id == venue.id,
            Occurrence.status == OccurrenceStatus.SCHEDULED,
            Market.status.in_([MarketStatus.DRAFT, MarketStatus.PUBLISHED]),
            Occurrence.starts_at < max(d.ends_at for d in held),
            Occurrence.ends_at > min(d.starts_at for d in held),
        )
    )
    if market is not None and market.id is not None:
        query = query.where(Occurrence.market_id != market.id)
    for other in db.session.scalars(query):
        for planned in held:
            if planned.starts_at < other.ends_at and other.starts_at < planned.ends_at:
                raise DomainError(
                    _l("The venue already has «%(title)s» on %(date)s at these hours.",
                       title=other.market.title, date=format_date(other.day, "long")),
                    field="first_day",
                )


def _apply_plan(market: Market, plan: MarketPlan, province, rule: str | None) -> None:
    market.kind = plan.kind
    market.title_ar = plan.title_ar
    market.title_en = plan.title_en or None
    market.description_ar = plan.description_ar or ""
    market.description_en = plan.description_en or None
    market.province = province
    market.first_day = plan.first_day
    market.opens_at = plan.opens_at
    market.closes_at = plan.closes_at
    market.recurrence_rule = rule
    market.applications_open_at = plan.applications_open_at
    market.applications_close_at = plan.applications_close_at
    market.stall_fee = plan.stall_fee
    market.contact = plan.contact or ""
    market.crafts = list(plan.crafts)
    market.required_course = plan.required_course
    if market.venue_id != plan.venue.id:
        market.venue = plan.venue
        market.offered_stalls = offerable_stalls(plan.venue)


def offerable_stalls(venue: Venue) -> list[Stall]:
    return list(db.session.scalars(
        db.select(Stall).where(Stall.venue_id == venue.id, Stall.disabled.is_(False)).order_by(Stall.code)
    ))


def _sync_occurrences(market: Market, days: list[PlannedDay]) -> None:
    existing = {occurrence.day: occurrence for occurrence in market.occurrences}
    wanted = {planned.day for planned in days}
    for day, occurrence in existing.items():
        if day not in wanted:
            market.occurrences.remove(occurrence)
    for planned in days:
        occurrence = existing.get(planned.day)
        if occurrence is None:
            occurrence = Occurrence(day=planned.day, status=OccurrenceStatus.SCHEDULED, revision=0)
            market.occurrences.append(occurrence)
        elif (occurrence.starts_at, occurrence.ends_at, occurrence.last_day) != (
            planned.starts_at, planned.ends_at, planned.last_day
        ):
            occurrence.revision += 1
        occurrence.venue_id = market.venue.id
        occurrence.last_day = planned.last_day
        occurrence.starts_at = planned.starts_at
        occurrence.ends_at = planned.ends_at
        if planned.cancelled and occurrence.status != OccurrenceStatus.CANCELLED:
            occurrence.status = OccurrenceStatus.CANCELLED
            occurrence.revision += 1
        elif (not planned.cancelled and occurrence.status == OccurrenceStatus.CANCELLED
              and occurrence.cancel_reason is None):
            occurrence.status = OccurrenceStatus.SCHEDULED
            occurrence.revision += 1
    market.last_day = max(planned.last_day for planned in days)


# What an organizer can change in a market's form; its audit entry says old -> new for each.
MARKET_FIELDS = (
    "kind", "title_ar", "title_en", "description_ar", "description_en", "venue", "first_day", "last_day",
    "opens_at", "closes_at", "applications_open_at", "applications_close_at", "stall_fee", "contact", "crafts",
)


def _market_snapshot(market: Market) -> dict:
    values = snapshot(market, MARKET_FIELDS)
    values["crafts"] = sorted(values["crafts"])
    values["cancelled_days"] = sorted(
        occurrence.day.isoformat() for occurrence in market.occurrences
        if occurrence.status == OccurrenceStatus.CANCELLED and occurrence.cancel_reason is None
    )
    return values


# What every day's calendar event shows of the market: a change of one of them is a new
# SEQUENCE for all its days. Days added, removed or cancelled change only their own.
EVENT_FIELDS = ("kind", "title_ar", "title_en", "description_ar", "description_en", "venue",
                "opens_at", "closes_at", "crafts")


def _revise(market: Market, *, every_day: bool = True) -> None:
    """A new revision for calendar subscribers: LAST-MODIFIED, and SEQUENCE of every day if it changed."""
    if every_day:
        market.revision += 1
    market.updated_at = utcnow()


def schedule_market(plan: MarketPlan, province, *, by) -> Market:
    days, rule = plan_days(plan, province, market=None)
    market = Market(status=MarketStatus.DRAFT, created_by=by, revision=0, updated_at=utcnow())
    _apply_plan(market, plan, province, rule)
    db.session.add(market)
    _sync_occurrences(market, days)
    db.session.flush()
    record("market.created", market, actor=by, title=market.title_ar)
    return market


def update_market(market: Market, plan: MarketPlan, *, by) -> Market:
    if market.status in (MarketStatus.CANCELLED, MarketStatus.ARCHIVED):
        raise DomainError(_l("A cancelled or archived market cannot be changed."))
    days, rule = plan_days(plan, market.province, market=market)
    before = _market_snapshot(market)
    _apply_plan(market, plan, market.province, rule)
    _sync_occurrences(market, days)
    after = _market_snapshot(market)
    _revise(market, every_day=any(before[field] != after[field] for field in EVENT_FIELDS))
    public_data_changed(market.province_id)
    db.session.flush()
    record_changes("market.edited", market, before, after, actor=by)
    return market


def publish_market(market: Market) -> None:
    if market.status != MarketStatus.DRAFT:
        raise DomainError(_l("Only a draft can be published."))
    if not market.offered_stalls:
        raise DomainError(_l("Offer at least one stall before publishing: add a layout to the venue."))
    market.status = MarketStatus.PUBLISHED
    _revise(market)
    public_data_changed(market.province_id)
    record("market.published", market)


def cancel_market(market: Market, reason: str) -> None:
    if market.status not in (MarketStatus.DRAFT, MarketStatus.PUBLISHED):
        raise DomainError(_l("This market cannot be cancelled."))
    if not (reason or "").strip():
        raise DomainError(_l("Give the reason: visitors and families will see it."), field="reason")
    market.status = MarketStatus.CANCELLED
    market.cancel_reason = reason.strip()
    _revise(market)
    public_data_changed(market.province_id)
    record("market.cancelled", market, reason=market.cancel_reason)


def cancel_occurrence(occurrence: Occurrence, reason: str, now: datetime | None = None) -> None:
    if occurrence.status == OccurrenceStatus.CANCELLED:
        raise DomainError(_l("This day is already cancelled."))
    if is_held(occurrence, now or utcnow()):
        raise DomainError(_l("This day has already been held: it cannot be cancelled."))
    if not (reason or "").strip():
        raise DomainError(_l("Give the reason: visitors and families will see it."), field="reason")
    occurrence.status = OccurrenceStatus.CANCELLED
    occurrence.cancel_reason = reason.strip()
    occurrence.revision += 1
    _revise(occurrence.market, every_day=False)
    public_data_changed(occurrence.market.province_id)
    record("occurrence.cancelled", occurrence, day=occurrence.day.isoformat(), reason=occurrence.cancel_reason)


def is_held(occurrence: Occurrence, now: datetime) -> bool:
    """The day took place (it ended and was not cancelled): it can no longer be cancelled."""
    return occurrence.status != OccurrenceStatus.CANCELLED and occurrence.ends_at <= now


def archive_market(market: Market, now: datetime) -> None:
    if market_status(market, now) != MarketPhase.HELD:
        raise DomainError(_l("Only a market that has been held can be archived."))
    market.status = MarketStatus.ARCHIVED
    _revise(market)
    public_data_changed(market.province_id)
    record("market.archived", market)


def archive_held_markets(now: datetime, *, after_days: int) -> int:
    """Archive the markets held more than `after_days` ago (the schedule's daily round)."""
    cutoff = to_damascus(now).date() - timedelta(days=after_days)
    markets = db.session.scalars(
        db.select(Market).where(Market.status == MarketStatus.PUBLISHED, Market.last_day < cutoff)
    ).all()
    for market in markets:
        archive_market(market, now)
    return len(markets)


def set_offered_stalls(market: Market, stalls: list[Stall]) -> None:
    if any(stall.venue_id != market.venue_id for stall in stalls):
        raise DomainError(_l("A stall of another venue cannot be offered."), field="stalls")
    if not stalls and market.status == MarketStatus.PUBLISHED:
        raise DomainError(_l("A published market must offer at least one stall."), field="stalls")
    before = {stall.code for stall in market.offered_stalls}
    market.offered_stalls = sorted(stalls, key=lambda stall: stall.code)
    _revise(market)
    public_data_changed(market.province_id)
    after = {stall.code for stall in stalls}
    if before != after:
        record("market.stalls_offered", market, changes={"offered_stalls": [len(before), len(after)]},
               added=sorted(after - before) or None, withdrawn=sorted(before - after) or None)


def market_status(market: Market, now: datetime) -> MarketPhase:
    """draft, published, held (published and over), archived or cancelled."""
    if market.status == MarketStatus.PUBLISHED and local_to_utc(market.last_day, market.closes_at) <= now:
        return MarketPhase.HELD
    return MarketPhase(market.status)
