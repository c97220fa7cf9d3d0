"""Families' training pages: courses they can join, their enrolments, pass and certificates."""
import io

from flask import Blueprint, abort, flash, g, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from festival.auth.models import Role
from festival.core.access import roles_required
from festival.core.confirm import confirmation_page
from festival.core.forms import ConfirmForm
from festival.core.http_cache import kept_private
from festival.core.pipeline import attempt
from festival.core.qr import qr_svg
from festival.core.types import utcnow
from festival.extensions import limiter
from festival.training import certificates, operations, queries, room_codes
from festival.training.forms import RoomCodeForm
from festival.training.models import EnrolmentStatus
from festival.training.passes import pass_url

bp = Blueprint("training_family", __name__, url_prefix="/family/training")
families = roles_required(Role.VENDOR)
ROOM_CODE_GUESSES = "5 per 10 minutes"  # wrong codes per family: 2 codes valid of a million


def _family():
    if current_user.family is None:
        abort(404)
    return current_user.family


@bp.route("")
@families
def mine():
    family, now = _family(), utcnow()
    enrolments = queries.enrolments_of(family)
    taken = {enrolment.cohort_id for enrolment in enrolments if enrolment.status != EnrolmentStatus.WITHDRAWN}
    open_cohorts = [cohort for cohort in queries.open_cohorts_for(family, now) if cohort.id not in taken]
    attended = queries.attended_session_ids(
        family, [session.id for enrolment in enrolments for session in enrolment.cohort.sessions])
    return render_template("training/mine.html", enrolments=enrolments, open_cohorts=open_cohorts,
                           attended=attended, form=ConfirmForm(), now=now, code_form=RoomCodeForm(),
                           family_crafts=[craft.id for craft in family.crafts],
                           room_code_open=room_codes.is_open,
                           counts=queries.enrolled_counts([cohort.id for cohort in open_cohorts]))


@bp.route("/cohorts/<int:cohort_id>/enrol", methods=["POST"])
@families
def enrol(cohort_id):
    family = _family()
    if not ConfirmForm().validate_on_submit():
        abort(400)
    cohort = queries.cohort_or_404(cohort_id)
    enrolment = operations.enrol(family, cohort, now=utcnow())
    flash(_("You are enrolled. We will remind you the day before each session.")
          if enrolment.status == EnrolmentStatus.ENROLLED else
          _("The course is full for now: you are on the waiting list, and we will tell you if a place becomes free."),
          "success")
    return redirect(url_for("training_family.mine"), code=303)


def _own_enrolment(enrolment_id: int):
    enrolment = queries.enrolment_or_none(enrolment_id)
    if enrolment is None or enrolment.family_id != _family().id:
        abort(404)
    return enrolment


@bp.route("/enrolments/<int:enrolment_id>/withdraw", methods=["GET", "POST"])
@families
def withdraw(enrolment_id):
    enrolment = _own_enrolment(enrolment_id)
    back = url_for("training_family.mine")
    if request.method == "GET":
        return confirmation_page(question=_("Leave the course %(course)s?", course=enrolment.cohort.course.title),
                                 consequence=_("Your place goes to the next family waiting.")
                                 if enrolment.status == EnrolmentStatus.ENROLLED else None,
                                 confirm_label=_("Yes, leave the course"), back_url=back)
    operations.withdraw(enrolment, by=current_user, now=utcnow())
    flash(_("You left the course."), "success")
    return redirect(back, code=303)


@bp.route("/enrolments/<int:enrolment_id>/pass")
@families
def training_pass(enrolment_id):
    enrolment = _own_enrolment(enrolment_id)
    if enrolment.status != EnrolmentStatus.ENROLLED:
        abort(404)
    return kept_private(render_template("training/pass.html", enrolment=enrolment,
                                        qr=Markup(qr_svg(pass_url(enrolment)))))


def _room_code_failed(_response) -> bool:
    return bool(g.get("room_code_failed"))


@bp.route("/sessions/<int:session_id>/code", methods=["POST"])
@families
@limiter.limit(ROOM_CODE_GUESSES, key_func=lambda: f"room-code:{current_user.id}", deduct_when=_room_code_failed,
               scope="training-room-code")
def room_code(session_id):
    """The family types the code shown in the room; only wrong codes count towards the limit."""
    family = _family()
    session = queries.session_or_404(session_id)
    form = RoomCodeForm()
    if form.validate_on_submit():
        with attempt(form) as outcome:
            operations.record_by_room_code(session, family, form.code.data, now=utcnow())
        if outcome.ok:
            flash(_("You are recorded as present. Welcome!"), "success")
            return redirect(url_for("training_family.mine"), code=303)
        g.room_code_failed = isinstance(outcome.error, operations.WrongRoomCode)
    for error in form.code.errors:
        flash(error, "error")
    return redirect(url_for("training_family.mine", _anchor=f"session-{session.id}"), code=303)


@bp.route("/certificates/<int:certificate_id>.pdf")
@families
def certificate_pdf(certificate_id):
    certificate = queries.own_certificate_or_404(_family(), certificate_id)
    if certificate.is_revoked:
        abort(404)
    data = certificates.certificate_pdf(certificates.facts_of(certificate), certificates.certificate_url(certificate))
    return kept_private(send_file(io.BytesIO(data), mimetype="application/pdf", as_attachment=True,
                                  download_name=f"certificate-{certificate.id}.pdf"))
