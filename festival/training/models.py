"""Courses are offered in a province as cohorts; a cohort meets in sessions; families enrol
in a cohort, their attendance is recorded per session, and a family that meets the
course's completion rule gets a certificate anyone can verify.

Rules the database holds itself: one enrolment per family and cohort, one attendance per
family and session, one certificate per enrolment, a completion rule no larger than the
number of sessions a course plans, positive capacities and sessions that end after they
start.
"""
from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from festival.auth.models import User
from festival.core.i18n import is_arabic
from festival.core.labels import register_labels
from festival.core.types import UTCDateTime, utcnow
from festival.crafts.models import CraftCategory
from festival.extensions import db
from festival.provinces.models import Province
from festival.vendors.models import Family
from festival.venues.models import Venue


class EnrolmentStatus(StrEnum):
    ENROLLED = "enrolled"
    WAITLISTED = "waitlisted"
    WITHDRAWN = "withdrawn"


class AttendanceMethod(StrEnum):
    SCAN = "scan"  # the family's training pass, read by the trainer's phone
    LIST = "list"  # ticked on the session's list
    CODE = "code"  # the family typed the code shown in the room (festival/training/room_codes.py)


register_labels("enrolment", {
    EnrolmentStatus.ENROLLED: _l("Enrolled"),
    EnrolmentStatus.WAITLISTED: _l("On the waiting list"),
    EnrolmentStatus.WITHDRAWN: _l("Withdrawn"),
})


course_crafts = Table(
    "training_course_crafts",
    db.metadata,
    Column("course_id", ForeignKey("training_courses.id", ondelete="CASCADE"), primary_key=True),
    Column("craft_id", ForeignKey("craft_categories.id", ondelete="CASCADE"), primary_key=True),
)


class Course(db.Model):
    __tablename__ = "training_courses"
    __table_args__ = (
        CheckConstraint("planned_sessions BETWEEN 1 AND 50", name="planned_sessions_range"),
        CheckConstraint("sessions_to_complete BETWEEN 1 AND planned_sessions", name="completion_rule_fits"),
        CheckConstraint("hours_per_session BETWEEN 1 AND 12", name="hours_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    province_id: Mapped[int] = mapped_column(ForeignKey("provinces.id"), index=True)
    title_ar: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str | None] = mapped_column(String(200))
    description_ar: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str | None] = mapped_column(Text)
    topics: Mapped[str] = mapped_column(Text, default="")  # one per line, as the organizer typed them
    # The completion rule: attend at least `sessions_to_complete` of `planned_sessions`.
    planned_sessions: Mapped[int]
    sessions_to_complete: Mapped[int]
    hours_per_session: Mapped[int] = mapped_column(default=2, server_default="2")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    province: Mapped[Province] = relationship()
    # The crafts the course is for (none: every family); families see it marked for them.
    crafts: Mapped[list[CraftCategory]] = relationship(secondary=course_crafts, order_by=CraftCategory.position)
    cohorts: Mapped[list["Cohort"]] = relationship(back_populates="course", order_by="Cohort.id",
                                                   cascade="all, delete-orphan")

    @property
    def title(self) -> str:
        return self.title_en if not is_arabic() and self.title_en else self.title_ar

    @property
    def description(self) -> str:
        return self.description_en if not is_arabic() and self.description_en else self.description_ar

    def __repr__(self) -> str:
        return f"<Course {self.id}>"


class Cohort(db.Model):
    """One group of families taking a course together, with its own sessions and capacity."""

    __tablename__ = "training_cohorts"
    __table_args__ = (CheckConstraint("capacity BETWEEN 1 AND 500", name="capacity_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("training_courses.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    capacity: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    course: Mapped[Course] = relationship(back_populates="cohorts")
    sessions: Mapped[list["TrainingSession"]] = relationship(
        back_populates="cohort", order_by="TrainingSession.starts_at", cascade="all, delete-orphan")
    enrolments: Mapped[list["Enrolment"]] = relationship(back_populates="cohort", cascade="all, delete-orphan")

    @property
    def province(self) -> Province:
        return self.course.province

    @property
    def places(self) -> int:
        """The families the group can take: its places, or fewer where a session's room holds fewer."""
        rooms = [session.capacity for session in self.sessions if session.capacity]
        return min([self.capacity, *rooms])


class TrainingSession(db.Model):
    __tablename__ = "training_sessions"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("capacity IS NULL OR capacity BETWEEN 1 AND 500", name="capacity_range"),
        UniqueConstraint("cohort_id", "starts_at"),  # a double tap on "Add the session" adds one
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("training_cohorts.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("venues.id", ondelete="SET NULL"))
    room: Mapped[str] = mapped_column(String(120), default="", server_default="")
    trainer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    capacity: Mapped[int | None]  # how many the room holds; None: the group's places
    # When the day-before reminder was queued: reminders are sent once per session.
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    cohort: Mapped[Cohort] = relationship(back_populates="sessions")
    venue: Mapped[Venue | None] = relationship()
    trainer: Mapped[User | None] = relationship()
    attendances: Mapped[list["Attendance"]] = relationship(back_populates="session", cascade="all, delete-orphan")

    @property
    def province(self) -> Province:
        return self.cohort.course.province


class Enrolment(db.Model):
    __tablename__ = "training_enrolments"
    __table_args__ = (
        UniqueConstraint("cohort_id", "family_id"),
        CheckConstraint("status IN ('enrolled', 'waitlisted', 'withdrawn')", name="status_known"),
        CheckConstraint("(status = 'waitlisted') = (waitlist_rank IS NOT NULL)", name="rank_only_when_waiting"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("training_cohorts.id", ondelete="CASCADE"), index=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("families.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    waitlist_rank: Mapped[int | None]
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    cohort: Mapped[Cohort] = relationship(back_populates="enrolments")
    family: Mapped[Family] = relationship()
    certificate: Mapped["Certificate | None"] = relationship(back_populates="enrolment", uselist=False)

    @property
    def province(self) -> Province:
        return self.cohort.course.province


class Attendance(db.Model):
    __tablename__ = "training_attendance"
    __table_args__ = (
        UniqueConstraint("session_id", "family_id"),
        CheckConstraint("method IN ('scan', 'list', 'code')", name="method_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("training_sessions.id", ondelete="CASCADE"), index=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("families.id", ondelete="CASCADE"), index=True)
    method: Mapped[str] = mapped_column(String(8))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    session: Mapped[TrainingSession] = relationship(back_populates="attendances")
    family: Mapped[Family] = relationship()


class Certificate(db.Model):
    """Issued once per enrolment that met the completion rule; withdrawn, never deleted."""

    __tablename__ = "training_certificates"
    __table_args__ = (Index("ix_training_certificates_family", "family_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("training_enrolments.id", ondelete="CASCADE"),
                                              unique=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("families.id", ondelete="CASCADE"))
    course_id: Mapped[int] = mapped_column(ForeignKey("training_courses.id", ondelete="CASCADE"), index=True)
    sessions_attended: Mapped[int]
    hours: Mapped[int]
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoke_reason: Mapped[str | None] = mapped_column(Text)

    enrolment: Mapped[Enrolment] = relationship(back_populates="certificate")
    family: Mapped[Family] = relationship()
    course: Mapped[Course] = relationship()

    @property
    def province(self) -> Province:
        return self.course.province

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
