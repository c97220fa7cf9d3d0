"""Stall fees: what a placed family owes for each date, waivers, payments and refunds.

What a family owes is never stored: it follows from the market's fees and the stall it
holds (festival/fees/charges.py), so a moved stall or a cancelled Friday changes it at
once. What was paid is stored and never deleted: a payment (or a refund, its own row) is
shared out over the dates it settles (`PaymentShare`), which is what lets the reports sum
owed, waived, paid and outstanding per date in SQL.

Rules the database holds itself: positive amounts, a known kind and method, a reference
for every wallet or bank payment and never the same reference twice for one method (the
same transfer recorded twice), one waiver per family and market, a percentage between 1
and 100 and a reason for every waiver, one share per payment and date.
"""
from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from festival.applications.models import Application
from festival.auth.models import User
from festival.core.labels import register_labels
from festival.core.types import UTCDateTime, utcnow
from festival.extensions import db
from festival.markets.models import Market
from festival.vendors.models import Family


class FeePolicy(StrEnum):
    BADGE = "badge"  # a family that has not paid still gets its badge
    WARN = "warn"  # ...and the gate is told
    BLOCK = "block"  # no badge until the dates are paid


class PaymentKind(StrEnum):
    PAYMENT = "payment"
    REFUND = "refund"


class PaymentMethod(StrEnum):
    CASH = "cash"
    SYRIATEL_CASH = "syriatel_cash"
    MTN_CASH = "mtn_cash"
    BANK_TRANSFER = "bank_transfer"


REFERENCED_METHODS = (PaymentMethod.SYRIATEL_CASH, PaymentMethod.MTN_CASH, PaymentMethod.BANK_TRANSFER)

register_labels("fee_policy", {
    FeePolicy.BADGE: _l("Families who have not paid still get their badge"),
    FeePolicy.WARN: _l("Families who have not paid get their badge, and the gate is told"),
    FeePolicy.BLOCK: _l("No badge until the fee is paid"),
})
register_labels("payment_kind", {PaymentKind.PAYMENT: _l("Payment"), PaymentKind.REFUND: _l("Refund")})
register_labels("payment_method", {
    PaymentMethod.CASH: _l("Cash"),
    PaymentMethod.SYRIATEL_CASH: _l("Syriatel Cash"),
    PaymentMethod.MTN_CASH: _l("MTN Cash"),
    PaymentMethod.BANK_TRANSFER: _l("Bank transfer"),
})


class SectionFee(db.Model):
    """What a stall of one section of the venue costs more per day at one market (a better
    place: by the entrance, under the trees)."""

    __tablename__ = "fee_section_extras"
    __table_args__ = (CheckConstraint("extra_per_day >= 0 AND extra_per_day <= 100000000", name="extra_in_range"),)

    market_id: Mapped[int] = mapped_column(ForeignKey("markets.id", ondelete="CASCADE"), primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("stall_sections.id", ondelete="CASCADE"), primary_key=True)
    extra_per_day: Mapped[int]


class FeeWaiver(db.Model):
    """A reduction of a family's fee at one market, for every date: 100 % is a full waiver."""

    __tablename__ = "fee_waivers"
    __table_args__ = (
        UniqueConstraint("market_id", "family_id"),
        CheckConstraint("percent BETWEEN 1 AND 100", name="percent_range"),
        CheckConstraint("length(trim(reason)) > 0", name="reason_given"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    market_id: Mapped[int] = mapped_column(ForeignKey("markets.id", ondelete="CASCADE"))
    family_id: Mapped[int] = mapped_column(ForeignKey("families.id", ondelete="CASCADE"), index=True)
    percent: Mapped[int]
    reason: Mapped[str] = mapped_column(Text)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    market: Mapped[Market] = relationship()
    family: Mapped[Family] = relationship()
    granted_by: Mapped[User | None] = relationship()


class Payment(db.Model):
    """Money received from a family at one market, or given back to it (a refund)."""

    __tablename__ = "fee_payments"
    __table_args__ = (
        CheckConstraint("kind IN ('payment', 'refund')", name="kind_known"),
        CheckConstraint("method IN ('cash', 'syriatel_cash', 'mtn_cash', 'bank_transfer')", name="method_known"),
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("method = 'cash' OR (reference IS NOT NULL AND length(trim(reference)) > 0)",
                        name="transfer_has_reference"),
        UniqueConstraint("method", "reference"),
        Index("ix_fee_payments_market_family", "market_id", "family_id"),
        Index("ix_fee_payments_family_id", "family_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)  # the receipt's number
    market_id: Mapped[int] = mapped_column(ForeignKey("markets.id", ondelete="RESTRICT"))
    family_id: Mapped[int] = mapped_column(ForeignKey("families.id", ondelete="RESTRICT"))
    kind: Mapped[str] = mapped_column(String(8), default=PaymentKind.PAYMENT)
    amount: Mapped[int]  # whole Syrian pounds, always positive; a refund's kind gives its sign
    method: Mapped[str] = mapped_column(String(16))
    reference: Mapped[str | None] = mapped_column(String(64))  # the wallet's or bank's transaction number
    note: Mapped[str] = mapped_column(Text, default="", server_default="")
    received_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The payment form's own random number: the same form sent twice (a double tap, a resend
    # on a weak connection) records one payment.
    client_nonce: Mapped[str | None] = mapped_column(String(64), unique=True)

    market: Mapped[Market] = relationship()
    family: Mapped[Family] = relationship()
    received_by: Mapped[User | None] = relationship()
    shares: Mapped[list["PaymentShare"]] = relationship(back_populates="payment", cascade="all, delete-orphan")

    @property
    def signed_amount(self) -> int:
        return -self.amount if self.kind == PaymentKind.REFUND else self.amount


class PaymentShare(db.Model):
    """The part of a payment (positive) or refund (negative) that settles one date."""

    __tablename__ = "fee_payment_shares"
    __table_args__ = (CheckConstraint("amount <> 0", name="amount_not_zero"),)

    payment_id: Mapped[int] = mapped_column(ForeignKey("fee_payments.id", ondelete="RESTRICT"), primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="RESTRICT"),
                                                primary_key=True, index=True)
    amount: Mapped[int]

    payment: Mapped[Payment] = relationship(back_populates="shares")
    application: Mapped[Application] = relationship()
