from datetime import datetime

from sqlalchemy import Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from festival.auth.models import User
from festival.core.types import UTCDateTime, utcnow
from festival.crafts.models import CraftCategory
from festival.extensions import db
from festival.provinces.models import Area, Province

family_crafts = Table(
    "family_crafts",
    db.metadata,
    Column("family_id", ForeignKey("families.id", ondelete="CASCADE"), primary_key=True),
    Column("craft_id", ForeignKey("craft_categories.id", ondelete="CASCADE"), primary_key=True),
)


class Family(db.Model):
    """A productive family: one vendor account is one family (unique user_id)."""

    __tablename__ = "families"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    province_id: Mapped[int] = mapped_column(ForeignKey("provinces.id"), index=True)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(backref=db.backref("family", uselist=False))
    province: Mapped[Province] = relationship()
    area: Mapped[Area | None] = relationship()
    crafts: Mapped[list[CraftCategory]] = relationship(
        secondary=family_crafts, order_by=CraftCategory.position
    )

    def __repr__(self) -> str:
        return f"<Family {self.id}>"
