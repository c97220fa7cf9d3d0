from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from festival.auth.models import User
from festival.core.i18n import is_arabic
from festival.core.labels import register_labels
from festival.core.types import UTCDateTime, utcnow
from festival.crafts.models import CraftCategory
from festival.extensions import db
from festival.markets.models import Market, Occurrence
from festival.vendors.models import Family


class ApplicationStatus(StrEnum):
    SUBMITTED = "submitted"
    APPROVED = "approved"
    WAITLISTED = "waitlisted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"  # by the family
    CANCELLED = "cancelled"  # by the organizer


STATUS_VALUES = tuple(status.value for status in ApplicationStatus)
register_labels("application", {
    ApplicationStatus.SUBMITTED: _l("Under review"),
    ApplicationStatus.APPROVED: _l("Approved"),
    ApplicationStatus.WAITLISTED: _l("On the waitlist"),
    ApplicationStatus.REJECTED: _l("Rejected"),
    ApplicationStatus.WITHDRAWN: _l("Withdrawn"),
    ApplicationStatus.CANCELLED: _l("Cancelled"),
})

# submitted, approved or waitlisted (festival/applications/states.py ACTIVE_STATES).
LIVE_UNIT_APPLICATION = "unit_id IS NOT NULL AND status IN ('submitted', 'approved', 'waitlisted')"

application_crafts = Table(
    "application_crafts",
    db.metadata,
    Column("application_id", ForeignKey("applications.id", ondelete="CASCADE"), primary_key=True),
    Column("craft_id", ForeignKey("craft_categories.id", ondelete="CASCADE"), primary_key=True),
)


class Application(db.Model):
    """One family's request for a stall at one occurrence (one Friday, or a festival)."""

    __tablename__ = "applications"
    __table_args__ = (
        # One application per family per occurrence: the database decides, not a view.
        UniqueConstraint("family_id", "occurrence_id"),
        CheckConstraint(
            "status IN ('submitted', 'approved', 'waitlisted', 'rejected', 'withdrawn', 'cancelled')",
            name="status_known",
        ),
        CheckConstraint("status <> 'rejected' OR decision_reason IS NOT NULL", name="rejection_has_reason"),
        Index("ix_applications_occurrence_status", "occurrence_id", "status"),
        # A production unit (festival/units) holds at most one live application per date.
        Index("uq_applications_unit_live", "unit_id", "occurrence_id", unique=True,
              sqlite_where=text(LIVE_UNIT_APPLICATION), postgresql_where=text(LIVE_UNIT_APPLICATION)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("families.id", ondelete="CASCADE"), index=True)
    occurrence_id: Mapped[int] = mapped_column(ForeignKey("occurrences.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16), default=ApplicationStatus.SUBMITTED)
    needs_electricity: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    needs_covered: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    needs_accessible: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    terms_accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Added by an organizer on the family's behalf (e.g. after the window closed).
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Sent by a production unit's representative for the whole unit (festival/units/models.py).
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("production_units.id", ondelete="SET NULL"), index=True)
    waitlist_rank: Mapped[int | None]  # the organizer's order; first come by default
    decision_reason: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    family: Mapped[Family] = relationship()
    occurrence: Mapped[Occurrence] = relationship()
    added_by: Mapped[User | None] = relationship(foreign_keys=[added_by_id])
    crafts: Mapped[list[CraftCategory]] = relationship(secondary=application_crafts, order_by=CraftCategory.position)
    answers: Mapped[list["Answer"]] = relationship(back_populates="application", cascade="all, delete-orphan")
    history: Mapped[list["StatusChange"]] = relationship(
        back_populates="application", order_by="StatusChange.at", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Application {self.id} {self.status}>"

    @property
    def market(self) -> Market:
        return self.occurrence.market


class StatusChange(db.Model):
    """Every transition of an application: who, when, why (the family's timeline)."""

    __tablename__ = "application_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    application: Mapped[Application] = relationship(back_populates="history")
    by: Mapped[User | None] = relationship()


class QuestionKind(StrEnum):
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"
    YES_NO = "yes_no"
    CHOICE = "choice"
    NUMBER = "number"


class Question(db.Model):
    """An organizer's own question on a market's application form."""

    __tablename__ = "market_questions"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('short_text', 'long_text', 'yes_no', 'choice', 'number')", name="kind_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    market_id: Mapped[int] = mapped_column(ForeignKey("markets.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    label_ar: Mapped[str] = mapped_column(String(300))
    label_en: Mapped[str | None] = mapped_column(String(300))
    required: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # For `choice`: one option per line, "Arabic | English" (English optional).
    options: Mapped[str] = mapped_column(Text, default="", server_default="")
    position: Mapped[int] = mapped_column(default=0)

    market: Mapped[Market] = relationship(backref=db.backref("questions", order_by="Question.position",
                                                             cascade="all, delete-orphan"))

    @property
    def label(self) -> str:
        return self.label_en if (self.label_en and not is_arabic()) else self.label_ar


class Answer(db.Model):
    __tablename__ = "application_answers"

    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("market_questions.id", ondelete="CASCADE"), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")

    application: Mapped[Application] = relationship(back_populates="answers")
    question: Mapped[Question] = relationship()
