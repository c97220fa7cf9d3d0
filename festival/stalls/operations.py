"""Placing families at stalls: assign, move, swap, unassign, copy last Friday, apply a proposal.

Double booking is impossible because of the unique constraints on StallAssignment
(occurrence+stall, occurrence+family). A read-then-write check alone is not enough (in a
16-thread race, check-then-insert double-booked a stall on both SQLite and PostgreSQL),
so every write here also takes a row lock on the stall (PostgreSQL `FOR UPDATE`; SQLite
writers hold the database lock through BEGIN IMMEDIATE) to answer cleanly, and an
IntegrityError from a concurrent winner is turned into a message, never a 500.
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists
from sqlalchemy.exc import IntegrityError

from festival.applications.models import Application, ApplicationStatus
from festival.audit.log import record
from festival.core.domain import DomainError
from festival.core.types import utcnow
from festival.extensions import db
from festival.markets.models import Occurrence, market_stalls
from festival.markets.public_version import public_data_changed
from festival.notifications.service import notify
from festival.stalls.models import StallAssignment
from festival.venues.models import Stall


class StallTaken(DomainError):
    def __init__(self):
        super().__init__(_l("This stall was just given to another family. Choose another stall."), field="stall")


class FamilyPlaced(DomainError):
    def __init__(self):
        super().__init__(_l("This family already has a stall at this date."), field="application")


NEED_LABELS = {
    "electricity": _l("no electricity"),
    "covered": _l("not covered"),
    "accessible": _l("not step-free"),
}


def unmet_needs(application: Application, stall: Stall) -> list:
    """What the stall lacks of the family's stated needs (a warning, not a refusal)."""
    missing = []
    if application.needs_electricity and not stall.electricity:
        missing.append(NEED_LABELS["electricity"])
    if application.needs_covered and not stall.covered:
        missing.append(NEED_LABELS["covered"])
    if application.needs_accessible and not stall.accessible:
        missing.append(NEED_LABELS["accessible"])
    return missing


def _check_stall(occurrence: Occurrence, stall: Stall) -> None:
    offered = db.session.scalar(db.select(exists().where(
        market_stalls.c.market_id == occurrence.market_id, market_stalls.c.stall_id == stall.id)))
    if not offered or stall.disabled:
        raise DomainError(_l("This stall is not offered at this market."), field="stall")


def _lock_stall(stall: Stall) -> None:
    db.session.execute(db.select(Stall.id).where(Stall.id == stall.id).with_for_update())


def _stall_taken(occurrence_id: int, stall_id: int) -> bool:
    return db.session.scalar(db.select(exists().where(
        StallAssignment.occurrence_id == occurrence_id, StallAssignment.stall_id == stall_id)))


def _write(change) -> None:
    """Run `change` in a savepoint; a unique-constraint loss becomes StallTaken/FamilyPlaced."""
    try:
        with db.session.begin_nested():
            change()
            db.session.flush()
    except IntegrityError as error:
        if "family_id" in str(error.orig) or "uq_stall_assignments_occurrence_id_family_id" in str(error.orig):
            raise FamilyPlaced() from error
        raise StallTaken() from error


def assign(application: Application, stall: Stall, *, by, method: str = "manual",
           explanation: str = "") -> StallAssignment:
    occurrence = application.occurrence
    if application.status != ApplicationStatus.APPROVED:
        raise DomainError(_l("Only an approved family can get a stall."), field="application")
    _check_stall(occurrence, stall)
    _lock_stall(stall)
    if _stall_taken(occurrence.id, stall.id):
        raise StallTaken()
    if application.assignment is not None:
        raise FamilyPlaced()
    assignment = StallAssignment(occurrence_id=occurrence.id, stall_id=stall.id, family_id=application.family_id,
                                 application_id=application.id, method=method, explanation=explanation,
                                 assigned_by_id=by.id if by else None)
    _write(lambda: db.session.add(assignment))
    public_data_changed(occurrence.market.province_id)
    db.session.expire(application, ["assignment"])  # the backref was loaded as None above
    record("stall.assigned", assignment, actor=by, stall=stall.code, family=application.family_id)
    _tell_family(application, "stall.assigned", stall.code)
    return assignment


def _tell_family(application: Application, kind: str, stall_code: str) -> None:
    market = application.occurrence.market
    # The time is part of the key: A, then B, then A again are three changes to tell.
    notify(application.family.user, kind, key=f"{kind}:{application.id}:{stall_code}:{utcnow().isoformat()}",
           link=f"/family/applications/{application.id}", market_id=market.id, application_id=application.id,
           market_title_ar=market.title_ar, market_title_en=market.title_en or market.title_ar,
           day=application.occurrence.day.isoformat(), stall_code=stall_code)


def move(assignment: StallAssignment, stall: Stall, *, by) -> None:
    if assignment.stall_id == stall.id:
        return
    _check_stall(assignment.occurrence, stall)
    _lock_stall(stall)
    if _stall_taken(assignment.occurrence_id, stall.id):
        raise StallTaken()
    previous = assignment.stall.code

    def change():
        assignment.stall_id = stall.id
        assignment.method = "manual"

    _write(change)
    public_data_changed(assignment.occurrence.market.province_id)
    db.session.refresh(assignment, ["stall"])
    record("stall.moved", assignment, actor=by, from_stall=previous, to_stall=stall.code)
    _tell_family(assignment.application, "stall.moved", stall.code)


def swap(first: StallAssignment, second: StallAssignment, *, by) -> None:
    """Exchange the stalls of two families (the unique index forbids a direct exchange)."""
    if first.occurrence_id != second.occurrence_id:
        raise DomainError(_l("Both families must be at the same date."))
    for assignment in (first, second):
        _lock_stall(assignment.stall)
    first_stall, second_stall = first.stall_id, second.stall_id
    second_values = {column: getattr(second, column) for column in
                     ("occurrence_id", "family_id", "application_id", "assigned_by_id", "explanation")}

    def change():
        db.session.delete(second)
        db.session.flush()
        first.stall_id = second_stall
        first.method = "manual"  # the assigner's reasons were about the other stall
        db.session.flush()
        db.session.add(StallAssignment(stall_id=first_stall, method="manual", **second_values))

    _write(change)
    public_data_changed(first.occurrence.market.province_id)
    record("stall.swapped", first, actor=by, with_assignment=second_values["application_id"])
    for application_id, stall_id in ((first.application_id, second_stall), (second_values["application_id"],
                                                                           first_stall)):
        _tell_family(db.session.get(Application, application_id), "stall.moved", db.session.get(Stall, stall_id).code)


def unassign(assignment: StallAssignment, *, by) -> None:
    record("stall.unassigned", assignment, actor=by, stall=assignment.stall.code)
    _tell_family(assignment.application, "stall.removed", assignment.stall.code)
    public_data_changed(assignment.occurrence.market.province_id)
    db.session.delete(assignment)
    db.session.flush()


def previous_occurrence(occurrence: Occurrence) -> Occurrence | None:
    return db.session.scalar(
        db.select(Occurrence).where(Occurrence.market_id == occurrence.market_id, Occurrence.day < occurrence.day,
                                    exists().where(StallAssignment.occurrence_id == Occurrence.id))
        .order_by(Occurrence.day.desc()).limit(1))


def copy_previous(occurrence: Occurrence, *, by) -> int:
    """Give families approved for both dates the stall they had at the previous one."""
    source = previous_occurrence(occurrence)
    if source is None:
        raise DomainError(_l("There is no earlier date of this market with stalls assigned."))
    earlier = {a.family_id: a.stall for a in db.session.scalars(
        db.select(StallAssignment).where(StallAssignment.occurrence_id == source.id))}
    waiting = db.session.scalars(db.select(Application).where(
        Application.occurrence_id == occurrence.id, Application.status == ApplicationStatus.APPROVED,
        ~exists().where(StallAssignment.application_id == Application.id))).all()
    copied = 0
    for application in waiting:
        stall = earlier.get(application.family_id)
        if stall is None:
            continue
        try:
            assign(application, stall, by=by, method="copied")
        except DomainError:
            continue  # stall taken meanwhile, or no longer offered: left for the organizer
        copied += 1
    return copied


def apply_proposal(occurrence: Occurrence, placements: list[tuple[int, int, str]], *, by) -> int:
    """Apply (application id, stall id, explanation) placements, all or nothing."""
    applications = {a.id: a for a in db.session.scalars(db.select(Application).where(
        Application.id.in_([application_id for application_id, _s, _e in placements])))}
    stalls = {s.id: s for s in db.session.scalars(db.select(Stall).where(
        Stall.id.in_([stall_id for _a, stall_id, _e in placements])))}
    with db.session.begin_nested():
        for application_id, stall_id, explanation in placements:
            application, stall = applications.get(application_id), stalls.get(stall_id)
            if application is None or stall is None or application.occurrence_id != occurrence.id:
                raise DomainError(_l("The proposal no longer matches this date. Preview it again."))
            assign(application, stall, by=by, method="auto", explanation=explanation)
    return len(placements)
