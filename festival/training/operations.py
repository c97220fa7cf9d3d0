"""Training rules: courses and their cohorts and sessions, enrolment with a waiting list,
attendance, and certificates for families that met the completion rule.

Operations flush and never commit (core.pipeline commits once per request). Courses and
their sessions are public (the calendar, its feeds, the course page): a change of them
calls `public_data_changed` (festival/markets/public_version.py). Capacity is
checked after locking the cohort row (PostgreSQL `FOR UPDATE`; SQLite's writing
transaction already holds the write lock), so two families cannot both take the last
place; one enrolment per family and cohort, one attendance per session and family, one
certificate per enrolment are unique constraints.
"""
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from festival.audit.log import record
from festival.core.domain import DomainError
from festival.core.timezones import to_damascus
from festival.extensions import db
from festival.markets.public_version import public_data_changed
from festival.notifications.service import notify
from festival.training import room_codes
from festival.training.models import (
    Attendance,
    AttendanceMethod,
    Certificate,
    Cohort,
    Course,
    Enrolment,
    EnrolmentStatus,
    TrainingSession,
)
from festival.vendors.models import Family

# -- courses, cohorts, sessions ---------------------------------------------------------


@dataclass
class CoursePlan:
    title_ar: str
    title_en: str | None
    description_ar: str
    description_en: str | None
    topics: str
    planned_sessions: int
    sessions_to_complete: int
    hours_per_session: int
    crafts: list = field(default_factory=list)  # CraftCategory rows; none: for every family


def _check_plan(plan: CoursePlan) -> None:
    if plan.sessions_to_complete > plan.planned_sessions:
        raise DomainError(_l("A family cannot need more sessions than the course has."),
                          field="sessions_to_complete")


def create_course(province, plan: CoursePlan, *, by) -> Course:
    _check_plan(plan)
    course = Course(province=province, created_by_id=by.id, **{**vars(plan), "crafts": list(plan.crafts)})
    db.session.add(course)
    db.session.flush()
    public_data_changed(province.id)  # the calendar shows courses' sessions
    record("course.created", course, actor=by, title=course.title_ar)
    return course


def update_course(course: Course, plan: CoursePlan, *, by) -> None:
    _check_plan(plan)
    if plan.planned_sessions < _most_sessions(course):
        raise DomainError(_l("A cohort already has more sessions than that."), field="planned_sessions")
    for name, value in vars(plan).items():
        setattr(course, name, list(value) if name == "crafts" else value)
    db.session.flush()
    public_data_changed(course.province_id)
    record("course.updated", course, actor=by)


def _most_sessions(course: Course) -> int:
    return max((len(cohort.sessions) for cohort in course.cohorts), default=0)


def add_cohort(course: Course, *, name: str, capacity: int, by) -> Cohort:
    cohort = Cohort(course=course, name=name, capacity=capacity)
    db.session.add(cohort)
    db.session.flush()
    record("cohort.created", cohort, actor=by, province=course.province, name=name, capacity=capacity)
    return cohort


def add_session(cohort: Cohort, *, starts_at: datetime, ends_at: datetime, venue, room: str, trainer,
                by, capacity: int | None = None) -> TrainingSession:
    if ends_at <= starts_at:
        raise DomainError(_l("The session must end after it starts."), field="ends")
    _lock(cohort)  # two organizers adding the last planned session at once: one of them is told
    if _session_count(cohort) >= cohort.course.planned_sessions:
        raise DomainError(_l("This cohort already has all the sessions the course plans."))
    if venue is not None and venue.province_id != cohort.course.province_id:
        raise DomainError(_l("Choose a venue in the course's province."), field="venue_id")
    if trainer is not None and not trainer.can_manage_province(cohort.course.province):
        raise DomainError(_l("The trainer must work in the course's province."), field="trainer_id")
    enrolled = enrolled_count(cohort)
    if capacity is not None and capacity < enrolled:
        raise DomainError(ngettext("The room holds fewer than the %(num)d family enrolled: choose a larger room.",
                                   "The room holds fewer than the %(num)d families enrolled: choose a larger room.",
                                   enrolled), field="capacity")
    session = TrainingSession(cohort=cohort, starts_at=starts_at, ends_at=ends_at, venue=venue, room=room,
                              trainer=trainer, capacity=capacity)
    db.session.add(session)
    db.session.flush()
    public_data_changed(cohort.course.province_id)
    record("training_session.created", session, actor=by, province=cohort.course.province,
           starts_at=starts_at.isoformat())
    return session


def _session_count(cohort: Cohort) -> int:
    return db.session.scalar(select(func.count(TrainingSession.id)).where(TrainingSession.cohort_id == cohort.id))


def _lock(cohort: Cohort) -> None:
    db.session.execute(select(Cohort.id).where(Cohort.id == cohort.id).with_for_update())


# -- enrolment ----------------------------------------------------------------------------


def enrolled_count(cohort: Cohort) -> int:
    return db.session.scalar(select(func.count(Enrolment.id)).where(
        Enrolment.cohort_id == cohort.id, Enrolment.status == EnrolmentStatus.ENROLLED))


def _first_session(cohort: Cohort) -> TrainingSession | None:
    return cohort.sessions[0] if cohort.sessions else None


def is_open_for_enrolment(cohort: Cohort, now: datetime) -> bool:
    """Families enrol until the first session starts (a cohort without sessions yet: open)."""
    first = _first_session(cohort)
    return first is None or first.starts_at > now


def _training_link(enrolment: Enrolment) -> str:
    """The family's training page (a path, as notifications store: no request is needed to make it)."""
    return f"/family/training#enrolment-{enrolment.id}"


def _notify(enrolment: Enrolment, kind: str, key: str, now: datetime) -> None:
    """Tell the family, with the group's next session (the first one, until it has begun)."""
    course = enrolment.cohort.course
    coming = next((session for session in enrolment.cohort.sessions if session.starts_at > now), None)
    notify(enrolment.family.user, kind, key=key, link=_training_link(enrolment),
           course_title_ar=course.title_ar, course_title_en=course.title_en,
           day=to_damascus(coming.starts_at).date().isoformat() if coming else None,
           time=to_damascus(coming.starts_at).time().isoformat("minutes") if coming else None)


def enrol(family: Family, cohort: Cohort, *, now: datetime, by=None) -> Enrolment:
    """Enrol `family` (by itself, or `by` an organizer): a place while there is one, else
    the waiting list. Enrolling again after withdrawing starts over at the end of the list."""
    if not is_open_for_enrolment(cohort, now) and by is None:
        raise DomainError(_l("This course has already started: ask the organizers."))
    if family.province_id != cohort.course.province_id and by is None:
        raise DomainError(_l("This course is for families of another province."))
    if by is not None and not by.can_manage_province(family.province):
        raise DomainError(_l("This family belongs to a province you do not manage."))
    if has_completed(family, cohort.course):
        raise DomainError(_l("This family already completed this course."))
    _lock(cohort)
    enrolment = db.session.scalar(select(Enrolment).where(Enrolment.cohort_id == cohort.id,
                                                          Enrolment.family_id == family.id))
    if enrolment is not None and enrolment.status != EnrolmentStatus.WITHDRAWN:
        raise DomainError(_l("This family is already enrolled in this course."))
    if enrolled_count(cohort) < cohort.places:
        status, rank = EnrolmentStatus.ENROLLED, None
    else:
        status, rank = EnrolmentStatus.WAITLISTED, _next_rank(cohort)
    if enrolment is None:
        enrolment = Enrolment(cohort=cohort, family=family, added_by_id=by.id if by else None)
        db.session.add(enrolment)
    enrolment.status, enrolment.waitlist_rank, enrolment.enrolled_at = status, rank, now
    db.session.flush()
    record(f"enrolment.{enrolment.status}", enrolment, actor=by or family.user, province=cohort.course.province)
    _notify(enrolment, f"training.{enrolment.status}",
            key=f"training.{enrolment.status}:{enrolment.id}:{now.isoformat()}", now=now)
    return enrolment


def enrol_many(families: list[Family], cohort: Cohort, *, by, now: datetime) -> tuple[int, list[tuple[Family, str]]]:
    """Enrol each family (an organizer's list): how many were, and each refused family with why.
    Each enrolment is its own savepoint, so one refusal keeps the others."""
    enrolled, refused = 0, []
    for family in families:
        try:
            with db.session.begin_nested():
                enrol(family, cohort, now=now, by=by)
            enrolled += 1
        except DomainError as error:
            refused.append((family, str(error.message)))
    return enrolled, refused


def _next_rank(cohort: Cohort) -> int:
    highest = db.session.scalar(select(func.max(Enrolment.waitlist_rank)).where(Enrolment.cohort_id == cohort.id))
    return (highest or 0) + 1


def withdraw(enrolment: Enrolment, *, by, now: datetime) -> None:
    """The family (or an organizer) withdraws; the first family waiting takes the place."""
    if enrolment.status == EnrolmentStatus.WITHDRAWN:
        raise DomainError(_l("This enrolment is already withdrawn."))
    if enrolment.certificate is not None:
        raise DomainError(_l("This family completed the course: it keeps its place. Withdraw its certificate "
                             "if it was given by mistake."))
    _lock(enrolment.cohort)
    had_place = enrolment.status == EnrolmentStatus.ENROLLED
    enrolment.status, enrolment.waitlist_rank = EnrolmentStatus.WITHDRAWN, None
    db.session.flush()
    record("enrolment.withdrawn", enrolment, actor=by, province=enrolment.cohort.course.province)
    if had_place:
        promote_from_waitlist(enrolment.cohort, now=now)


def is_over(cohort: Cohort, now: datetime) -> bool:
    return bool(cohort.sessions) and cohort.sessions[-1].ends_at <= now


def promote_from_waitlist(cohort: Cohort, *, now: datetime) -> list[Enrolment]:
    """The first families waiting take the free places, while the group is not over."""
    if is_over(cohort, now):
        return []
    free = cohort.places - enrolled_count(cohort)
    if free <= 0:
        return []
    waiting = db.session.scalars(
        select(Enrolment).where(Enrolment.cohort_id == cohort.id, Enrolment.status == EnrolmentStatus.WAITLISTED)
        .order_by(Enrolment.waitlist_rank, Enrolment.id).limit(free)).all()
    for enrolment in waiting:
        enrolment.status, enrolment.waitlist_rank = EnrolmentStatus.ENROLLED, None
        db.session.flush()
        record("enrolment.promoted", enrolment, actor=None, province=cohort.course.province)
        _notify(enrolment, "training.promoted", key=f"training.promoted:{enrolment.id}:{now.isoformat()}", now=now)
    return list(waiting)


# -- attendance ---------------------------------------------------------------------------

# A trainer may record a family from an hour before the session until the day after it
# (a list filled in the next morning); not for a session weeks ahead.
RECORD_FROM = timedelta(hours=1)
RECORD_UNTIL = timedelta(days=1)


def can_record(session: TrainingSession, now: datetime) -> bool:
    return session.starts_at - RECORD_FROM <= now <= session.ends_at + RECORD_UNTIL


def record_by_room_code(session: TrainingSession, family: Family, typed: str, *, now: datetime) -> Attendance | None:
    """The family typed the code on the room's screen: present, when the code is the current one."""
    enrolment = next((e for e in session.cohort.enrolments if e.family_id == family.id), None)
    if enrolment is None or enrolment.status != EnrolmentStatus.ENROLLED:
        raise DomainError(_l("You have no place in this group."))
    if not room_codes.is_open(session, now):
        raise DomainError(_l("The code is taken from 15 minutes before the session until it ends."))
    if not room_codes.is_valid(session, typed, now):
        raise WrongRoomCode(_l("This is not the code on the screen. Look again: it changes every 30 seconds."),
                            field="code")
    return record_attendance(session, enrolment, method=AttendanceMethod.CODE, by=family.user, now=now)


class WrongRoomCode(DomainError):
    """Counted by the rate limit on guesses (festival/training/family_views.py)."""


def record_attendance(session: TrainingSession, enrolment: Enrolment, *, method: str, by,
                      now: datetime) -> Attendance | None:
    """Mark the family present; None when it already was (a second scan changes nothing)."""
    if enrolment.cohort_id != session.cohort_id:
        raise DomainError(_l("This family is not enrolled in this cohort."))
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise DomainError(_l("This family has no place in this cohort."))
    if not can_record(session, now):
        raise DomainError(_l("Attendance is recorded from an hour before the session until the day after it."))
    existing = db.session.scalar(select(Attendance).where(Attendance.session_id == session.id,
                                                          Attendance.family_id == enrolment.family_id))
    if existing is not None:
        return None
    # By id, not `session=`: the backref would put the row in the unit of work before the
    # savepoint, where a concurrent duplicate could not be told from any other error.
    attendance = Attendance(session_id=session.id, family_id=enrolment.family_id, method=method, recorded_at=now,
                            recorded_by_id=by.id)
    try:
        with db.session.begin_nested():
            db.session.add(attendance)
            db.session.flush()
    except IntegrityError:
        return None  # a scan and a typed code at the same moment: the first one counts
    record("attendance.recorded", attendance, actor=by, province=session.cohort.course.province,
           method=method, session_id=session.id)
    issue_certificate_if_complete(enrolment, now=now)
    return attendance


def remove_attendance(session: TrainingSession, enrolment: Enrolment, *, by, now: datetime) -> None:
    """Untick a family ticked by mistake. Its certificate follows: fewer hours, or withdrawn
    (with the reason said) when the family no longer meets the course's rule."""
    if not can_record(session, now):
        raise DomainError(_l("Attendance is recorded from an hour before the session until the day after it."))
    attendance = db.session.scalar(select(Attendance).where(Attendance.session_id == session.id,
                                                            Attendance.family_id == enrolment.family_id))
    if attendance is not None:
        db.session.delete(attendance)
        db.session.flush()
        record("attendance.removed", session, actor=by, province=session.cohort.course.province,
               family_id=enrolment.family_id)
        _follow_attendance(enrolment, by=by, now=now)


def _follow_attendance(enrolment: Enrolment, *, by, now: datetime) -> None:
    certificate = enrolment.certificate
    if certificate is None or certificate.revoked_at is not None:
        return
    course, attended = enrolment.cohort.course, sessions_attended(enrolment)
    if attended < course.sessions_to_complete:
        revoke_certificate(certificate, reason=str(_l("The attendance was corrected: the course is not completed.")),
                           by=by, now=now)
    else:
        certificate.sessions_attended, certificate.hours = attended, attended * course.hours_per_session


def set_list_attendance(session: TrainingSession, present_ids: set[int], *, by, now: datetime,
                        shown_present: set[int] | None = None) -> tuple[int, int]:
    """The ticked list: families ticked are present; families that were shown ticked
    (`shown_present`, enrolment ids) and are unticked now are not. A family recorded by
    scan or code after the list was opened is left as it is. (added, removed)."""
    added = removed = 0
    attended = {attendance.family_id for attendance in session.attendances}
    shown = attended if shown_present is None else None
    for enrolment in session.cohort.enrolments:
        if enrolment.status != EnrolmentStatus.ENROLLED:
            continue
        was_shown = enrolment.family_id in shown if shown is not None else enrolment.id in shown_present
        if enrolment.id in present_ids and enrolment.family_id not in attended:
            added += record_attendance(session, enrolment, method=AttendanceMethod.LIST, by=by, now=now) is not None
        elif enrolment.id not in present_ids and was_shown and enrolment.family_id in attended:
            remove_attendance(session, enrolment, by=by, now=now)
            removed += 1
    return added, removed


def sessions_attended(enrolment: Enrolment) -> int:
    return db.session.scalar(
        select(func.count(Attendance.id)).join(TrainingSession, TrainingSession.id == Attendance.session_id)
        .where(TrainingSession.cohort_id == enrolment.cohort_id, Attendance.family_id == enrolment.family_id))


# -- certificates -------------------------------------------------------------------------


def issue_certificate_if_complete(enrolment: Enrolment, *, now: datetime) -> Certificate | None:
    """The certificate, once the family attended the sessions the course asks for."""
    course = enrolment.cohort.course
    attended = sessions_attended(enrolment)
    if attended < course.sessions_to_complete:
        return None
    certificate = enrolment.certificate
    if certificate is None:
        certificate = Certificate(enrolment=enrolment, family_id=enrolment.family_id, course_id=course.id,
                                  sessions_attended=attended, hours=attended * course.hours_per_session,
                                  issued_at=now)
        db.session.add(certificate)
        db.session.flush()
        record("certificate.issued", certificate, actor=None, province=course.province, family_id=enrolment.family_id)
        notify(enrolment.family.user, "training.certificate", key=f"training.certificate:{certificate.id}",
               link=f"/family/training/certificates/{certificate.id}.pdf",
               course_title_ar=course.title_ar, course_title_en=course.title_en)
    elif certificate.revoked_at is None:
        certificate.sessions_attended = attended  # a later session adds its hours
        certificate.hours = attended * course.hours_per_session
    return certificate


def revoke_certificate(certificate: Certificate, *, reason: str, by, now: datetime) -> None:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_l("Give the reason: it is shown to whoever checks the certificate."), field="reason")
    if certificate.revoked_at is not None:
        raise DomainError(_l("This certificate is already withdrawn."))
    certificate.revoked_at, certificate.revoke_reason = now, reason
    db.session.flush()
    record("certificate.revoked", certificate, actor=by, province=certificate.course.province, reason=reason)


def has_completed(family: Family, course: Course) -> bool:
    """Whether the family holds a certificate of `course` that stands."""
    return db.session.scalar(select(func.count(Certificate.id)).where(
        Certificate.family_id == family.id, Certificate.course_id == course.id,
        Certificate.revoked_at.is_(None))) > 0
