"""The offline gate's API: a phone enrols, fetches its day package, uploads offline scans.

All under /api/v1/gate, for a signed-in gate account (or an organizer or admin of the
market), JSON in and out, with the page's CSRF token in ``X-CSRFToken`` on POSTs; the
same errors as POST /api/v1/checkins (festival/checkin/api.py).

``POST /devices`` ``{"occurrence_id": 12, "label": "Chrome on Android"}``
    → 201 ``{"device": "<public id>"}``: this phone, for this account at the date's market.
``GET /occurrences/<id>/package?device=<public id>&since=<cursor>``
    → 200 the day package (festival/checkin/day_package.py); ``since`` (the ``cursor``
    of the last package) makes it incremental. 410 ``{"error", "wipe": true}``: an
    organizer removed this phone, which must delete its package.
``POST /occurrences/<id>/sync`` ``{"device": "<public id>", "scans": [{"nonce": "<uuid>",
    "token": "…" | "short_code": "…", "scanned_at": <milliseconds since 1970, phone time>,
    "scanned_by": <the account signed in at the scan, optional>}]}``
    (at most MAX_SCANS per request) → 200 ``{"results": {"<nonce>": {"result": "recorded" |
    "conflict" | "already" | "retry", "reason": null | "<reason>"}}, "recorded", "conflicts",
    "already", "wipe"}``; "retry": not recorded this time, the phone keeps it and sends it
    again. Scans of a removed phone are still accepted (as conflicts when made after the
    removal) and the answer says ``"wipe": true``.
``GET /session`` → 200 ``{"csrf": "<token>"}``: a fresh CSRF token for a scanner page
    opened from the phone's cache; also how the phone learns that the server is back.
"""
from datetime import UTC, datetime

from flask import Blueprint, jsonify, request
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf.csrf import CSRFError, generate_csrf

from festival.checkin import day_package, devices, sync
from festival.checkin.api import (
    ApiError,
    api_error,
    csrf_error,
    gate_staff_only,
    text_field,
    token_from,
    worked_occurrence,
)
from festival.core.database import writes_on_get
from festival.core.errors import json_errors
from festival.core.input_guard import DB_INT_MAX
from festival.core.types import utcnow
from festival.extensions import csrf
from festival.markets.models import Occurrence

bp = Blueprint("gate_api", __name__, url_prefix="/api/v1/gate")
MAX_SCANS = 500
DEVICE_ID_LENGTH = 32
EARLIEST_SCAN_MS = 1_577_836_800_000  # 2020-01-01: a phone whose clock says earlier is wrong

json_errors(bp)
bp.register_error_handler(ApiError, api_error)
bp.register_error_handler(CSRFError, csrf_error)


@bp.before_request
def package_writes():
    """The package's GET writes the phone's last contact: on SQLite its transaction must take the
    write lock at BEGIN, which happens before the view (the signed-in user is loaded first)."""
    if request.endpoint == "gate_api.package":
        writes_on_get()


@bp.errorhandler(devices.DeviceRevoked)
def device_revoked(error: devices.DeviceRevoked):
    return jsonify(error={"code": 410, "message": str(error.message)}, wipe=True), 410


def _body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, _("Send a JSON object."))
    return body


def _device(public_id, occurrence: Occurrence, **options):
    try:
        return devices.device_of(public_id, current_user, occurrence.market, now=utcnow(), **options)
    except devices.UnknownDevice as error:
        raise ApiError(403, error.message) from error


@bp.route("/session")
@gate_staff_only
def session():
    response = jsonify(csrf=generate_csrf())
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/devices", methods=["POST"])
@csrf.exempt  # checked inside gate_staff_only, after the 401/403 answers
@gate_staff_only
def enrol_device():
    body = _body()
    occurrence_id = body.get("occurrence_id")
    if not isinstance(occurrence_id, int) or isinstance(occurrence_id, bool) \
            or not 0 <= occurrence_id <= DB_INT_MAX:
        raise ApiError(400, _("The field %(name)s is not valid.", name="occurrence_id"))
    occurrence = worked_occurrence(occurrence_id)
    device = devices.enrol(current_user, occurrence.market, label=text_field(body, "label", 200) or "",
                           now=utcnow())
    return jsonify(device=device.public_id), 201


@bp.route("/occurrences/<int:occurrence_id>/package")
@gate_staff_only
def package(occurrence_id):
    occurrence = worked_occurrence(occurrence_id)
    _device(request.args.get("device", "")[:DEVICE_ID_LENGTH], occurrence)
    try:
        since = day_package.read_cursor(request.args.get("since"))
    except day_package.BadCursor as error:
        raise ApiError(400, _("The field %(name)s is not valid.", name="since")) from error
    response = jsonify(day_package.package(occurrence, since=since, now=utcnow()).as_json())
    response.headers["Cache-Control"] = "no-store"
    return response


def _scan(item) -> sync.OfflineScan:
    if not isinstance(item, dict):
        raise ApiError(400, _("The field %(name)s is not valid.", name="scans"))
    nonce = text_field(item, "nonce", 64)
    scanned_ms = item.get("scanned_at")
    if not nonce or not isinstance(scanned_ms, int) or isinstance(scanned_ms, bool) \
            or not EARLIEST_SCAN_MS <= scanned_ms < 2**45:
        raise ApiError(400, _("The field %(name)s is not valid.", name="scans"))
    token, short_code = text_field(item, "token", 2000), text_field(item, "short_code", 40)
    scanned_by = item.get("scanned_by")
    if scanned_by is not None and (not isinstance(scanned_by, int) or isinstance(scanned_by, bool)
                                   or not 0 < scanned_by <= DB_INT_MAX):
        raise ApiError(400, _("The field %(name)s is not valid.", name="scans"))
    if not token and not short_code:
        raise ApiError(400, _("Send a JSON object with a token or a short_code."))
    return sync.OfflineScan(nonce=nonce, scanned_at=datetime.fromtimestamp(scanned_ms / 1000, tz=UTC),
                            token=token_from(token) if token else None, short_code=short_code,
                            scanned_by=scanned_by)


@bp.route("/occurrences/<int:occurrence_id>/sync", methods=["POST"])
@csrf.exempt  # checked inside gate_staff_only
@gate_staff_only
def upload(occurrence_id):
    occurrence = worked_occurrence(occurrence_id)
    body = _body()
    device = _device(text_field(body, "device", DEVICE_ID_LENGTH), occurrence, allow_revoked=True)
    items = body.get("scans")
    if not isinstance(items, list) or len(items) > MAX_SCANS:
        raise ApiError(400, ngettext("Send at most %(num)d scan at a time.", "Send at most %(num)d scans at a time.",
                                     MAX_SCANS))
    report = sync.record_offline_scans(occurrence, device, [_scan(item) for item in items], by=current_user,
                                       now=utcnow())
    return jsonify(results={nonce: {"result": result.value, "reason": reason and str(reason)}
                            for nonce, (result, reason) in report.results.items()},
                   recorded=report.count(sync.Result.RECORDED), conflicts=report.count(sync.Result.CONFLICT),
                   already=report.count(sync.Result.ALREADY), wipe=device.revoked_at is not None)
