from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from festival.applications.models import Application
from festival.auth.models import User
from festival.core.types import UTCDateTime, utcnow
from festival.extensions import db
from festival.markets.models import Occurrence
from festival.vendors.models import Family
from festival.venues.models import Stall


class StallAssignment(db.Model):
    """A family at a stall on one occurrence.

    The unique constraints are the guarantee against double booking: one family per
    stall and one stall per family on an occurrence, whatever the application code does.
    """

    __tablename__ = "stall_assignments"
    __table_args__ = (
        UniqueConstraint("occurrence_id", "stall_id"),
        UniqueConstraint("occurrence_id", "family_id"),
        UniqueConstraint("application_id"),
        CheckConstraint("method IN ('manual', 'auto', 'copied')", name="method_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    occurrence_id: Mapped[int] = mapped_column(ForeignKey("occurrences.id", ondelete="CASCADE"))
    stall_id: Mapped[int] = mapped_column(ForeignKey("stalls.id", ondelete="RESTRICT"), index=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("families.id", ondelete="CASCADE"), index=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    method: Mapped[str] = mapped_column(String(8), default="manual")
    explanation: Mapped[str] = mapped_column(Text, default="", server_default="")  # why the assigner chose it
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    occurrence: Mapped[Occurrence] = relationship()
    stall: Mapped[Stall] = relationship()
    family: Mapped[Family] = relationship()
    application: Mapped[Application] = relationship(backref=db.backref("assignment", uselist=False))
    assigned_by: Mapped[User | None] = relationship()
