"""Pages reached by a QR code: anyone checks a certificate (`/C/<token>`); a trainer's phone
opens a family's training pass (`/T/<token>`) and records the family at the session under way.

Both accept the token in either case and both letters' cases, as badges do
(festival/checkin/views.py): a camera app may lower-case the URL.
"""
from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user

from festival.auth.models import MANAGER_ROLES
from festival.core import query_args
from festival.core import record_tokens as tokens
from festival.core.access import manages, public, roles_required
from festival.core.types import utcnow
from festival.training import operations, queries
from festival.training.certificates import facts_of
from festival.training.forms import SessionChoiceForm
from festival.training.models import AttendanceMethod, EnrolmentStatus

bp = Blueprint("training_public", __name__)


@bp.route("/courses/<int:course_id>")
@public
def course(course_id):
    """A course as visitors and families read it: what it teaches, its groups and their sessions."""
    course = queries.course_or_404(course_id)
    return render_template("training/public_course.html", course=course, now=utcnow(),
                           counts=queries.enrolled_counts([cohort.id for cohort in course.cohorts]))


@bp.route("/C/<token>")
@bp.route("/c/<token>")  # registered first: url_for builds /c/
@public
def verify_certificate(token):
    certificate = None
    try:
        certificate = queries.certificate_or_none(tokens.read(token, tokens.Kind.CERTIFICATE))
    except tokens.RecordTokenError:
        pass
    facts = facts_of(certificate) if certificate is not None else None
    response = render_template("training/verify.html", facts=facts)
    # Not genuine: the same page, with a status a script can read too.
    return (response, 200) if facts is not None else (response, 404)


def _pass_enrolment_or_404(token: str):
    try:
        enrolment = queries.enrolment_or_none(tokens.read(token, tokens.Kind.PASS))
    except tokens.RecordTokenError:
        enrolment = None
    if enrolment is None:
        abort(404)
    return enrolment


managed_pass = manages("token", _pass_enrolment_or_404, province="cohort.course.province", to="enrolment")


def _open_sessions(enrolment, now):
    """The sessions of the family's group that attendance can be recorded for now: the one
    nearest to now first (the session under way), so the first button is the right one."""
    open_sessions = [session for session in enrolment.cohort.sessions if operations.can_record(session, now)]
    return sorted(open_sessions, key=lambda session: abs((session.starts_at - now).total_seconds()))


def _recorded(sessions, present):
    """The verdict after a scan was recorded (the redirect names the session): the session,
    and whether it was already recorded (a second phone, a second tap). Shown only when
    the family is indeed present there."""
    session_id = query_args.whole_number(request.args, "recorded")
    session = next((session for session in sessions if session.id == session_id), None)
    if session is None or session.id not in present:
        return None
    return session, request.args.get("again") == "1"


@bp.route("/T/<token>")
@bp.route("/t/<token>")
@roles_required(*MANAGER_ROLES)
@managed_pass
def training_pass(enrolment):
    sessions = _open_sessions(enrolment, utcnow())
    present = queries.attended_session_ids(enrolment.family, [session.id for session in sessions])
    return render_template("training/scan.html", enrolment=enrolment, sessions=sessions, present=present,
                           recorded=_recorded(sessions, present), form=SessionChoiceForm(),
                           enrolled=enrolment.status == EnrolmentStatus.ENROLLED)


@bp.route("/T/<token>", methods=["POST"])
@bp.route("/t/<token>", methods=["POST"])
@roles_required(*MANAGER_ROLES)
@managed_pass
def record_from_pass(enrolment):
    """Record, then send the phone back to the pass (a reload never posts twice)."""
    form = SessionChoiceForm()
    if not form.validate_on_submit():
        abort(400)
    session = next((s for s in enrolment.cohort.sessions if s.id == form.session_id.data), None)
    if session is None:
        abort(404)
    recorded = operations.record_attendance(session, enrolment, method=AttendanceMethod.SCAN, by=current_user,
                                            now=utcnow())
    return redirect(url_for("training_public.training_pass", token=request.view_args["token"], recorded=session.id,
                            again=None if recorded else "1"), code=303)
