"""A code sent by SMS to prove the phone is in the hand of the person typing.

Only a hash of the code is kept (HMAC with the app's secret: a database copy does not
give the codes away); a code lives 10 minutes and allows 5 tries. A sign-up waits here
(`payload`: the family's name, province, email and password hash) until its code is typed,
so an account exists only for a number that was proven.
"""
from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from festival.core.types import UTCDateTime, utcnow
from festival.extensions import db


class Purpose(StrEnum):
    REGISTER = "register"
    RESET = "reset"
    CHANGE_PHONE = "change_phone"


class PhoneCode(db.Model):
    __tablename__ = "phone_codes"
    __table_args__ = (
        CheckConstraint("purpose IN ('register', 'reset', 'change_phone')", name="purpose_known"),
        CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        Index("ix_phone_codes_phone_purpose", "phone", "purpose", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(20))  # E.164, where the code was sent
    purpose: Mapped[str] = mapped_column(String(16))
    code_hash: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
