"""Gate staff: the dates they work at, and the scanner page of one date.

The scanner page works with the camera (static/js/scanner.js, through the JSON API)
and, without JavaScript, through its short-code form, which posts here and shows the
same verdict.
"""
from flask import Blueprint, render_template, url_for
from flask_login import current_user

from festival.auth.models import GATE_DESK_ROLES, GATE_ROLES
from festival.checkin import operations, staff
from festival.checkin.forms import ShortCodeForm, new_nonce
from festival.checkin.messages import describe
from festival.checkin.models import CheckinMethod
from festival.checkin.verify import can_work_gate, verify_short_code
from festival.core.access import refuse, roles_required
from festival.core.pipeline import attempt
from festival.core.timezones import today_in_damascus
from festival.core.types import utcnow
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
        verdict = verify_short_code(form.code.data, now=now, user=current_user, gate_occurrence=occurrence)
        with attempt() as outcome:
            verdict = operations.check_in(verdict, by=current_user, method=CheckinMethod.CODE, now=now,
                                          nonce=form.nonce.data or None)
        if outcome.ok:
            shown = describe(verdict)
        form = _fresh_form()
    elif not form.is_submitted():
        form = _fresh_form()
    return render_template("gate/scan.html", occurrence=occurrence, form=form, shown=shown,
                           api_url=url_for("checkin_api.create_checkin"), jsqr_url=url_for("checkin.jsqr"))
