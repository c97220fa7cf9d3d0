from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, String, Table, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from festival.applications.models import Application
from festival.core.types import UTCDateTime, utcnow
from festival.extensions import db
from festival.markets.models import Occurrence
from festival.vendors.models import Family

# Gate staff work at the markets an organizer attaches them to.
gate_staff = Table(
    "gate_staff",
    db.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("market_id", ForeignKey("markets.id", ondelete="CASCADE"), primary_key=True),
)


class Badge(db.Model):
    """The family's pass for one occurrence. A reissue revokes the old one.

    The partial unique index allows many revoked badges but only one live badge per
    application.
    """

    __tablename__ = "badges"
    __table_args__ = (
        Index("uq_badges_live_application", "application_id", unique=True,
              sqlite_where=text("revoked_at IS NULL"), postgresql_where=text("revoked_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    occurrence_id: Mapped[int] = mapped_column(ForeignKey("occurrences.id", ondelete="CASCADE"))
    family_id: Mapped[int] = mapped_column(ForeignKey("families.id", ondelete="CASCADE"), index=True)
    stall_id: Mapped[int] = mapped_column(ForeignKey("stalls.id", ondelete="RESTRICT"))
    stall_code: Mapped[str] = mapped_column(String(16))  # as printed on the badge
    short_code: Mapped[str] = mapped_column(String(10), unique=True)  # for typing in by hand
    valid_from: Mapped[datetime] = mapped_column(UTCDateTime)
    valid_until: Mapped[datetime] = mapped_column(UTCDateTime)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_reason: Mapped[str | None] = mapped_column(String(16))  # reissued | released

    application: Mapped[Application] = relationship()
    occurrence: Mapped[Occurrence] = relationship()
    family: Mapped[Family] = relationship()

    def __repr__(self) -> str:
        return f"<Badge {self.id} {self.short_code}>"
