"""The programme's partners (ministries, financing banks, agencies, NGOs), what each may
export, and every export they made.

A partner reads aggregates of its scope (national, or some provinces) and exports the
families that granted its purpose (festival/consent: banks, or ministries' programmes),
with only the fields its data policy lists. Every export is a row here with the families
it held, so admins see who took what, and each family sees who received its data.
"""
from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Boolean, CheckConstraint, Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from festival.auth.models import User
from festival.core.i18n import Bilingual
from festival.core.labels import register_labels
from festival.core.types import UTCDateTime, utcnow
from festival.extensions import db
from festival.provinces.models import Province


class PartnerKind(StrEnum):
    MINISTRY = "ministry"
    BANK = "bank"
    AGENCY = "agency"
    NGO = "ngo"


register_labels("partner_kind", {PartnerKind.MINISTRY: _l("Ministry"), PartnerKind.BANK: _l("Financing bank"),
                                 PartnerKind.AGENCY: _l("Public agency"), PartnerKind.NGO: _l("NGO")})

# What a partner's data policy may list, in the export's column order. Contact data (the
# name of the head and the phone) only reach partners of families that granted the purpose.
EXPORT_FIELDS = {
    "name": _l("Family"),
    "head_name": _l("Name of the head of the family"),
    "phone": _l("Mobile number"),
    "province": _l("Province"),
    "area": _l("Area"),
    "crafts": _l("Crafts"),
    "products": _l("Products"),
    "market_dates": _l("Market dates with a stall"),
    "sales": _l("Reported sales (Syrian pounds)"),
}

register_labels("export_field", EXPORT_FIELDS)

partner_provinces = Table(
    "partner_provinces",
    db.metadata,
    Column("partner_id", ForeignKey("partners.id", ondelete="CASCADE"), primary_key=True),
    Column("province_id", ForeignKey("provinces.id", ondelete="CASCADE"), primary_key=True),
)

# The accounts that act for a partner (one or more people of the organisation).
partner_members = Table(
    "partner_members",
    db.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("partner_id", ForeignKey("partners.id", ondelete="CASCADE"), index=True, nullable=False),
)

partner_export_families = Table(
    "partner_export_families",
    db.metadata,
    Column("export_id", ForeignKey("partner_exports.id", ondelete="CASCADE"), primary_key=True),
    Column("family_id", ForeignKey("families.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Partner(Bilingual, db.Model):
    __tablename__ = "partners"
    __table_args__ = (
        CheckConstraint("kind IN ('ministry', 'bank', 'agency', 'ngo')", name="kind_known"),
        CheckConstraint("purpose IN ('banks', 'ministries')", name="purpose_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name_ar: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    national: Mapped[bool] = mapped_column(Boolean, default=False)  # else: its provinces only
    purpose: Mapped[str] = mapped_column(String(16))  # the consent its exports need (festival/consent)
    fields: Mapped[list] = mapped_column(JSON, default=list)  # its data policy: codes of EXPORT_FIELDS
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    provinces: Mapped[list[Province]] = relationship(secondary=partner_provinces, order_by=Province.position)
    members: Mapped[list[User]] = relationship(secondary=partner_members, order_by=User.display_name)


class PartnerExport(db.Model):
    __tablename__ = "partner_exports"
    __table_args__ = (CheckConstraint("row_count >= 0", name="row_count_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # A read of the partner API (festival/partners/token_models.py) instead of a person's download.
    api_token_id: Mapped[int | None] = mapped_column(ForeignKey("api_tokens.id", ondelete="SET NULL"), index=True)
    made_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    row_count: Mapped[int]
    fields: Mapped[list] = mapped_column(JSON, default=list)
    purpose: Mapped[str] = mapped_column(String(16))

    partner: Mapped[Partner] = relationship()
    user: Mapped[User | None] = relationship()
    api_token: Mapped["ApiToken | None"] = relationship()  # noqa: F821 - festival/partners/token_models.py
