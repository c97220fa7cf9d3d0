"""Production units (الوحدات الإنتاجية للأسر المنتجة): families working together in a shared
kitchen or workshop, the equipment they received and what they produce.

Each member family keeps its own record; the unit only says who works together. One member
is the unit's representative: the family that applies to markets for the unit (an
application with `unit_id`, festival/applications/models.py), so that one person speaks for
the unit to the organizers and two members never race each other for the same date.

Rules the database holds itself: a unit's name is unique in its province; a family is a
member of a unit once; a unit has at most one representative; equipment is at least one
piece and its value (when known) is not negative; output is recorded once per unit, month
and description, with quantities and values that are not negative and a month written
`YYYY-MM`. Equipment from no partner (`partner_id` NULL) came from the programme itself; a
partner that financed equipment cannot be deleted while the record names it.
"""
from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
    false,
    text,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from festival.core.types import UTCDateTime, utcnow
from festival.crafts.models import CraftCategory
from festival.extensions import db
from festival.partners.models import Partner
from festival.provinces.models import Area, Province
from festival.vendors.models import Family


class ProductionUnit(db.Model):
    __tablename__ = "production_units"
    __table_args__ = (
        UniqueConstraint("province_id", "name"),
        CheckConstraint("length(name) > 0", name="name_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    province_id: Mapped[int] = mapped_column(ForeignKey("provinces.id", ondelete="RESTRICT"), index=True)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id", ondelete="SET NULL"))
    craft_id: Mapped[int] = mapped_column(ForeignKey("craft_categories.id", ondelete="RESTRICT"))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    province: Mapped[Province] = relationship()
    area: Mapped[Area | None] = relationship()
    craft: Mapped[CraftCategory] = relationship()
    members: Mapped[list["UnitMember"]] = relationship(back_populates="unit", cascade="all, delete-orphan",
                                                        order_by="UnitMember.joined_at")
    equipment: Mapped[list["UnitEquipment"]] = relationship(back_populates="unit", cascade="all, delete-orphan",
                                                            order_by="UnitEquipment.received_on")
    outputs: Mapped[list["UnitOutput"]] = relationship(back_populates="unit", cascade="all, delete-orphan",
                                                       order_by=lambda: (UnitOutput.month.desc(), UnitOutput.id))

    def __repr__(self) -> str:
        return f"<ProductionUnit {self.id}>"

    @property
    def representative(self) -> Family | None:
        return next((member.family for member in self.members if member.representative), None)


class UnitMember(db.Model):
    __tablename__ = "production_unit_members"
    __table_args__ = (
        # At most one representative per unit: a partial unique index, on SQLite and PostgreSQL.
        Index("uq_production_unit_members_representative", "unit_id", unique=True,
              sqlite_where=text("representative"), postgresql_where=text("representative")),
    )

    unit_id: Mapped[int] = mapped_column(ForeignKey("production_units.id", ondelete="CASCADE"), primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("families.id", ondelete="CASCADE"), primary_key=True,
                                           index=True)
    representative: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    unit: Mapped[ProductionUnit] = relationship(back_populates="members")
    family: Mapped[Family] = relationship()


class UnitEquipment(db.Model):
    __tablename__ = "production_unit_equipment"
    __table_args__ = (
        CheckConstraint("length(description) > 0", name="description_not_empty"),
        CheckConstraint("quantity >= 1 AND quantity <= 100000", name="quantity_in_range"),
        CheckConstraint("value_syp IS NULL OR value_syp >= 0", name="value_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("production_units.id", ondelete="CASCADE"), index=True)
    description: Mapped[str] = mapped_column(String(200))
    quantity: Mapped[int] = mapped_column(default=1)
    received_on: Mapped[date] = mapped_column(Date)
    # NULL: the programme itself gave it.
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id", ondelete="RESTRICT"), index=True)
    value_syp: Mapped[int | None] = mapped_column(BigInteger)  # whole pounds, when known
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    unit: Mapped[ProductionUnit] = relationship(back_populates="equipment")
    partner: Mapped[Partner | None] = relationship()


class UnitOutput(db.Model):
    """What the unit produced in one month (e.g. 120 jars of مكدوس worth 900,000 SYP)."""

    __tablename__ = "production_unit_outputs"
    __table_args__ = (
        UniqueConstraint("unit_id", "month", "description"),
        CheckConstraint("length(month) = 7 AND substr(month, 5, 1) = '-' AND substr(month, 6, 2) >= '01' "
                        "AND substr(month, 6, 2) <= '12' AND substr(month, 1, 4) >= '2000'", name="month_format"),
        CheckConstraint("length(description) > 0", name="description_not_empty"),
        CheckConstraint("quantity >= 0", name="quantity_not_negative"),
        CheckConstraint("value_syp >= 0", name="value_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("production_units.id", ondelete="CASCADE"), index=True)
    month: Mapped[str] = mapped_column(String(7))  # "2026-11"
    description: Mapped[str] = mapped_column(String(200))
    quantity: Mapped[int] = mapped_column(BigInteger, default=0)
    quantity_unit: Mapped[str] = mapped_column(String(32), default="", server_default="")  # kg, jars, bars
    value_syp: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    unit: Mapped[ProductionUnit] = relationship(back_populates="outputs")
