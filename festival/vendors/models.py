from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, Column, ForeignKey, String, Table, Text, UniqueConstraint, false
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from festival.auth.models import User
from festival.core.types import UTCDateTime, utcnow
from festival.crafts.models import Craft, CraftCategory
from festival.extensions import db
from festival.provinces.models import Area, Province

family_crafts = Table(
    "family_crafts",
    db.metadata,
    Column("family_id", ForeignKey("families.id", ondelete="CASCADE"), primary_key=True),
    Column("craft_id", ForeignKey("craft_categories.id", ondelete="CASCADE"), primary_key=True),
)

# The refined crafts of the register a family practises (festival/crafts: Craft), chosen on
# its profile beside its categories.
family_craft_items = Table(
    "family_craft_items",
    db.metadata,
    Column("family_id", ForeignKey("families.id", ondelete="CASCADE"), primary_key=True),
    Column("craft_id", ForeignKey("crafts.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class HeadSex(StrEnum):
    """Whether a woman or a man heads the family, when the family chose to say (donors ask how
    many women-led families the programme reaches)."""

    FEMALE = "female"
    MALE = "male"


class Family(db.Model):
    """A productive family: one vendor account is one family (unique user_id)."""

    __tablename__ = "families"
    __table_args__ = (CheckConstraint("head_sex IS NULL OR head_sex IN ('female', 'male')", name="head_sex_known"),
                      CheckConstraint("merged_into_id IS NULL OR merged_into_id <> id", name="not_merged_into_itself"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    province_id: Mapped[int] = mapped_column(ForeignKey("provinces.id"), index=True)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    # The profile an organizer reviews (completed before the first application).
    head_name: Mapped[str] = mapped_column(String(120), default="", server_default="")
    head_sex: Mapped[str | None] = mapped_column(String(8))  # HeadSex; NULL: not said
    second_phone: Mapped[str | None] = mapped_column(String(20))  # E.164
    products: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Priority flags organizers may use when choosing among applications.
    first_market: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    rural_women_project: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    disability: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    other_programme: Mapped[str] = mapped_column(String(200), default="", server_default="")
    profile_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when an admin merged this record into another one (festival/duplicates/merge.py):
    # everything it held moved there, its account is disabled; the row stays as history.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("families.id", ondelete="SET NULL"), index=True)

    user: Mapped[User] = relationship(backref=db.backref("family", uselist=False))
    merged_into: Mapped["Family | None"] = relationship(remote_side=[id])
    province: Mapped[Province] = relationship()
    area: Mapped[Area | None] = relationship()
    crafts: Mapped[list[CraftCategory]] = relationship(
        secondary=family_crafts, order_by=CraftCategory.position
    )
    craft_items: Mapped[list[Craft]] = relationship(secondary=family_craft_items, order_by=Craft.position)
    photos: Mapped[list["FamilyPhoto"]] = relationship(
        back_populates="family", order_by="FamilyPhoto.position", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Family {self.id}>"

    @hybrid_property
    def is_live(self) -> bool:
        """Whether this record still stands for a family: not merged into another one
        (festival/duplicates/merge.py). A merged record stays as history only.

        `Family.is_live` is the same test as SQL, the one condition every list, queue,
        export, search, count and duplicate scan over families uses (tests/duplicates/
        test_merged_hidden.py); add any other reason a record stops counting (an erased
        account) here, in both forms, so that every caller follows."""
        return self.merged_into_id is None

    @is_live.inplace.expression
    @classmethod
    def _is_live_expression(cls):
        return cls.merged_into_id.is_(None)


MAX_PHOTOS = 6


class FamilyPhoto(db.Model):
    """A product photo, re-encoded and stored outside static/ (see vendors/photos.py).

    `position` runs 0..5 and is unique per family: the database itself caps a family
    at six photos.
    """

    __tablename__ = "family_photos"
    __table_args__ = (
        UniqueConstraint("family_id", "position"),
        CheckConstraint(f"position >= 0 AND position < {MAX_PHOTOS}", name="at_most_six"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("families.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)  # random; file and thumbnail
    content_type: Mapped[str] = mapped_column(String(32))
    width: Mapped[int]
    height: Mapped[int]
    size_bytes: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    family: Mapped[Family] = relationship(back_populates="photos")
