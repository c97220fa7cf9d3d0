"""Pairs of family records that may be one family, and what an admin decided about them.

A pair is stored once, its smaller family id first (the database checks both), with the
score and the reasons the last scan found (festival/duplicates/detection.py). An admin
decides it: not a duplicate (remembered: later scans never reopen it) or merged
(festival/duplicates/merge.py, which names the record kept).
"""
from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from festival.auth.models import User
from festival.core.labels import register_labels
from festival.core.types import UTCDateTime, utcnow
from festival.extensions import db
from festival.vendors.models import Family


class PairStatus(StrEnum):
    OPEN = "open"
    NOT_DUPLICATE = "not_duplicate"
    MERGED = "merged"


register_labels("duplicate_status", {
    PairStatus.OPEN: _l("To review"),
    PairStatus.NOT_DUPLICATE: _l("Not a duplicate"),
    PairStatus.MERGED: _l("Merged"),
})


class Reason(StrEnum):
    """Why two records look like one family (several may hold at once)."""

    SAME_PHONE = "same_phone"
    SAME_DOCUMENT_NUMBER = "same_document_number"
    SIMILAR_NAME_SAME_AREA = "similar_name_same_area"
    SIMILAR_NAME_SAME_PROVINCE = "similar_name_same_province"


register_labels("duplicate_reason", {
    Reason.SAME_PHONE: _l("Same phone number"),
    Reason.SAME_DOCUMENT_NUMBER: _l("Same document number (same kind of document)"),
    Reason.SIMILAR_NAME_SAME_AREA: _l("Similar name in the same area"),
    Reason.SIMILAR_NAME_SAME_PROVINCE: _l("Similar name in the same province"),
})


class DuplicatePair(db.Model):
    __tablename__ = "duplicate_pairs"
    __table_args__ = (
        UniqueConstraint("first_family_id", "second_family_id"),
        CheckConstraint("first_family_id < second_family_id", name="smaller_id_first"),
        CheckConstraint("status IN ('open', 'not_duplicate', 'merged')", name="status_known"),
        CheckConstraint("score BETWEEN 0 AND 100", name="score_range"),
        CheckConstraint("status = 'open' OR (decided_at IS NOT NULL)", name="decision_has_time"),
        CheckConstraint("status <> 'merged' OR kept_family_id IN (first_family_id, second_family_id)",
                        name="kept_is_one_of_the_pair"),
        Index("ix_duplicate_pairs_status_score", "status", "score"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    first_family_id: Mapped[int] = mapped_column(ForeignKey("families.id", ondelete="CASCADE"))
    second_family_id: Mapped[int] = mapped_column(ForeignKey("families.id", ondelete="CASCADE"), index=True)
    score: Mapped[int]  # 0-100: how alike the two records are (the strongest reason)
    reasons: Mapped[list] = mapped_column(JSON, default=list)  # Reason codes
    status: Mapped[str] = mapped_column(String(16), default=PairStatus.OPEN)
    found_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kept_family_id: Mapped[int | None] = mapped_column(ForeignKey("families.id", ondelete="SET NULL"))

    first: Mapped[Family] = relationship(foreign_keys=[first_family_id])
    second: Mapped[Family] = relationship(foreign_keys=[second_family_id])
    decided_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<DuplicatePair {self.first_family_id}-{self.second_family_id} {self.status}>"

    @property
    def families(self) -> tuple[Family, Family]:
        return self.first, self.second

    def other_than(self, family: Family) -> Family:
        return self.second if family.id == self.first_family_id else self.first
