"""Application rules: applying, editing, withdrawing, deciding, the waitlist.

Operations flush and never commit. Uniqueness (one application per family and
occurrence) is the database's unique constraint; capacity is checked after locking
the occurrence row (PostgreSQL `FOR UPDATE`; on SQLite every writing transaction
already holds the write lock through BEGIN IMMEDIATE), so two organizers approving at
once cannot both take the last stall.
"""
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from festival.applications.answers import validate_answers
from festival.applications.models import Answer, Application, ApplicationStatus, StatusChange
from festival.applications.states import ACTIVE_STATES, REASON_REQUIRED, Actor, allowed
from festival.audit.log import record
from festival.core.domain import DomainError
from festival.core.timezones import to_damascus
from festival.crafts.models import CraftCategory
from festival.documents.policy import check_can_apply as check_documents
from festival.extensions import db
from festival.markets.models import Market, MarketStatus, Occurrence, market_stalls
from festival.markets.public_version import public_data_changed
from festival.notifications.service import notify
from festival.training.operations import has_completed
from festival.vendors.models import Family


class AlreadyApplied(DomainError):
    flash_category = "info"  # not a refusal: the family is shown the application it already has

    def __init__(self, existing: Application | None):
        super().__init__(_l("Your family has already applied for this date. Here is your application."))
        self.existing = existing


class CapacityReached(DomainError):
    """Approving one more family would promise more stalls than the date offers (placed or not yet)."""

    def __init__(self, stalls: int):
        if not stalls:
            message = _("This date offers no stalls yet: offer stalls first, or put the family on the waitlist.")
        else:
            message = ngettext(
                "The %(num)d stall of this date is already promised to an approved family. "
                "Put this family on the waitlist.",
                "As many families as this date has stalls (%(num)d) are already approved. "
                "Put this family on the waitlist.", stalls)
        super().__init__(message)


@dataclass
class ApplicationRequest:
    """What a family fills in to apply (or to edit its application)."""

    crafts: list[CraftCategory]
    needs_electricity: bool = False
    needs_covered: bool = False
    needs_accessible: bool = False
    note: str = ""
    answers: dict[int, str] = field(default_factory=dict)  # question id -> raw text
    accept_terms: bool = False


def application_link(application: Application) -> str:
    return f"/family/applications/{application.id}"


def _notification_params(application: Application, reason: str | None = None) -> dict:
    market = application.occurrence.market
    return {"market_title_ar": market.title_ar, "market_title_en": market.title_en or market.title_ar,
            "day": application.occurrence.day.isoformat(), "reason": reason}


def _notify_decision(application: Application, kind: str, now: datetime, reason: str | None = None) -> None:
    # The decision's time is part of the key: approved, waitlisted, approved again are three events.
    notify(application.family.user, kind, key=f"{kind}:{application.id}:{now.isoformat()}",
           link=application_link(application), market_id=application.occurrence.market_id,
           application_id=application.id, **_notification_params(application, reason))


def tell_families_of_cancellation(occurrences: list[Occurrence], reason: str, now: datetime) -> int:
    """Every family with an application to these dates hears that they are cancelled.

    A date of today is urgent: its SMS leaves even in the quiet hours (families may be on their way).
    Dates already over are left alone (cancelling a series does not undo its past Fridays)."""
    occurrences = [occurrence for occurrence in occurrences if occurrence.ends_at > now]
    if not occurrences:
        return 0
    applications = db.session.scalars(
        db.select(Application).where(Application.occurrence_id.in_([o.id for o in occurrences]),
                                     Application.status.in_(ACTIVE_STATES))
        .options(joinedload(Application.family).joinedload(Family.user),
                 joinedload(Application.occurrence).joinedload(Occurrence.market))
    ).unique().all()
    today = to_damascus(now).date()
    for application in applications:
        occurrence = application.occurrence
        notify(application.family.user, "occurrence.cancelled", key=f"occurrence.cancelled:{occurrence.id}",
               link=application_link(application), market_id=occurrence.market_id, application_id=application.id,
               urgent=occurrence.day <= today <= occurrence.last_day, **_notification_params(application, reason))
    return len(applications)


# -- applying -------------------------------------------------------------------------


def _check_can_apply(family: Family, market: Market, occurrences: list[Occurrence], request: ApplicationRequest,
                     now: datetime, by_organizer) -> None:
    from festival.vendors.profile import missing_profile_items

    if market.status != MarketStatus.PUBLISHED:
        raise DomainError(_l("This market is not taking applications."))
    if not occurrences:
        raise DomainError(_l("Choose at least one date."), field="occurrences")
    if any(occurrence.market_id != market.id for occurrence in occurrences):
        raise DomainError(_l("These dates belong to another market."), field="occurrences")
    if any(occurrence.is_cancelled or occurrence.starts_at <= now for occurrence in occurrences):
        raise DomainError(_l("One of the chosen dates is cancelled or already over."), field="occurrences")
    if by_organizer is None:
        if not market.applications_open(now):
            raise DomainError(_l("Applications for this market are closed."))
        if missing_profile_items(family):
            raise DomainError(_l("Complete your family's profile before applying."))
        if not request.accept_terms:
            raise DomainError(_l("Please accept the market's terms."), field="accept_terms")
    if market.required_course is not None and not has_completed(family, market.required_course):
        raise DomainError(_l("This market is for families who completed the course %(course)s.",
                             course=market.required_course.title))
    _check_crafts(market, request.crafts)
    check_documents(family, market, occurrences, request.crafts)


def _check_crafts(market: Market, crafts: list[CraftCategory]) -> None:
    if not crafts:
        raise DomainError(_l("Choose what you will sell."), field="crafts")
    allowed_ids = {craft.id for craft in market.crafts}
    refused = [craft for craft in crafts if craft.id not in allowed_ids]
    if refused:
        raise DomainError(_l("This market does not take: %(crafts)s.", crafts="، ".join(c.name for c in refused)),
                          field="crafts")


def _fill(application: Application, request: ApplicationRequest, answers: dict[int, str]) -> None:
    application.crafts = list(request.crafts)
    application.needs_electricity = request.needs_electricity
    application.needs_covered = request.needs_covered
    application.needs_accessible = request.needs_accessible
    application.note = (request.note or "").strip()
    existing = {answer.question_id: answer for answer in application.answers}
    for question_id, value in answers.items():
        if question_id in existing:
            existing[question_id].value = value
        else:
            application.answers.append(Answer(question_id=question_id, value=value))


def existing_application(family: Family, occurrence: Occurrence) -> Application | None:
    return db.session.scalar(db.select(Application).where(
        Application.family_id == family.id, Application.occurrence_id == occurrence.id))


def _existing_applications(family: Family, occurrences: list[Occurrence]) -> list[Application]:
    """The family's applications to any of these dates, in one query (first date first)."""
    found = db.session.scalars(db.select(Application).where(
        Application.family_id == family.id, Application.occurrence_id.in_([o.id for o in occurrences]))).all()
    order = {occurrence.id: position for position, occurrence in enumerate(occurrences)}
    return sorted(found, key=lambda application: order[application.occurrence_id])


def apply(family: Family, occurrences: list[Occurrence], request: ApplicationRequest, *, now: datetime,
          by_organizer=None, unit_id: int | None = None) -> list[Application]:
    """Create one application per chosen occurrence (all of one market), or none.

    Families apply in bursts when a popular market opens (bench/rush.py): a POST costs a
    fixed number of statements whatever the number of dates (one look for earlier
    applications, one INSERT per table), and no lock; the unique constraint settles
    two submissions of the same family.

    `unit_id`: sent for a production unit by its representative (festival/units/operations.py
    checks who may, first).
    """
    market = occurrences[0].market if occurrences else None
    if market is None:
        raise DomainError(_l("Choose at least one date."), field="occurrences")
    _check_can_apply(family, market, occurrences, request, now, by_organizer)
    answers = validate_answers(market.questions, request.answers)
    previous = _existing_applications(family, occurrences)
    if previous:
        raise AlreadyApplied(previous[0])
    created = []
    try:
        with db.session.begin_nested():
            for occurrence in occurrences:
                application = Application(family=family, occurrence=occurrence, status=ApplicationStatus.SUBMITTED,
                                          submitted_at=now, updated_at=now,
                                          terms_accepted_at=now if request.accept_terms else None,
                                          added_by_id=by_organizer.id if by_organizer else None,
                                          unit_id=unit_id)
                _fill(application, request, answers)
                application.history.append(StatusChange(to_status=ApplicationStatus.SUBMITTED, at=now,
                                                        by_id=by_organizer.id if by_organizer else family.user_id))
                db.session.add(application)
                created.append(application)
            db.session.flush()
    except IntegrityError as error:
        # A concurrent submission (a double click, two phones) won the unique constraint.
        raise AlreadyApplied(None) from error
    for application in created:
        record("application.submitted", application, by_organizer=bool(by_organizer), unit_id=unit_id)
    notify(family.user, "application.submitted", key=f"application.submitted:{created[0].id}",
           link=application_link(created[0]), market_id=market.id, application_id=created[0].id,
           **_notification_params(created[0]), count=len(created))
    return created


def update_application(application: Application, request: ApplicationRequest, *, now: datetime) -> None:
    market = application.occurrence.market
    if application.status != ApplicationStatus.SUBMITTED:
        raise DomainError(_l("An application can be changed only while it is under review."))
    if not market.applications_open(now):
        raise DomainError(_l("Applications for this market are closed: it can no longer be changed."))
    _check_crafts(market, request.crafts)
    answers = validate_answers(market.questions, request.answers)
    _fill(application, request, answers)
    application.updated_at = now
    record("application.edited", application)


# -- transitions ------------------------------------------------------------------------


def stalls_offered(occurrence: Occurrence) -> int:
    return db.session.scalar(
        db.select(func.count()).select_from(market_stalls).where(market_stalls.c.market_id == occurrence.market_id)
    )


def approved_count(occurrence: Occurrence) -> int:
    return db.session.scalar(db.select(func.count()).select_from(Application).where(
        Application.occurrence_id == occurrence.id, Application.status == ApplicationStatus.APPROVED))


def _lock(occurrence: Occurrence) -> None:
    db.session.execute(db.select(Occurrence.id).where(Occurrence.id == occurrence.id).with_for_update())


def _free_stall(application: Application) -> None:
    """An application that leaves `approved` gives its stall back (the stalls feature reads the freed row)."""
    if application.assignment is not None:
        public_data_changed(application.occurrence.market.province_id)  # event pages show who is where
        db.session.delete(application.assignment)
        application.assignment = None
        db.session.flush()


def _move(application: Application, to_status: str, *, by, reason: str | None, now: datetime) -> None:
    previous = application.status
    if previous == ApplicationStatus.APPROVED and to_status != ApplicationStatus.APPROVED:
        _free_stall(application)  # withdrawn, cancelled or back to the waitlist: the stall is free again
    application.status = to_status
    application.updated_at = now
    if to_status in REASON_REQUIRED or reason:
        application.decision_reason = reason
    if to_status == ApplicationStatus.WAITLISTED:
        application.waitlist_rank = _next_waitlist_rank(application.occurrence)
    application.history.append(StatusChange(from_status=previous, to_status=to_status, by_id=by.id if by else None,
                                            reason=reason, at=now))
    db.session.flush()
    record(f"application.{to_status}", application, actor=by, from_status=previous, reason=reason)


def _next_waitlist_rank(occurrence: Occurrence) -> int:
    highest = db.session.scalar(db.select(func.max(Application.waitlist_rank)).where(
        Application.occurrence_id == occurrence.id))
    return (highest or 0) + 1


def decide(application: Application, to_status: str, *, by, reason: str | None = None, now: datetime,
           check_capacity: bool = True) -> None:
    """An organizer's decision: approve, waitlist, reject or cancel.

    `check_capacity=False` is for a family that takes over a stall freed on the day
    (festival/checkin/noshow.py): the stall is reused, so the date holds no more families.
    """
    reason = (reason or "").strip() or None
    if not allowed(application.status, to_status, Actor.ORGANIZER):
        raise DomainError(_l("This change is not possible for an application in its current state."))
    if to_status in REASON_REQUIRED and not reason:
        raise DomainError(_l("Give the reason for the rejection: the family will see it."), field="reason")
    occurrence = application.occurrence
    _lock(occurrence)
    if to_status == ApplicationStatus.APPROVED and check_capacity:
        capacity = stalls_offered(occurrence)
        if approved_count(occurrence) >= capacity:
            raise CapacityReached(capacity)
    was_approved = application.status == ApplicationStatus.APPROVED
    _move(application, to_status, by=by, reason=reason, now=now)
    _notify_decision(application, f"application.{to_status}", now, reason)
    if was_approved:
        promote_from_waitlist(occurrence, by=by, now=now)


def withdraw(application: Application, *, by, now: datetime) -> None:
    """The family withdraws, at any time before the event; the waitlist moves up."""
    if application.occurrence.starts_at <= now:
        raise DomainError(_l("The market has already started: contact the organizers."))
    if not allowed(application.status, ApplicationStatus.WITHDRAWN, Actor.FAMILY):
        raise DomainError(_l("This application can no longer be withdrawn."))
    _lock(application.occurrence)
    was_approved = application.status == ApplicationStatus.APPROVED
    _move(application, ApplicationStatus.WITHDRAWN, by=by, reason=None, now=now)
    if was_approved:
        promote_from_waitlist(application.occurrence, by=None, now=now)


def promote_from_waitlist(occurrence: Occurrence, *, by, now: datetime) -> list[Application]:
    """Fill free stalls with the first waitlisted families (organizer's order, then first come)."""
    if occurrence.starts_at <= now or occurrence.is_cancelled:
        return []
    free = stalls_offered(occurrence) - approved_count(occurrence)
    if free <= 0:
        return []
    waiting = db.session.scalars(
        db.select(Application)
        .where(Application.occurrence_id == occurrence.id, Application.status == ApplicationStatus.WAITLISTED)
        .order_by(Application.waitlist_rank.is_(None), Application.waitlist_rank, Application.submitted_at,
                  Application.id)
        .limit(free)
    ).all()
    for application in waiting:
        _move(application, ApplicationStatus.APPROVED, by=by, reason=None, now=now)
        _notify_decision(application, "application.promoted", now)
    return list(waiting)


@dataclass
class BulkResult:
    done: list[Application] = field(default_factory=list)
    refused: list[tuple[Application, str]] = field(default_factory=list)


def decide_many(applications: list[Application], to_status: str, *, by, reason: str | None,
                now: datetime) -> BulkResult:
    """Bulk decision: each application on its own; the ones that cannot move are reported."""
    result = BulkResult()
    for application in applications:
        try:
            with db.session.begin_nested():
                decide(application, to_status, by=by, reason=reason, now=now)
        except DomainError as error:
            result.refused.append((application, str(error.message)))
        else:
            result.done.append(application)
    return result


def is_active(application: Application) -> bool:
    return application.status in ACTIVE_STATES
