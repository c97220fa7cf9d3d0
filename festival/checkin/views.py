"""The badge page behind the QR code, and the QR-decoding library the scanner page loads.

`/b/<token>` shows anyone whether the badge is valid, with the family's name and stall
and nothing personal. Gate staff of that market (and its organizers) see the full
verdict and a button that records the arrival. `/B/<TOKEN>` is the same page under the
upper-case path a badge's QR code holds (festival/core/qr.py `qr_url`): links
on pages are built with `/b/`, the first rule of each endpoint.
"""
from flask import Blueprint, abort, current_app, make_response, render_template, send_file
from flask_login import current_user

from festival.auth.models import GATE_ROLES
from festival.checkin import operations
from festival.checkin.forms import CheckInForm, new_nonce
from festival.checkin.messages import describe
from festival.checkin.models import CheckinMethod
from festival.checkin.verify import verify
from festival.config import PROJECT_ROOT
from festival.core.access import public, roles_required
from festival.core.pipeline import attempt
from festival.core.types import utcnow

bp = Blueprint("checkin", __name__)
JSQR_FILE = PROJECT_ROOT / ".npm" / "node_modules" / "jsqr" / "dist" / "jsQR.js"  # see the Makefile
JSQR_MAX_AGE = 7 * 24 * 3600




def _staff():
    """The signed-in user when they work gates somewhere; visitors and families get the public view."""
    if current_user.is_authenticated and current_user.role in GATE_ROLES:
        return current_user
    return None


def _badge_page(token: str, verdict, staff, status: int = 200):
    shown = describe(verdict, for_staff=staff is not None)
    form = CheckInForm(formdata=None, nonce=new_nonce()) if staff and shown.can_check_in else None
    response = make_response(render_template("checkin/badge.html", token=token, shown=shown, staff=staff,
                                              form=form), status)
    response.headers["Cache-Control"] = "no-store"  # the answer changes with the first check-in
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.route("/B/<token>")
@bp.route("/b/<token>")  # registered first: url_for builds /b/
@public
def badge(token):
    staff = _staff()
    return _badge_page(token, verify(token, now=utcnow(), user=staff), staff)


@bp.route("/B/<token>", methods=["POST"])
@bp.route("/b/<token>", methods=["POST"])
@roles_required(*GATE_ROLES)
def check_in(token):
    form = CheckInForm()
    if not form.validate_on_submit():
        abort(400)
    now = utcnow()
    verdict = verify(token, now=now, user=current_user)
    with attempt():
        verdict = operations.check_in(verdict, by=current_user, method=CheckinMethod.SCAN, now=now,
                                      nonce=form.nonce.data or None)
    return _badge_page(token, verdict, current_user)


@bp.route("/static-vendor/jsqr.js")
@public
def jsqr():
    if not JSQR_FILE.is_file():
        current_app.logger.warning("%s is missing: run `make install` (needs npm)", JSQR_FILE)
        abort(404)
    return send_file(JSQR_FILE, mimetype="text/javascript", max_age=JSQR_MAX_AGE)
