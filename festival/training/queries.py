"""Reading training for the pages: every loader brings what its page shows in a fixed
number of queries, whatever the number of cohorts, sessions or families."""
from datetime import datetime

from flask import abort
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from festival.auth.models import Role, User, user_provinces
from festival.core.access import object_or_404
from festival.extensions import db
from festival.training.models import (
    Attendance,
    Certificate,
    Cohort,
    Course,
    Enrolment,
    EnrolmentStatus,
    TrainingSession,
)
from festival.vendors.models import Family
from festival.venues.models import Venue

_COURSE_PAGE = (
    joinedload(Course.province), selectinload(Course.crafts),
    selectinload(Course.cohorts).selectinload(Cohort.sessions).joinedload(TrainingSession.venue),
    selectinload(Course.cohorts).selectinload(Cohort.sessions).joinedload(TrainingSession.trainer),
)


def course_or_404(course_id: int) -> Course:
    return object_or_404(Course, course_id, *_COURSE_PAGE)


def cohort_or_404(cohort_id: int) -> Cohort:
    return object_or_404(
        Cohort, cohort_id, joinedload(Cohort.course).joinedload(Course.province),
        selectinload(Cohort.sessions).selectinload(TrainingSession.attendances),
        selectinload(Cohort.sessions).joinedload(TrainingSession.venue),
        selectinload(Cohort.sessions).joinedload(TrainingSession.trainer),
        selectinload(Cohort.enrolments).joinedload(Enrolment.family).joinedload(Family.user),
        selectinload(Cohort.enrolments).joinedload(Enrolment.certificate))


def session_or_404(session_id: int) -> TrainingSession:
    return object_or_404(
        TrainingSession, session_id, selectinload(TrainingSession.attendances),
        joinedload(TrainingSession.cohort).joinedload(Cohort.course).joinedload(Course.province),
        joinedload(TrainingSession.cohort).selectinload(Cohort.enrolments).joinedload(Enrolment.family))


def certificate_or_404(certificate_id: int) -> Certificate:
    return object_or_404(Certificate, certificate_id, *_CERTIFICATE_PAGE)


_CERTIFICATE_PAGE = (
    joinedload(Certificate.family), joinedload(Certificate.course).joinedload(Course.province),
    joinedload(Certificate.enrolment).joinedload(Enrolment.cohort).selectinload(Cohort.sessions)
    .joinedload(TrainingSession.trainer),
)


def certificate_or_none(certificate_id: int) -> Certificate | None:
    return db.session.scalar(select(Certificate).where(Certificate.id == certificate_id)
                             .options(*_CERTIFICATE_PAGE))


def enrolment_or_none(enrolment_id: int) -> Enrolment | None:
    return db.session.scalar(select(Enrolment).where(Enrolment.id == enrolment_id).options(
        joinedload(Enrolment.family), joinedload(Enrolment.cohort).joinedload(Cohort.course),
        joinedload(Enrolment.cohort).selectinload(Cohort.sessions)))


def managed_courses(user: User):
    query = (select(Course).options(joinedload(Course.province), selectinload(Course.cohorts))
             .order_by(Course.id.desc()))
    if user.role != Role.ADMIN:
        query = query.join(user_provinces, user_provinces.c.province_id == Course.province_id).where(
            user_provinces.c.user_id == user.id)
    return query


def trainers_of(province) -> list[User]:
    """Who can train in a province: its organizers, and admins."""
    return list(db.session.scalars(
        select(User).outerjoin(user_provinces, user_provinces.c.user_id == User.id)
        .where(User.enabled, (User.role == Role.ADMIN)
               | ((User.role == Role.ORGANIZER) & (user_provinces.c.province_id == province.id)))
        .distinct().order_by(User.display_name)))


def venues_of(province) -> list[Venue]:
    return list(db.session.scalars(select(Venue).where(Venue.province_id == province.id).order_by(Venue.name_ar)))


def enrolled_counts(cohort_ids: list[int]) -> dict[int, int]:
    if not cohort_ids:
        return {}
    return dict(db.session.execute(
        select(Enrolment.cohort_id, func.count(Enrolment.id))
        .where(Enrolment.cohort_id.in_(cohort_ids), Enrolment.status == EnrolmentStatus.ENROLLED)
        .group_by(Enrolment.cohort_id)).all())


def open_cohorts_for(family: Family, now: datetime) -> list[Cohort]:
    """Cohorts of the family's province whose first session is still ahead (or not set yet)."""
    first_start = (select(func.min(TrainingSession.starts_at)).where(TrainingSession.cohort_id == Cohort.id)
                   .correlate(Cohort).scalar_subquery())
    return list(db.session.scalars(
        select(Cohort).join(Course).where(Course.province_id == family.province_id,
                                          (first_start.is_(None)) | (first_start > now))
        .options(joinedload(Cohort.course).selectinload(Course.crafts),
                 selectinload(Cohort.sessions).joinedload(TrainingSession.venue))
        .order_by(Cohort.id)))


def enrolments_of(family: Family) -> list[Enrolment]:
    return list(db.session.scalars(
        select(Enrolment).where(Enrolment.family_id == family.id).order_by(Enrolment.id.desc())
        .options(joinedload(Enrolment.cohort).joinedload(Cohort.course), joinedload(Enrolment.certificate),
                 joinedload(Enrolment.cohort).selectinload(Cohort.sessions).joinedload(TrainingSession.venue))))


def attended_session_ids(family: Family, session_ids: list[int]) -> set[int]:
    if not session_ids:
        return set()
    return set(db.session.scalars(select(Attendance.session_id).where(
        Attendance.family_id == family.id, Attendance.session_id.in_(session_ids))))


def family_by_phone(phone: str) -> Family | None:
    return db.session.scalar(select(Family).join(User, User.id == Family.user_id).where(User.phone == phone))


def own_certificate_or_404(family: Family, certificate_id: int) -> Certificate:
    certificate = certificate_or_404(certificate_id)
    if certificate.family_id != family.id:
        abort(404)
    return certificate


def public_sessions(province=None):
    """A select of every session visitors may see (all are public: a course has no draft state),
    with what the calendar shows of it, in date order."""
    query = (select(TrainingSession).join(Cohort, Cohort.id == TrainingSession.cohort_id)
             .join(Course, Course.id == Cohort.course_id)
             .options(joinedload(TrainingSession.venue),
                      joinedload(TrainingSession.cohort).joinedload(Cohort.course).joinedload(Course.province))
             .order_by(TrainingSession.starts_at, TrainingSession.id))
    if province is not None:
        query = query.where(Course.province_id == province.id)
    return query



def next_session_of(family: Family, now: datetime) -> TrainingSession | None:
    """The next session of a group the family has a place in (the family's dashboard)."""
    return db.session.scalar(
        select(TrainingSession).join(Enrolment, Enrolment.cohort_id == TrainingSession.cohort_id)
        .where(Enrolment.family_id == family.id, Enrolment.status == EnrolmentStatus.ENROLLED,
               TrainingSession.ends_at > now)
        .options(joinedload(TrainingSession.venue), joinedload(TrainingSession.cohort).joinedload(Cohort.course))
        .order_by(TrainingSession.starts_at).limit(1))


def completed_courses(family_ids: list[int]) -> dict[int, tuple[str, str | None]]:
    """Family id -> (Arabic, English title) of the latest course it holds a standing
    certificate of, in one query: the assigner's "trained" priority and its reason."""
    if not family_ids:
        return {}
    rows = db.session.execute(
        select(Certificate.family_id, Course.title_ar, Course.title_en).join(Course, Course.id == Certificate.course_id)
        .where(Certificate.family_id.in_(family_ids), Certificate.revoked_at.is_(None))
        .order_by(Certificate.issued_at)).all()
    return {family_id: (title_ar, title_en) for family_id, title_ar, title_en in rows}
