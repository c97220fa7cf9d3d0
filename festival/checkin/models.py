from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from festival.applications.models import Application
from festival.auth.models import User
from festival.badges.models import Badge
from festival.core.labels import register_labels
from festival.core.types import UTCDateTime, utcnow
from festival.extensions import db
from festival.markets.models import Occurrence
from festival.vendors.models import Family


class CheckinMethod(StrEnum):
    SCAN = "scan"  # QR code scanned
    CODE = "code"  # short code typed
    PAPER = "paper"  # ticked on the paper list
    MANUAL = "manual"  # recorded by the organizer


register_labels("checkin_method", {
    CheckinMethod.SCAN: _l("QR code scanned"),
    CheckinMethod.CODE: _l("Short code typed"),
    CheckinMethod.PAPER: _l("Ticked on the paper list"),
    CheckinMethod.MANUAL: _l("Recorded by the organizer"),
})


class CheckIn(db.Model):
    """A family's arrival at one occurrence: at most one, whoever scans first wins."""

    __tablename__ = "checkins"
    __table_args__ = (
        UniqueConstraint("occurrence_id", "family_id"),
        CheckConstraint("method IN ('scan', 'code', 'paper', 'manual')", name="method_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurrence_id: Mapped[int] = mapped_column(ForeignKey("occurrences.id", ondelete="CASCADE"), index=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("families.id", ondelete="CASCADE"))
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    badge_id: Mapped[int | None] = mapped_column(ForeignKey("badges.id", ondelete="SET NULL"))
    method: Mapped[str] = mapped_column(String(8))  # scan, code (typed), paper (ticked list), manual
    # A scanner's request id: resending the same request never records a second arrival.
    nonce: Mapped[str | None] = mapped_column(String(64), unique=True)
    checked_in_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    family: Mapped[Family] = relationship()
    occurrence: Mapped[Occurrence] = relationship()
    application: Mapped[Application] = relationship()
    badge: Mapped[Badge | None] = relationship()
    by: Mapped[User | None] = relationship()


class NoShow(db.Model):
    """A family that did not come and whose stall was given to someone else on the day."""

    __tablename__ = "no_shows"
    __table_args__ = (UniqueConstraint("application_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    occurrence_id: Mapped[int] = mapped_column(ForeignKey("occurrences.id", ondelete="CASCADE"), index=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    family_id: Mapped[int] = mapped_column(ForeignKey("families.id", ondelete="CASCADE"), index=True)
    stall_code: Mapped[str] = mapped_column(String(16))
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id", ondelete="SET NULL"))
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    family: Mapped[Family] = relationship()
    application: Mapped[Application] = relationship(foreign_keys=[application_id])
