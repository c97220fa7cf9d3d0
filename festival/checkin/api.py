"""POST /api/v1/checkins: scanners record arrivals; the same verdict as the badge page.

Request (JSON): ``{"token": "<token or the badge URL the QR code holds>"}`` or
``{"short_code": "K7M4-PX2Q"}``, plus optionally ``"nonce"`` (a request id of up to 64
characters: resending a request with the same nonce returns the first answer and never
records twice) and ``"occurrence_id"`` (the date the scanner works at: a badge for any
other date is answered ``wrong_event``).

Authentication: the session cookie of a signed-in gate account (or an organizer or
admin of the market). Because a cookie is sent automatically, the request must also
carry the page's CSRF token in the ``X-CSRFToken`` header (Flask-WTF checks it; the
scanner page puts the token in ``data-csrf``).

Answers, always JSON:
    200 ``{"outcome": "valid" | "duplicate" | "invalid", "reason": null | "<reason code>",
          "family", "stall", "checked_in_at" (ISO 8601, Damascus time), "checked_in_by",
          "tone", "title", "message"}`` - ``reason`` is one of festival/checkin/verify.Reason;
    400 bad JSON or a CSRF failure; 401 not signed in; 403 a role or a date the account
    does not work at; 404 unknown occurrence; 409 a nonce already used for another badge.
Errors: ``{"error": {"code": 403, "message": "..."}}`` in the request's language.
"""
import re
from functools import wraps

from flask import Blueprint, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from festival.auth.models import GATE_ROLES
from festival.checkin import operations
from festival.checkin.messages import describe
from festival.checkin.models import CheckinMethod
from festival.checkin.verify import can_work_gate, verify, verify_short_code
from festival.core.access import security_log
from festival.core.errors import ERROR_MESSAGES, json_error, json_errors
from festival.core.input_guard import DB_INT_MAX
from festival.core.types import utcnow
from festival.extensions import csrf, db
from festival.markets.models import Occurrence

bp = Blueprint("checkin_api", __name__, url_prefix="/api/v1")
NONCE_MAX_LENGTH = 64


class ApiError(Exception):
    def __init__(self, code: int, message):
        super().__init__(str(message))
        self.code, self.message = code, message


json_errors(bp)  # HTTP errors, rule refusals (409) and conflicts at commit time (409)


@bp.errorhandler(ApiError)
def api_error(error: ApiError):
    return json_error(error.code, error.message)


@bp.errorhandler(CSRFError)
def csrf_error(_error_raised: CSRFError):
    return json_error(400, _("The page's security token is missing or expired. Reload the scanner page."))


def gate_staff_only(view):
    """401 (not 302 to the login page) for a scanner without a session, 403 for other roles;
    the CSRF check comes after, so a signed-out scanner learns that it is signed out."""

    @wraps(view)
    def guarded(*args, **kwargs):
        if not current_user.is_authenticated:
            raise ApiError(401, _("Please log in again on this phone."))
        if current_user.role not in GATE_ROLES:
            security_log.warning("access refused: user=%s path=%s reason=role %s", current_user.get_id(),
                                 request.path, current_user.role)
            raise ApiError(403, ERROR_MESSAGES[403][1])
        csrf.protect()
        return view(*args, **kwargs)

    guarded.access_rule = GATE_ROLES
    return guarded


def text_field(body: dict, name: str, max_length: int) -> str | None:
    value = body.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str) or len(value) > max_length:
        raise ApiError(400, _("The field %(name)s is not valid.", name=name))
    return value.strip()


def _occurrence(body: dict) -> Occurrence | None:
    occurrence_id = body.get("occurrence_id")
    if occurrence_id is None:
        return None
    if not isinstance(occurrence_id, int) or isinstance(occurrence_id, bool) or not 0 <= occurrence_id <= DB_INT_MAX:
        raise ApiError(400, _("The field %(name)s is not valid.", name="occurrence_id"))
    return worked_occurrence(occurrence_id)


def worked_occurrence(occurrence_id: int) -> Occurrence:
    """The date a scanner works at: 404 unknown, 403 when this account does not work its gate."""
    occurrence = db.session.get(Occurrence, occurrence_id)
    if occurrence is None:
        raise ApiError(404, ERROR_MESSAGES[404][1])
    if not can_work_gate(current_user, occurrence):
        security_log.warning("access refused: user=%s path=%s reason=gate of occurrence %s",
                             current_user.get_id(), request.path, occurrence.id)
        raise ApiError(403, _("Your account does not work the gate at this market."))
    return occurrence


def token_from(scanned: str) -> str:
    """The QR code holds the badge URL (…/B/<TOKEN>, or …/b/<token> on older badges);
    scanners may send it whole."""
    return re.split("/[bB]/", scanned)[-1].split("?", 1)[0].split("#", 1)[0]


@bp.route("/checkins", methods=["POST"])
@csrf.exempt  # checked inside gate_staff_only, after the 401/403 answers
@gate_staff_only
def create_checkin():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, _("Send a JSON object with a token or a short_code."))
    token, short_code = text_field(body, "token", 2000), text_field(body, "short_code", 40)
    nonce = text_field(body, "nonce", NONCE_MAX_LENGTH)
    occurrence = _occurrence(body)
    now = utcnow()
    if token:
        verdict = verify(token_from(token), now=now, user=current_user, gate_occurrence=occurrence)
        method = CheckinMethod.SCAN
    elif short_code:
        verdict = verify_short_code(short_code, now=now, user=current_user, gate_occurrence=occurrence)
        method = CheckinMethod.CODE
    else:
        raise ApiError(400, _("Send a JSON object with a token or a short_code."))
    verdict = operations.check_in(verdict, by=current_user, method=method, now=now, nonce=nonce)  # DomainError: 409
    return jsonify(describe(verdict).as_json())
