"""Document types (set by admins), the ones a market asks for, and the families' uploads.

A document type (health certificate, national ID, craft licence) may expire, and is
required of the families selling in some craft categories; a market may require more
types of every family it takes. A family uploads a document (a photo or a PDF, checked
by festival/documents/files.py) with its number and, for a type that expires, the last
day it is valid; an organizer of the family's province verifies it or rejects it with a
reason.

A new upload of the same type replaces the older one for readiness (its `replaced_at`
is set) but the older one is kept: the history of a family's papers is never deleted.
Rules the database holds itself: one current document per family and type (a partial
unique index), a reason for every rejection, a review time for every decision, a number
for every document, known statuses and file types.
"""
from datetime import date, datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, CheckConstraint, Column, Date, ForeignKey, Index, String, Table, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from festival.auth.models import User
from festival.core.i18n import Bilingual
from festival.core.labels import register_labels
from festival.core.types import UTCDateTime, utcnow
from festival.crafts.models import CraftCategory
from festival.extensions import db
from festival.provinces.models import Province
from festival.vendors.models import Family


class DocumentStatus(StrEnum):
    PENDING = "pending"  # uploaded, not checked yet
    VERIFIED = "verified"
    REJECTED = "rejected"


register_labels("document", {
    DocumentStatus.PENDING: _l("Not checked yet"),
    DocumentStatus.VERIFIED: _l("Verified"),
    DocumentStatus.REJECTED: _l("Rejected"),
})

PDF_CONTENT_TYPE = "application/pdf"
PHOTO_CONTENT_TYPE = "image/webp"

document_type_crafts = Table(
    "document_type_crafts",
    db.metadata,
    Column("document_type_id", ForeignKey("document_types.id", ondelete="CASCADE"), primary_key=True),
    Column("craft_id", ForeignKey("craft_categories.id", ondelete="CASCADE"), primary_key=True, index=True),
)

# The types a market asks of every family, whatever it sells (set by its organizers).
market_document_types = Table(
    "market_document_types",
    db.metadata,
    Column("market_id", ForeignKey("markets.id", ondelete="CASCADE"), primary_key=True),
    Column("document_type_id", ForeignKey("document_types.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class DocumentType(Bilingual, db.Model):
    __tablename__ = "document_types"
    __table_args__ = (CheckConstraint("length(trim(name_ar)) > 0", name="name_given"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name_ar: Mapped[str] = mapped_column(String(120), unique=True)
    name_en: Mapped[str] = mapped_column(String(120), default="", server_default="")
    expires: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    # Families selling in these crafts need it (none: only the markets that ask for it).
    crafts: Mapped[list[CraftCategory]] = relationship(secondary=document_type_crafts,
                                                       order_by=CraftCategory.position)

    def __repr__(self) -> str:
        return f"<DocumentType {self.id}>"


class FamilyDocument(db.Model):
    __tablename__ = "family_documents"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'verified', 'rejected')", name="status_known"),
        CheckConstraint("status <> 'rejected' OR length(trim(coalesce(reject_reason, ''))) > 0",
                        name="rejection_has_reason"),
        CheckConstraint("status = 'pending' OR reviewed_at IS NOT NULL", name="decision_has_time"),
        CheckConstraint("content_type IN ('image/webp', 'application/pdf')", name="content_type_known"),
        CheckConstraint("size_bytes > 0", name="file_not_empty"),
        CheckConstraint("length(trim(number)) > 0", name="number_given"),
        CheckConstraint("expiry_reminded_days IS NULL OR expiry_reminded_days IN (30, 7)",
                        name="reminder_window_known"),
        # One current document per family and type; the replaced ones are its history.
        Index("uq_family_documents_current", "family_id", "document_type_id", unique=True,
              sqlite_where=db.text("replaced_at IS NULL"), postgresql_where=db.text("replaced_at IS NULL")),
        Index("ix_family_documents_status", "status", "replaced_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("families.id", ondelete="CASCADE"), index=True)
    document_type_id: Mapped[int] = mapped_column(ForeignKey("document_types.id", ondelete="RESTRICT"), index=True)
    number: Mapped[str] = mapped_column(String(64))
    expires_on: Mapped[date | None] = mapped_column(Date, index=True)  # the last day it is valid
    status: Mapped[str] = mapped_column(String(16), default=DocumentStatus.PENDING)
    reject_reason: Mapped[str | None] = mapped_column(Text)
    # The file: random name, under <UPLOAD_FOLDER>/documents/ (festival/documents/files.py).
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(32))
    size_bytes: Mapped[int]
    pages: Mapped[int] = mapped_column(default=1, server_default="1")
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    replaced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The last expiry reminder sent (30 or 7 days before): festival/documents/reminders.py.
    expiry_reminded_days: Mapped[int | None]

    family: Mapped[Family] = relationship()
    document_type: Mapped[DocumentType] = relationship()
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])

    def __repr__(self) -> str:
        return f"<FamilyDocument {self.id} {self.status}>"

    @property
    def province(self) -> Province:
        return self.family.province

    @property
    def is_current(self) -> bool:
        return self.replaced_at is None

    @property
    def is_pdf(self) -> bool:
        return self.content_type == PDF_CONTENT_TYPE
