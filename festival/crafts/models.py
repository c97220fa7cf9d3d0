"""Craft categories and the refined crafts of the traditional-crafts register (seeded
reference data), with the photos admins add to a craft.

A `Craft` belongs to one category (the families' broad choice) and carries the
ministry's marks: `heritage` (part of the national intangible heritage list) and
`endangered` (too few practitioners left; only a heritage craft is marked so, a CHECK
says it). Which families practise a craft is festival/vendors/models.family_craft_items.
"""
from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from festival.core.i18n import Bilingual, is_arabic
from festival.core.types import UTCDateTime, utcnow
from festival.extensions import db

MAX_CRAFT_PHOTOS = 4


class CraftCategory(Bilingual, db.Model):
    __tablename__ = "craft_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(32), unique=True)
    name_ar: Mapped[str] = mapped_column(String(64))
    name_en: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(default=0)


class Craft(Bilingual, db.Model):
    """A traditional craft as the programme lists it (الصابون الحلبي, البروكار الدمشقي...)."""

    __tablename__ = "crafts"
    __table_args__ = (
        CheckConstraint("NOT endangered OR heritage", name="endangered_is_heritage"),
        CheckConstraint("length(slug) > 0 AND length(name_ar) > 0 AND length(name_en) > 0", name="named"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(48), unique=True)
    name_ar: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(80))
    category_id: Mapped[int] = mapped_column(ForeignKey("craft_categories.id", ondelete="RESTRICT"), index=True)
    heritage: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    endangered: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    description_ar: Mapped[str] = mapped_column(Text, default="", server_default="")
    description_en: Mapped[str] = mapped_column(Text, default="", server_default="")
    position: Mapped[int] = mapped_column(default=0)

    category: Mapped[CraftCategory] = relationship()
    photos: Mapped[list["CraftPhoto"]] = relationship(
        back_populates="craft", order_by="CraftPhoto.position", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Craft {self.slug}>"

    @property
    def description(self) -> str:
        if not is_arabic() and self.description_en:
            return self.description_en
        return self.description_ar


class CraftPhoto(db.Model):
    """A photo of a craft, re-encoded and stored outside static/ (festival/crafts/photos.py).

    `position` runs 0..MAX_CRAFT_PHOTOS-1 and is unique per craft: the database caps the
    number of photos; `size_bytes` is bounded as well.
    """

    __tablename__ = "craft_photos"
    __table_args__ = (
        UniqueConstraint("craft_id", "position"),
        CheckConstraint(f"position >= 0 AND position < {MAX_CRAFT_PHOTOS}", name="at_most_four"),
        CheckConstraint("size_bytes > 0 AND size_bytes <= 8388608", name="size_bounded"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    craft_id: Mapped[int] = mapped_column(ForeignKey("crafts.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(32))
    width: Mapped[int]
    height: Mapped[int]
    size_bytes: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    craft: Mapped[Craft] = relationship(back_populates="photos")
