"""A family's own fees: what it owes at each market, what it paid, and its receipts."""
from flask import Blueprint, abort, render_template, url_for

from festival.auth.models import Role
from festival.core.access import roles_required
from festival.core.http_cache import kept_private
from festival.fees import queries
from festival.fees.receipts import arabic_receipt, receipt_facts
from festival.vendors.profile import own_family

bp = Blueprint("fees_family", __name__, url_prefix="/family/fees")
families = roles_required(Role.VENDOR)


@bp.route("")
@families
def statement():
    family = own_family()
    markets = queries.family_markets(family)
    return render_template("fees/statement.html", family=family, markets=markets,
                           lines={market.id: queries.family_lines(market, family) for market, _totals in markets},
                           payments=queries.family_payments(family))


@bp.route("/receipts/<int:payment_id>")
@families
def receipt(payment_id):
    payment = queries.payment_or_404(payment_id)
    if payment.family_id != own_family().id:
        abort(404)
    facts = receipt_facts(payment)
    return kept_private(render_template("fees/receipt.html", facts=facts, receipt_body=arabic_receipt(facts),
                                        back_url=url_for("fees_family.statement")))
