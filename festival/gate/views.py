"""Gate staff: the dates they work at, and the scanner page of one date.

The scanner page works with the camera (static/js/scanner.js, through the JSON API)
and, without JavaScript, through its short-code form, which posts here and shows the
same verdict. With JavaScript it also works offline: a service worker (/gate/sw.js)
keeps the page and its files, and the page checks badges with its day package
(festival/gate/offline.py, festival/checkin/offline_api.py).
"""
from flask import Blueprint, abort, current_app, jsonify, make_response, render_template, send_file, url_for
from flask_login import current_user

from festival.auth.models import GATE_DESK_ROLES, GATE_ROLES
from festival.checkin import operations, staff
from festival.checkin.forms import ShortCodeForm, new_nonce
from festival.checkin.messages import describe, offline_words
from festival.checkin.models import CheckinMethod
from festival.checkin.verify import can_work_gate, looks_like_badge_url, verify_typed
from festival.core.access import public, refuse, roles_required
from festival.core.pipeline import attempt
from festival.core.timezones import today_in_damascus
from festival.core.types import utcnow
from festival.gate import offline
from festival.markets.queries import occurrence_or_404

bp = Blueprint("gate", __name__, url_prefix="/gate")


@bp.route("")
@roles_required(*GATE_DESK_ROLES)
def dashboard():
    today = today_in_damascus()
    return render_template("gate/dashboard.html", occurrences=staff.occurrences_to_work(current_user, today),
                           today=today)


def _fresh_form() -> ShortCodeForm:
    return ShortCodeForm(formdata=None, nonce=new_nonce())


@bp.route("/occurrences/<int:occurrence_id>/scan", methods=["GET", "POST"])
@roles_required(*GATE_ROLES)
def scan(occurrence_id):
    occurrence = occurrence_or_404(occurrence_id)
    if not can_work_gate(current_user, occurrence):
        refuse(f"gate of occurrence {occurrence.id}")
    form, shown = ShortCodeForm(), None
    if form.validate_on_submit():
        now = utcnow()
        verdict = verify_typed(form.code.data, now=now, user=current_user, gate_occurrence=occurrence)
        method = CheckinMethod.SCAN if looks_like_badge_url(form.code.data) else CheckinMethod.CODE
        with attempt() as outcome:
            verdict = operations.check_in(verdict, by=current_user, method=method, now=now,
                                          nonce=form.nonce.data or None)
        if outcome.ok:
            shown = describe(verdict)
        form = _fresh_form()
    elif not form.is_submitted():
        form = _fresh_form()
    return render_template("gate/scan.html", occurrence=occurrence, form=form, shown=shown,
                           api_url=url_for("checkin_api.create_checkin"), jsqr_url=url_for("checkin.jsqr"),
                           words=offline_words(), offline_scope=offline.SCOPE)


@bp.route("/sw.js")
@public
def service_worker():
    response = make_response(render_template("gate/sw.js", version=offline.version(), assets=offline.kept_urls(),
                                             optional=offline.optional_urls()))
    response.mimetype = "text/javascript"
    response.headers["Cache-Control"] = "no-cache"  # a new version reaches phones at their next visit
    response.headers["Service-Worker-Allowed"] = offline.SCOPE
    return response


@bp.route("/manifest.webmanifest")
@public
def manifest():
    response = jsonify(offline.manifest())
    response.mimetype = "application/manifest+json"
    return response


@bp.route("/vendor/ed25519.js")
@public
def ed25519():
    """@noble/ed25519 from the npm registry: badge signatures where WebCrypto has no Ed25519."""
    if not offline.VENDOR_ED25519.is_file():
        current_app.logger.warning("%s is missing: run `make install` (needs npm)", offline.VENDOR_ED25519)
        abort(404)
    return send_file(offline.VENDOR_ED25519, mimetype="text/javascript", max_age=7 * 24 * 3600)
