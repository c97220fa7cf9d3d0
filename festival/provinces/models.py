from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from festival.core.i18n import Bilingual
from festival.extensions import db


class Province(Bilingual, db.Model):
    __tablename__ = "provinces"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(32), unique=True)
    name_ar: Mapped[str] = mapped_column(String(64))
    name_en: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(default=0)

    areas: Mapped[list["Area"]] = relationship(
        back_populates="province", order_by="Area.name_ar", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Province {self.slug}>"


class Area(Bilingual, db.Model):
    """A city, town or district inside a province; added by admins."""

    __tablename__ = "areas"
    __table_args__ = (UniqueConstraint("province_id", "name_ar"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    province_id: Mapped[int] = mapped_column(ForeignKey("provinces.id", ondelete="CASCADE"))
    name_ar: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str | None] = mapped_column(String(120))

    province: Mapped[Province] = relationship(back_populates="areas")
