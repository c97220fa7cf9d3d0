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
    # A scan made offline on a gate phone: checked_in_at is the phone's time of the scan,
    # uploaded_at when the phone could send it (NULL for scans the server saw at once).
    device_id: Mapped[int | None] = mapped_column(ForeignKey("gate_devices.id", ondelete="SET NULL"))
    uploaded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    family: Mapped[Family] = relationship()
    occurrence: Mapped[Occurrence] = relationship()
    application: Mapped[Application] = relationship()
    badge: Mapped[Badge | None] = relationship()
    by: Mapped[User | None] = relationship()
    device: Mapped["GateDevice | None"] = relationship()


class GateDevice(db.Model):
    """A phone enrolled to work one market's gate offline, for one gate account.

    It receives the day package (keys, roster, revocations) and uploads offline scans. An
    organizer can revoke it: the phone wipes its package at its next contact, and scans it
    made after the revocation are recorded as conflicts, not arrivals.
    """

    __tablename__ = "gate_devices"

    id: Mapped[int] = mapped_column(primary_key=True)
    # What the phone sends to name itself: random, and only worth anything with the account's session.
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    market_id: Mapped[int] = mapped_column(ForeignKey("markets.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(80), default="")  # the phone's browser, to tell phones apart
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])


class ConflictKind(StrEnum):
    TWICE = "twice"  # admitted offline, but the family had already been checked in (another phone, or online)
    REFUSED = "refused"  # admitted offline, but the badge was not valid for the server (revoked, other day…)
    DEVICE_REVOKED = "device_revoked"  # scanned after an organizer removed the phone


register_labels("scan_conflict", {
    ConflictKind.TWICE: _l("Admitted twice"),
    ConflictKind.REFUSED: _l("Admitted offline, not valid"),
    ConflictKind.DEVICE_REVOKED: _l("Scanned by a removed phone"),
})


class ScanConflict(db.Model):
    """An offline scan that let a family in but could not be recorded as its arrival.

    Kept, never dropped, and shown on the organizer's attendance page with both times and
    both phones: the family did pass the gate, and someone should look at why.
    """

    __tablename__ = "scan_conflicts"
    __table_args__ = (
        CheckConstraint("kind IN ('twice', 'refused', 'device_revoked')", name="kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurrence_id: Mapped[int] = mapped_column(ForeignKey("occurrences.id", ondelete="CASCADE"), index=True)
    badge_id: Mapped[int | None] = mapped_column(ForeignKey("badges.id", ondelete="SET NULL"))
    family_id: Mapped[int | None] = mapped_column(ForeignKey("families.id", ondelete="CASCADE"))
    device_id: Mapped[int | None] = mapped_column(ForeignKey("gate_devices.id", ondelete="SET NULL"))
    by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    nonce: Mapped[str] = mapped_column(String(64), unique=True)  # the phone's scan id: uploaded twice, kept once
    kind: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(String(16))  # festival/checkin/verify.Reason for REFUSED
    scanned_at: Mapped[datetime] = mapped_column(UTCDateTime)  # the phone's time
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    checkin_id: Mapped[int | None] = mapped_column(ForeignKey("checkins.id", ondelete="SET NULL"))  # the other arrival

    badge: Mapped[Badge | None] = relationship()
    family: Mapped[Family | None] = relationship()
    device: Mapped[GateDevice | None] = relationship()
    by: Mapped[User | None] = relationship()
    checkin: Mapped[CheckIn | None] = relationship()


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
