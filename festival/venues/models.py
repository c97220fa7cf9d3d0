from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, Float, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from festival.core.i18n import Bilingual
from festival.core.types import UTCDateTime, utcnow
from festival.extensions import db
from festival.provinces.models import Area, Province


class Venue(Bilingual, db.Model):
    __tablename__ = "venues"
    __table_args__ = (
        CheckConstraint("latitude IS NULL OR (latitude BETWEEN -90 AND 90)", name="latitude_range"),
        CheckConstraint("longitude IS NULL OR (longitude BETWEEN -180 AND 180)", name="longitude_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    province_id: Mapped[int] = mapped_column(ForeignKey("provinces.id"), index=True)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id", ondelete="SET NULL"))
    name_ar: Mapped[str] = mapped_column(String(160))
    name_en: Mapped[str | None] = mapped_column(String(160))
    address: Mapped[str] = mapped_column(String(300), default="")
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    notes_for_vendors: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    province: Mapped[Province] = relationship()
    area: Mapped[Area | None] = relationship()
    sections: Mapped[list["StallSection"]] = relationship(
        back_populates="venue", order_by="StallSection.code", cascade="all, delete-orphan"
    )
    stalls: Mapped[list["Stall"]] = relationship(
        back_populates="venue", order_by="Stall.code", viewonly=True
    )

    def __repr__(self) -> str:
        return f"<Venue {self.id}>"

    @property
    def map_url(self) -> str | None:
        if self.latitude is None or self.longitude is None:
            return None
        return f"https://www.openstreetmap.org/?mlat={self.latitude}&mlon={self.longitude}#map=17/{self.latitude}/{self.longitude}"


class StallSection(db.Model):
    """A block of stalls laid out as a grid: rows × columns, codes `A-01`…"""

    __tablename__ = "stall_sections"
    __table_args__ = (
        UniqueConstraint("venue_id", "code"),
        CheckConstraint("rows BETWEEN 1 AND 50", name="rows_range"),
        CheckConstraint("columns BETWEEN 1 AND 50", name="columns_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    venue_id: Mapped[int] = mapped_column(ForeignKey("venues.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(8))
    rows: Mapped[int]
    columns: Mapped[int]

    venue: Mapped[Venue] = relationship(back_populates="sections")
    stalls: Mapped[list["Stall"]] = relationship(
        back_populates="section", order_by="[Stall.row, Stall.column]", cascade="all, delete-orphan"
    )


class Stall(db.Model):
    __tablename__ = "stalls"
    __table_args__ = (
        UniqueConstraint("venue_id", "code"),
        UniqueConstraint("section_id", "row", "column"),
        CheckConstraint("width_m > 0 AND depth_m > 0", name="size_positive"),
        CheckConstraint("quality BETWEEN 1 AND 5", name="quality_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    venue_id: Mapped[int] = mapped_column(ForeignKey("venues.id", ondelete="CASCADE"), index=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("stall_sections.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(16))
    row: Mapped[int]
    column: Mapped[int]
    width_m: Mapped[float] = mapped_column(Float, default=3.0)
    depth_m: Mapped[float] = mapped_column(Float, default=3.0)
    covered: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    electricity: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    accessible: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    corner: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Footfall as the organizer judges it (near the entrance = 5): the fair assigner
    # gives better stalls to families who had worse ones before.
    quality: Mapped[int] = mapped_column(default=3, server_default="3")
    # A disabled stall is not offered to new events; events that offered it keep it.
    disabled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    venue: Mapped[Venue] = relationship(back_populates="stalls")
    section: Mapped[StallSection] = relationship(back_populates="stalls")

    def __repr__(self) -> str:
        return f"<Stall {self.code}>"

    @property
    def size_label(self) -> str:
        return f"{self.width_m:g}×{self.depth_m:g} m"
