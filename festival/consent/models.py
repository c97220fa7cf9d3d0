"""What a family lets the programme share, and with whom: one row per choice, never edited.

A family's current choice for a purpose is its latest row (the highest id); withdrawing is
a new row with `granted` false, so the history says who chose what, when, in which words.
Aggregated statistics (counts, sums, with small cells suppressed) are always allowed and
are not a choice here.
"""
from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from festival.auth.models import User
from festival.core.types import UTCDateTime, utcnow
from festival.extensions import db
from festival.vendors.models import Family


class SharingPurpose(StrEnum):
    PUBLIC_PROFILE = "public_profile"  # its name, products and photos on public market pages
    BANKS = "banks"  # contact and production data with financing banks, for loans
    MINISTRIES = "ministries"  # contact and production data with ministries' programmes


PURPOSE_VALUES = tuple(purpose.value for purpose in SharingPurpose)

# The words a family reads next to each choice; the row keeps the very words it was shown.
WORDING = {
    SharingPurpose.PUBLIC_PROFILE: _l("Show our family's name, products and photos on the public pages of the "
                                      "markets where we have a stall."),
    SharingPurpose.BANKS: _l("Share our contact details and what we produce with the programme's financing banks, "
                             "so that they can offer us a loan."),
    SharingPurpose.MINISTRIES: _l("Share our contact details and what we produce with ministries' support "
                                  "programmes for productive families."),
}


class ConsentChoice(db.Model):
    __tablename__ = "consent_choices"
    __table_args__ = (
        CheckConstraint(f"purpose IN {PURPOSE_VALUES}", name="purpose_known"),
        CheckConstraint("length(wording) > 0", name="wording_kept"),
        Index("ix_consent_choices_family_purpose", "family_id", "purpose", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("families.id", ondelete="CASCADE"))
    purpose: Mapped[str] = mapped_column(String(16))
    granted: Mapped[bool] = mapped_column(Boolean)
    wording: Mapped[str] = mapped_column(Text)  # exactly what was shown
    locale: Mapped[str] = mapped_column(String(8))  # in which language
    chosen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The family itself, or the staff member who entered a paper form (and said so).
    chosen_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    family: Mapped[Family] = relationship()
    chosen_by: Mapped[User | None] = relationship()
