from datetime import date, datetime, time
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from festival.auth.models import User
from festival.core.i18n import is_arabic
from festival.core.labels import register_labels
from festival.core.types import UTCDateTime, utcnow
from festival.crafts.models import CraftCategory
from festival.extensions import db
from festival.provinces.models import Province
from festival.venues.models import Stall, Venue


class MarketKind(StrEnum):
    FRIDAY = "friday"  # a weekly series; every Friday is an occurrence
    FESTIVAL = "festival"  # one occurrence over one or more consecutive days


class MarketStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"
    CANCELLED = "cancelled"


class MarketPhase(StrEnum):
    """What organizers read: the stored status, with "held" for a published market that is over."""

    DRAFT = "draft"
    PUBLISHED = "published"
    HELD = "held"
    ARCHIVED = "archived"
    CANCELLED = "cancelled"


class OccurrenceStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


register_labels("market_kind", {MarketKind.FRIDAY: _l("Friday market"), MarketKind.FESTIVAL: _l("Sales festival")})
register_labels("market", {
    MarketPhase.DRAFT: _l("Draft"),
    MarketPhase.PUBLISHED: _l("Published"),
    MarketPhase.HELD: _l("Held"),
    MarketPhase.ARCHIVED: _l("Archived"),
    MarketPhase.CANCELLED: _l("Cancelled"),
})


market_crafts = Table(
    "market_crafts",
    db.metadata,
    Column("market_id", ForeignKey("markets.id", ondelete="CASCADE"), primary_key=True),
    Column("craft_id", ForeignKey("craft_categories.id", ondelete="CASCADE"), primary_key=True),
)

# The stalls a market offers (its capacity). A stall in use is never deleted (RESTRICT).
market_stalls = Table(
    "market_stalls",
    db.metadata,
    Column("market_id", ForeignKey("markets.id", ondelete="CASCADE"), primary_key=True),
    Column("stall_id", ForeignKey("stalls.id", ondelete="RESTRICT"), primary_key=True),
)


class Market(db.Model):
    __tablename__ = "markets"
    __table_args__ = (
        CheckConstraint("kind IN ('friday', 'festival')", name="kind_known"),
        CheckConstraint("status IN ('draft', 'published', 'archived', 'cancelled')", name="status_known"),
        CheckConstraint("stall_fee >= 0", name="fee_not_negative"),
        CheckConstraint("fee_electricity >= 0 AND fee_covered >= 0", name="fee_extras_not_negative"),
        CheckConstraint("fee_policy IN ('badge', 'warn', 'block')", name="fee_policy_known"),
        CheckConstraint("document_policy IN ('warn', 'applications', 'badges')", name="document_policy_known"),
        CheckConstraint("last_day >= first_day", name="days_in_order"),
        CheckConstraint("closes_at > opens_at", name="hours_in_order"),
        CheckConstraint("applications_close_at > applications_open_at", name="window_in_order"),
        CheckConstraint("assign_grouping IN ('spread', 'group')", name="grouping_known"),
        CheckConstraint("report_deadline_days >= 0 AND report_deadline_days <= 90", name="report_deadline_in_range"),
        Index("ix_markets_status_first_day", "status", "first_day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default=MarketStatus.DRAFT)
    title_ar: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str | None] = mapped_column(String(200))
    description_ar: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str | None] = mapped_column(Text)
    province_id: Mapped[int] = mapped_column(ForeignKey("provinces.id"), index=True)
    venue_id: Mapped[int] = mapped_column(ForeignKey("venues.id"), index=True)
    # Local (Asia/Damascus) calendar days and daily hours; occurrences carry UTC instants.
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    opens_at: Mapped[time] = mapped_column(Time)
    closes_at: Mapped[time] = mapped_column(Time)
    recurrence_rule: Mapped[str | None] = mapped_column(String(200))  # RFC 5545 RRULE, Friday series
    applications_open_at: Mapped[datetime] = mapped_column(UTCDateTime)
    applications_close_at: Mapped[datetime] = mapped_column(UTCDateTime)
    stall_fee: Mapped[int] = mapped_column(default=0)  # whole Syrian pounds, per stall and day
    # Added per day to the fee of a stall with electricity, or a covered one (festival/fees).
    fee_electricity: Mapped[int] = mapped_column(default=0, server_default="0")
    fee_covered: Mapped[int] = mapped_column(default=0, server_default="0")
    # A family that has not paid: still gets its badge / is pointed out at the gate / gets no badge.
    fee_policy: Mapped[str] = mapped_column(String(8), default="badge", server_default="badge")
    # A family without the documents the market requires (festival/documents): is pointed out
    # to organizers / may not apply / gets no badge.
    document_policy: Mapped[str] = mapped_column(String(16), default="warn", server_default="warn")
    # Only families holding a certificate of this course may apply (festival/training).
    required_course_id: Mapped[int | None] = mapped_column(
        ForeignKey("training_courses.id", ondelete="SET NULL"), index=True)
    contact: Mapped[str] = mapped_column(String(200), default="")
    terms_ar: Mapped[str] = mapped_column(Text, default="", server_default="")  # the family accepts them
    terms_en: Mapped[str | None] = mapped_column(Text)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    # Check-in: after this many minutes from opening, empty stalls may go to waiting families.
    checkin_cutoff_minutes: Mapped[int] = mapped_column(default=60, server_default="60")
    # How the automatic stall assigner weighs its soft goals for this market (0 = ignore).
    assign_grouping: Mapped[str] = mapped_column(String(8), default="spread", server_default="spread")
    weight_category_spread: Mapped[int] = mapped_column(default=5, server_default="5")
    weight_fairness: Mapped[int] = mapped_column(default=5, server_default="5")
    weight_first_time: Mapped[int] = mapped_column(default=3, server_default="3")
    weight_reliability: Mapped[int] = mapped_column(default=3, server_default="3")
    weight_seniority: Mapped[int] = mapped_column(default=2, server_default="2")
    weight_uniqueness: Mapped[int] = mapped_column(default=3, server_default="3")
    weight_training: Mapped[int] = mapped_column(default=3, server_default="3")  # holds a training certificate
    # Sales reports: families edit theirs until this many days after the last day; the
    # organizer may publish the total (never per-family figures) on the public event page.
    report_deadline_days: Mapped[int] = mapped_column(default=7, server_default="7")
    publish_sales_total: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Bumped on every change that calendar subscribers should see (iCalendar SEQUENCE).
    revision: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    province: Mapped[Province] = relationship()
    venue: Mapped[Venue] = relationship()
    required_course: Mapped["Course | None"] = relationship("Course")  # noqa: F821 (festival.training)
    created_by: Mapped[User | None] = relationship()
    crafts: Mapped[list[CraftCategory]] = relationship(secondary=market_crafts, order_by=CraftCategory.position)
    offered_stalls: Mapped[list[Stall]] = relationship(secondary=market_stalls, order_by=Stall.code)
    occurrences: Mapped[list["Occurrence"]] = relationship(
        back_populates="market", order_by="Occurrence.day", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Market {self.id} {self.kind}>"

    @property
    def title(self) -> str:
        return self.title_en if (self.title_en and not is_arabic()) else self.title_ar

    @property
    def description(self) -> str:
        return self.description_en if (self.description_en and not is_arabic()) else self.description_ar

    def can_manage(self, user) -> bool:
        return user.is_authenticated and user.can_manage_province(self.province)

    @property
    def is_public(self) -> bool:
        return self.status in (MarketStatus.PUBLISHED, MarketStatus.ARCHIVED, MarketStatus.CANCELLED)

    def applications_open(self, now: datetime) -> bool:
        return (
            self.status == MarketStatus.PUBLISHED
            and self.applications_open_at <= now < self.applications_close_at
        )


class Occurrence(db.Model):
    """One Friday of a series, or the whole of a festival: what families apply to."""

    __tablename__ = "occurrences"
    __table_args__ = (
        UniqueConstraint("market_id", "day"),
        CheckConstraint("status IN ('scheduled', 'cancelled')", name="status_known"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        Index("ix_occurrences_starts_at", "starts_at"),
        Index("ix_occurrences_venue_starts_at", "venue_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    market_id: Mapped[int] = mapped_column(ForeignKey("markets.id", ondelete="CASCADE"))
    venue_id: Mapped[int] = mapped_column(ForeignKey("venues.id"))  # copied, for overlap checks
    day: Mapped[date] = mapped_column(Date)  # local first day
    last_day: Mapped[date] = mapped_column(Date)  # local last day (= day for a Friday)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)  # opening on the first day
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)  # closing on the last day
    status: Mapped[str] = mapped_column(String(16), default=OccurrenceStatus.SCHEDULED)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    revision: Mapped[int] = mapped_column(default=0)
    # When the families with a stall were asked for their sales report (once, after the end).
    reports_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set by the schedules (festival/markets/schedules.py) so that each runs once per date.
    reminders_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # the evening before
    report_deadline_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    market: Mapped[Market] = relationship(back_populates="occurrences")

    def __repr__(self) -> str:
        return f"<Occurrence {self.id} {self.day}>"

    @property
    def is_cancelled(self) -> bool:
        return self.status == OccurrenceStatus.CANCELLED or self.market.status == MarketStatus.CANCELLED

    @property
    def sequence(self) -> int:
        """iCalendar SEQUENCE: grows with every change of the market or of this day."""
        return self.market.revision + self.revision


class PublicDataVersion(db.Model):
    """One row: a number that grows with every committed change of markets.

    Visitors' pages and feeds are validated by it (festival/markets/public_version.py).
    It is raised in the committing transaction itself, so numbers follow commit order
    even when two organizers save at once on PostgreSQL.
    """

    __tablename__ = "public_data_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(BigInteger)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PublicDataScopeVersion(db.Model):
    """The public version's number at the last change of one scope: a province, or 0 (everything).

    A page of one province is validated by the larger of its province's row and row 0
    (festival/markets/public_version.py); the number is the total's, so it follows
    commit order as well.
    """

    __tablename__ = "public_data_scope_versions"

    scope: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)  # a province id, 0: everything
    number: Mapped[int] = mapped_column(BigInteger)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
