"""The fee tables as CSV/XLSX: a market's families, its payments, and the markets' totals.
Amounts are whole numbers, so a spreadsheet sums them."""
from flask_babel import gettext as _

from festival.core.formatting import long_date
from festival.core.labels import label
from festival.core.timezones import to_damascus
from festival.fees import queries
from festival.fees.models import PaymentKind
from festival.markets.models import Market


def _amount_headers() -> list[str]:
    return [_("Owed"), _("Waived"), _("Paid"), _("Outstanding")]


def _amounts(totals) -> list[int]:
    return [totals.owed, totals.waived, totals.paid, totals.outstanding]


def family_table(market: Market) -> tuple[list[str], list[list]]:
    headers = [_("Family"), *_amount_headers(), _("Reduction (percent)"), _("Reason")]
    rows = [[row.family.name, *_amounts(row.totals), row.waiver.percent if row.waiver else "",
             row.waiver.reason if row.waiver else ""] for row in queries.market_families(market)]
    return headers, rows


def payment_table(market: Market) -> tuple[list[str], list[list]]:
    headers = [_("Receipt number"), _("Date"), _("Family"), _("Kind"), _("Amount"), _("Paid by"),
               _("Transaction number"), _("Received by")]
    rows = [[payment.id, long_date(to_damascus(payment.received_at).date()), payment.family.name,
             label("payment_kind", payment.kind),
             -payment.amount if payment.kind == PaymentKind.REFUND else payment.amount,
             label("payment_method", payment.method), payment.reference or "",
             payment.received_by.display_name if payment.received_by else ""]
            for payment in reversed(queries.payments_of(market))]
    return headers, rows


def market_table(per_market) -> tuple[list[str], list[list]]:
    headers = [_("Province"), _("Market"), *_amount_headers()]
    rows = [[market.province.name, market.title, *_amounts(totals)] for market, totals in per_market]
    return headers, rows
