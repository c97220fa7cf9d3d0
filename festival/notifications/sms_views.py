"""What the SMS gateway calls: delivery reports and incoming messages.

Both are public routes (Kannel has no session) and authenticated otherwise: a delivery
report carries an HMAC of its message's id (notifications/kannel.py signs the dlr-url),
an incoming message the shared SMS_CALLBACK_SECRET of Kannel's sms-service get-url.
Both are idempotent: Kannel may call twice.
"""
from flask import Blueprint, abort, request

from festival.core import query_args
from festival.core.access import public
from festival.core.database import writes_on_get
from festival.core.types import utcnow
from festival.notifications.delivery import record_report
from festival.notifications.kannel import secret_is_valid, signature_is_valid
from festival.notifications.preferences import handle_incoming

bp = Blueprint("sms", __name__, url_prefix="/sms")
PLAIN = {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}


@bp.route("/dlr")
@public
def delivery_report():
    writes_on_get()
    message_id = query_args.whole_number(request.args, "m")
    if message_id is None or not signature_is_valid(message_id, request.args.get("s", "")):
        abort(403)
    record_report(message_id, query_args.whole_number(request.args, "status") or 0, utcnow())
    return "ok", 200, PLAIN


@bp.route("/incoming")
@public
def incoming():
    writes_on_get()
    if not secret_is_valid(request.args.get("key", "")):
        abort(403)
    # No body: Kannel sends nothing back itself (omit-empty); the answer goes through the outbox.
    handle_incoming(request.args.get("from"), request.args.get("text"), utcnow())
    return "", 200, PLAIN
