"""Anyone checks a receipt by its QR code (`/R/<token>`), without logging in: that the
programme issued it, for how much, when and at which market. The family's name is shown
(it is on the paper being checked); its phone and the full transaction number are not.

The token is accepted in either case, as badges and certificates are: a camera app may
lower-case the URL."""
from flask import Blueprint, render_template

from festival.core import record_tokens as tokens
from festival.core.access import public
from festival.fees import queries
from festival.fees.receipts import receipt_facts

bp = Blueprint("fees_public", __name__)


@bp.route("/R/<token>")
@bp.route("/r/<token>")  # registered first: url_for builds /r/
@public
def verify_receipt(token):
    payment = None
    try:
        payment = queries.payment_or_none(tokens.read(token, tokens.Kind.RECEIPT))
    except tokens.RecordTokenError:
        pass
    facts = receipt_facts(payment) if payment is not None else None
    response = render_template("fees/verify.html", facts=facts)
    return (response, 200) if facts is not None else (response, 404)
