"""The rules of stall fees: settings, waivers, payments and refunds.

Operations change objects, flush and raise DomainError; the request commits (festival/core/
pipeline.py). Every change is audited. Money is received and given back, never deleted or
edited: a mistake is put right with a refund, as a till does.

A payment is shared out over the family's dates at the market, the earliest unpaid first,
and may not be more than what is outstanding; a refund gives back what was paid beyond
what is owed (a cancelled Friday, a waiver granted after paying), the latest dates first.
Both lock the family's row first, so two gate phones recording at once cannot take the
same money twice.
"""
import re
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from festival.audit.log import record
from festival.core.domain import DomainError
from festival.core.formatting import money
from festival.core.numbers import to_ascii_digits
from festival.extensions import db
from festival.fees.models import (
    REFERENCED_METHODS,
    FeePolicy,
    FeeWaiver,
    Payment,
    PaymentKind,
    PaymentMethod,
    PaymentShare,
    SectionFee,
)
from festival.fees.queries import family_lines, family_totals
from festival.markets.models import Market
from festival.notifications.service import notify
from festival.vendors.models import Family


@dataclass
class FeeSettings:
    fee_electricity: int
    fee_covered: int
    fee_policy: str
    section_extras: dict[int, int] = field(default_factory=dict)  # section id -> extra per day (0: none)


MAX_AMOUNT = 100_000_000  # pounds: a fee per day, or one payment (the market's stall fee has the same bound)


def update_settings(market: Market, settings: FeeSettings, *, by) -> None:
    if settings.fee_electricity < 0 or settings.fee_covered < 0:
        raise DomainError(_l("A fee cannot be negative."))
    if max(settings.fee_electricity, settings.fee_covered) > MAX_AMOUNT:
        raise DomainError(_l("A fee cannot be more than %(amount)s a day.", amount=money(MAX_AMOUNT)))
    if settings.fee_policy not in set(FeePolicy):
        raise DomainError(_l("Choose what happens to families who have not paid."), field="fee_policy")
    before = {"fee_electricity": market.fee_electricity, "fee_covered": market.fee_covered,
              "fee_policy": market.fee_policy}
    market.fee_electricity, market.fee_covered = settings.fee_electricity, settings.fee_covered
    market.fee_policy = settings.fee_policy
    after = {"fee_electricity": market.fee_electricity, "fee_covered": market.fee_covered,
             "fee_policy": market.fee_policy}
    before.update(_section_extras(market, settings.section_extras))
    after.update({f"section_{section_id}": extra for section_id, extra in settings.section_extras.items()})
    if before != after:
        record("fees.settings_changed", market, actor=by,
               changes={key: [before.get(key), after.get(key)] for key in after if before.get(key) != after.get(key)})


def _section_extras(market: Market, wanted: dict[int, int]) -> dict[str, int]:
    """Set the sections' extras (0 removes one); returns what they were, for the audit entry."""
    sections = {section.id for section in market.venue.sections}
    existing = {fee.section_id: fee for fee in db.session.scalars(select(SectionFee).where(
        SectionFee.market_id == market.id))}
    before = {f"section_{section_id}": fee.extra_per_day for section_id, fee in existing.items()}
    for section_id, extra in wanted.items():
        if section_id not in sections:
            raise DomainError(_l("This section is not in the market's venue."))
        if extra < 0 or extra > MAX_AMOUNT:
            raise DomainError(_l("A fee cannot be more than %(amount)s a day.", amount=money(MAX_AMOUNT)))
        fee = existing.get(section_id)
        if extra == 0 and fee is not None:
            db.session.delete(fee)
        elif extra:
            if fee is None:
                db.session.add(SectionFee(market_id=market.id, section_id=section_id, extra_per_day=extra))
            else:
                fee.extra_per_day = extra
    db.session.flush()
    return {key: before.get(key, 0) for key in (f"section_{section_id}" for section_id in wanted)}


# -- waivers --------------------------------------------------------------------------------


def set_waiver(market: Market, family: Family, *, percent: int, reason: str, by, now: datetime) -> FeeWaiver:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_l("Say why the fee is reduced."), field="reason")
    if not 1 <= percent <= 100:
        raise DomainError(_l("The reduction is a percentage from 1 to 100."), field="percent")
    waiver = db.session.scalar(select(FeeWaiver).where(FeeWaiver.market_id == market.id,
                                                       FeeWaiver.family_id == family.id))
    before = (waiver.percent, waiver.reason) if waiver else None
    if waiver is None:
        waiver = FeeWaiver(market=market, family=family, percent=percent, reason=reason, granted_by=by,
                           granted_at=now)
        db.session.add(waiver)
    else:
        waiver.percent, waiver.reason, waiver.granted_by, waiver.granted_at = percent, reason, by, now
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as error:  # another organizer granted one at the same moment
        raise DomainError(_l("The reduction was changed meanwhile. Look again and retry.")) from error
    record("fees.waiver_set", market, actor=by, family_id=family.id, percent=percent, reason=reason,
           before=list(before) if before else None)
    return waiver


def remove_waiver(waiver: FeeWaiver, *, by) -> None:
    record("fees.waiver_removed", waiver.market, actor=by, family_id=waiver.family_id, percent=waiver.percent,
           reason=waiver.reason)
    db.session.delete(waiver)
    db.session.flush()


# -- payments and refunds --------------------------------------------------------------------


@dataclass
class Receipt:
    """What a person types when money changes hands."""

    amount: int
    method: str
    reference: str = ""
    note: str = ""
    nonce: str | None = None  # the form's own number: a second tap or a resent form records nothing more


def _lock(family: Family) -> None:
    db.session.execute(select(Family.id).where(Family.id == family.id).with_for_update())


def normalized_reference(typed: str | None) -> str | None:
    """A transaction number as the wallet or bank wrote it, however it was typed: `٤٤٨ ١٢٠`,
    `sy-448120` and `SY448120` are the same transfer."""
    text = to_ascii_digits(typed or "") or ""
    text = re.sub(r"[\s\-_./]", "", text).upper()
    return text or None


def _check_receipt(receipt: Receipt) -> str | None:
    if receipt.amount is None or receipt.amount <= 0:
        raise DomainError(_l("Enter an amount of at least 1 pound."), field="amount")
    if receipt.amount > MAX_AMOUNT:
        raise DomainError(_l("This amount is too large for one payment."), field="amount")
    if receipt.method not in set(PaymentMethod):
        raise DomainError(_l("Choose how the money was paid."), field="method")
    reference = normalized_reference(receipt.reference)
    if receipt.method in REFERENCED_METHODS and reference is None:
        raise DomainError(_l("Enter the transaction number of the transfer."), field="reference")
    return reference


def _already_recorded(receipt: Receipt) -> Payment | None:
    if not receipt.nonce:
        return None
    return db.session.scalar(select(Payment).where(Payment.client_nonce == receipt.nonce))


def _save(payment: Payment) -> Payment:
    try:
        with db.session.begin_nested():  # a refused payment leaves nothing pending in the session
            db.session.add(payment)
            db.session.flush()
    except IntegrityError as error:
        if "nonce" in str(error.orig).lower():  # the same form sent twice at once: the first one counts
            raise DomainError(_l("This payment was already recorded.")) from error
        if "reference" in str(error.orig).lower():
            raise DomainError(_l("This transaction number was already recorded: the transfer is paid once."),
                              field="reference") from error
        raise
    return payment


def _new(kind: str, market: Market, family: Family, receipt: Receipt, reference, by, now) -> Payment:
    return Payment(market=market, family=family, kind=kind, amount=receipt.amount, method=receipt.method,
                   reference=reference, note=(receipt.note or "").strip(), received_by=by, received_at=now,
                   client_nonce=receipt.nonce or None)


def record_payment(market: Market, family: Family, receipt: Receipt, *, by, now: datetime) -> Payment:
    """Money received: it settles the earliest dates not yet paid (festival/fees/settling.py)."""
    reference = _check_receipt(receipt)
    _lock(family)
    existing = _already_recorded(receipt)
    if existing is not None:
        return existing
    lines = [line for line in family_lines(market, family) if line.outstanding > 0]
    due = sum(line.outstanding for line in lines)
    if due == 0:
        raise DomainError(_l("This family owes nothing at this market."), field="amount")
    if receipt.amount > due:
        raise DomainError(_l("The family owes %(amount)s: the payment cannot be more.", amount=money(due)),
                          field="amount")
    payment = _new(PaymentKind.PAYMENT, market, family, receipt, reference, by, now)
    left = receipt.amount
    for line in lines:  # in date order
        part = min(left, line.outstanding)
        if part:
            payment.shares.append(PaymentShare(application_id=line.application_id, amount=part))
            left -= part
    _save(payment)
    record("fees.payment_recorded", payment, actor=by, market_id=market.id, family_id=family.id,
           amount=payment.amount, method=payment.method, reference=reference)
    _tell_family(payment)
    return payment


def record_refund(market: Market, family: Family, receipt: Receipt, *, by, now: datetime) -> Payment:
    """Money given back: at most the family's credit (what it gave beyond what it owes)."""
    reference = _check_receipt(receipt)
    _lock(family)
    existing = _already_recorded(receipt)
    if existing is not None:
        return existing
    lines = family_lines(market, family)
    credit = family_totals(market, family).paid - sum(line.paid for line in lines)
    if credit <= 0:
        raise DomainError(_l("Nothing was paid beyond what the family owes: there is nothing to give back."),
                          field="amount")
    if receipt.amount > credit:
        raise DomainError(_l("At most %(amount)s can be given back.", amount=money(credit)), field="amount")
    refund = _new(PaymentKind.REFUND, market, family, receipt, reference, by, now)
    # Taken back from the dates that received more than they now settle, the latest first.
    left = receipt.amount
    for line in sorted(lines, key=lambda line: line.day, reverse=True):
        part = min(left, max(line.received - line.paid, 0))
        if part:
            refund.shares.append(PaymentShare(application_id=line.application_id, amount=-part))
            left -= part
    if left:  # what no date received beyond its due (money moved between dates): the latest date paid
        latest = next((line for line in reversed(lines) if line.received > 0), lines[-1])
        share = next((share for share in refund.shares if share.application_id == latest.application_id), None)
        if share is None:
            refund.shares.append(PaymentShare(application_id=latest.application_id, amount=-left))
        else:
            share.amount -= left
    _save(refund)
    record("fees.refund_recorded", refund, actor=by, market_id=market.id, family_id=family.id,
           amount=refund.amount, method=refund.method, reference=reference)
    _tell_family(refund)
    return refund


def _tell_family(payment: Payment) -> None:
    """The family gets its receipt's link (in the app, and by SMS where configured)."""
    kind = "fee.refunded" if payment.kind == PaymentKind.REFUND else "fee.paid"
    notify(payment.family.user, kind, key=f"{kind}:{payment.id}", link=f"/family/fees/receipts/{payment.id}",
           market_id=payment.market_id, amount=payment.amount, market_title_ar=payment.market.title_ar,
           market_title_en=payment.market.title_en, receipt=payment.id)
