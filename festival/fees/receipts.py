"""A receipt as its facts (what the printed page, the family's copy and the public check
show) and its verification URL: `HTTPS://HOST/R/<TOKEN>`, signed like certificates
(festival/core/record_tokens.py), all in the QR alphanumeric set (festival/core/qr.py).

The receipt's number is the payment's id: numbers only grow, and a number missing from
the sequence is a payment that was never saved (a rolled-back request), not one deleted.
"""
from dataclasses import dataclass
from datetime import date, datetime

from flask import render_template
from flask_babel import force_locale
from markupsafe import Markup

from festival.core import record_tokens as tokens
from festival.core.qr import qr_svg, qr_url
from festival.core.urls import site_base_url
from festival.fees.models import Payment, PaymentKind


@dataclass(frozen=True)
class ReceiptFacts:
    number: int
    is_refund: bool
    amount: int
    method: str
    reference: str | None
    family_name: str
    market_title_ar: str
    market_title_en: str | None
    province_ar: str
    province_en: str | None
    received_at: datetime
    received_by: str | None
    dates: tuple[tuple[date, int], ...]  # the dates it settles, with the part of each
    note: str
    verify_url: str
    qr: str  # an inline SVG

    @property
    def reference_end(self) -> str | None:
        """What a visitor checking the receipt sees of the transaction number: its end."""
        return f"…{self.reference[-4:]}" if self.reference else None


def receipt_token(payment: Payment) -> str:
    return tokens.sign(tokens.Kind.RECEIPT, payment.id)


def receipt_url(payment: Payment) -> str:
    return qr_url(site_base_url(), receipt_token(payment), "R")


def arabic_receipt(facts: ReceiptFacts) -> Markup:
    """The receipt's body in Arabic, the language of the programme's papers, on any page."""
    with force_locale("ar"):
        return Markup(render_template("fees/_receipt.html", facts=facts))


def receipt_facts(payment: Payment) -> ReceiptFacts:
    market, url = payment.market, receipt_url(payment)
    dates = tuple(sorted((share.application.occurrence.day, abs(share.amount)) for share in payment.shares))
    return ReceiptFacts(
        number=payment.id, is_refund=payment.kind == PaymentKind.REFUND, amount=payment.amount,
        method=payment.method, reference=payment.reference, family_name=payment.family.name,
        market_title_ar=market.title_ar, market_title_en=market.title_en, province_ar=market.province.name_ar,
        province_en=market.province.name_en, received_at=payment.received_at,
        received_by=payment.received_by.display_name if payment.received_by else None, dates=dates,
        note=payment.note, verify_url=url, qr=qr_svg(url))
