"""Organizers' (and trainers') training pages: courses, cohorts, sessions, attendance."""
from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from festival.applications.queries import families_applied_to
from festival.auth.models import MANAGER_ROLES, User
from festival.core import query_args
from festival.core.access import roles_required
from festival.core.confirm import confirmation_page
from festival.core.input_guard import paginate
from festival.core.pipeline import attempt
from festival.core.spreadsheets import export_response
from festival.core.timezones import local_to_utc
from festival.core.types import utcnow
from festival.extensions import db
from festival.markets.queries import craft_choices, crafts_by_ids, markets_of
from festival.provinces.models import Province
from festival.training import operations, queries, room_codes, scanning
from festival.training.access import managed_certificate, managed_cohort, managed_course, managed_session
from festival.training.attendance import cohort_rows, export_table, waiting_list
from festival.training.forms import (
    NOBODY,
    AttendanceListForm,
    CohortForm,
    CourseForm,
    EnrolFamilyForm,
    FamiliesForm,
    RevokeForm,
    SessionForm,
)
from festival.training.models import EnrolmentStatus
from festival.venues.models import Venue

bp = Blueprint("training", __name__, url_prefix="/manage/training")
organizers = roles_required(*MANAGER_ROLES)
COURSES_PER_PAGE = 30


@bp.route("")
@organizers
def index():
    page = paginate(queries.managed_courses(current_user), per_page=COURSES_PER_PAGE)
    provinces = list(db.session.scalars(current_user.managed_provinces_query()))
    return render_template("training/index.html", page=page, provinces=provinces)


def _course_form(course=None) -> CourseForm:
    form = CourseForm(obj=course)
    provinces = list(db.session.scalars(current_user.managed_provinces_query()))
    form.province_id.choices = [SelectChoice(province.id, province.name) for province in provinces]
    form.crafts.choices = craft_choices()
    if course is not None and request.method == "GET":
        form.crafts.data = [craft.id for craft in course.crafts]
    if course is not None:
        del form.province_id
    return form


def _plan(form: CourseForm) -> operations.CoursePlan:
    return operations.CoursePlan(
        title_ar=form.title_ar.data, title_en=form.title_en.data or None, description_ar=form.description_ar.data or "",
        description_en=form.description_en.data or None, topics=form.topics.data or "",
        planned_sessions=form.planned_sessions.data, sessions_to_complete=form.sessions_to_complete.data,
        hours_per_session=form.hours_per_session.data, crafts=crafts_by_ids(form.crafts.data or []))


@bp.route("/new", methods=["GET", "POST"])
@organizers
def new():
    form = _course_form()
    if form.validate_on_submit():
        province = db.session.get(Province, form.province_id.data)  # one of the choices: the user's own
        with attempt(form) as outcome:
            course = operations.create_course(province, _plan(form), by=current_user)
        if outcome.ok:
            flash(_("The course was added. Now add a group and its sessions."), "success")
            return redirect(url_for("training.course", course_id=course.id))
    return render_template("training/course_form.html", form=form, course=None)


@bp.route("/<int:course_id>/edit", methods=["GET", "POST"])
@organizers
@managed_course
def edit(course):
    form = _course_form(course)
    if form.validate_on_submit():
        with attempt(form) as outcome:
            operations.update_course(course, _plan(form), by=current_user)
        if outcome.ok:
            flash(_("Saved."), "success")
            return redirect(url_for("training.course", course_id=course.id))
    return render_template("training/course_form.html", form=form, course=course)


@bp.route("/<int:course_id>", methods=["GET", "POST"])
@organizers
@managed_course
def course(course):
    form = CohortForm()
    if form.validate_on_submit():
        with attempt(form) as outcome:
            cohort = operations.add_cohort(course, name=form.name.data, capacity=form.capacity.data, by=current_user)
        if outcome.ok:
            flash(_("The group was added. Now plan its sessions."), "success")
            return redirect(url_for("training.cohort", cohort_id=cohort.id))
    counts = queries.enrolled_counts([cohort.id for cohort in course.cohorts])
    return render_template("training/course.html", course=course, form=form, counts=counts)


def _session_form(cohort) -> SessionForm:
    form = SessionForm(prefix="session")
    province = cohort.course.province
    form.venue_id.choices = [SelectChoice(NOBODY, _("No venue")),
                             *(SelectChoice(venue.id, venue.name) for venue in queries.venues_of(province))]
    form.trainer_id.choices = [SelectChoice(NOBODY, _("Not chosen yet")),
                               *(SelectChoice(user.id, user.display_name) for user in queries.trainers_of(province))]
    if request.method == "GET":
        form.trainer_id.data = current_user.id
    return form


def _render_cohort(cohort, session_form, enrol_form):
    return render_template(
        "training/cohort.html", cohort=cohort, course=cohort.course, rows=cohort_rows(cohort),
        waiting=waiting_list(cohort), session_form=session_form, enrol_form=enrol_form)


@bp.route("/cohorts/<int:cohort_id>")
@organizers
@managed_cohort
def cohort(cohort):
    return _render_cohort(cohort, _session_form(cohort), EnrolFamilyForm(prefix="enrol"))


@bp.route("/cohorts/<int:cohort_id>/sessions", methods=["POST"])
@organizers
@managed_cohort
def add_session(cohort):
    form = _session_form(cohort)
    if form.validate_on_submit():
        # Both come from the choices, which hold only the province's venues and trainers.
        venue = db.session.get(Venue, form.venue_id.data) if form.venue_id.data else None
        trainer = db.session.get(User, form.trainer_id.data) if form.trainer_id.data else None
        with attempt(form) as outcome:
            operations.add_session(cohort, starts_at=local_to_utc(form.day.data, form.starts.data),
                                   ends_at=local_to_utc(form.day.data, form.ends.data), venue=venue,
                                   room=form.room.data or "", trainer=trainer, by=current_user,
                                   capacity=form.capacity.data)
        if outcome.ok:
            flash(_("The session was added."), "success")
            return redirect(url_for("training.cohort", cohort_id=cohort.id))
    return _render_cohort(cohort, form, EnrolFamilyForm(prefix="enrol")), 422


@bp.route("/cohorts/<int:cohort_id>/enrol", methods=["POST"])
@organizers
@managed_cohort
def enrol_family(cohort):
    form = EnrolFamilyForm(prefix="enrol")
    if form.validate_on_submit():
        family = queries.family_by_phone(form.phone.e164)
        # A family of a province the organizer does not manage is not found either: the
        # answer says nothing about accounts elsewhere.
        if family is None or not current_user.can_manage_province(family.province):
            form.phone.errors.append(_("No family of your provinces has this number."))
        else:
            with attempt(form) as outcome:
                enrolment = operations.enrol(family, cohort, now=utcnow(), by=current_user)
            if outcome.ok:
                flash(_("%(family)s is enrolled.", family=family.name) if enrolment.status == EnrolmentStatus.ENROLLED
                      else _("The group is full: %(family)s is on the waiting list.", family=family.name), "success")
                return redirect(url_for("training.cohort", cohort_id=cohort.id))
    return _render_cohort(cohort, _session_form(cohort), form), 422


@bp.route("/cohorts/<int:cohort_id>/from-market", methods=["GET", "POST"])
@organizers
@managed_cohort
def enrol_applicants(cohort):
    """Enrol, in one go, families who applied to a market of the course's province."""
    markets = list(db.session.scalars(markets_of([cohort.course.province])))
    market = next((m for m in markets if m.id == query_args.whole_number(request.args, "market")), None)
    taken = {e.family_id for e in cohort.enrolments if e.status != EnrolmentStatus.WITHDRAWN}
    families = [f for f in families_applied_to(market) if f.id not in taken] if market else []
    form = FamiliesForm()
    form.families.choices = [SelectChoice(family.id, family.name) for family in families]
    if market is not None and form.validate_on_submit():
        ticked = [family for family in families if family.id in set(form.families.data or ())]
        enrolled, refused = operations.enrol_many(ticked, cohort, by=current_user, now=utcnow())
        flash(ngettext("%(num)d family enrolled.", "%(num)d families enrolled.", enrolled), "success")
        for family, why in refused:
            flash(f"{family.name}: {why}", "error")
        return redirect(url_for("training.cohort", cohort_id=cohort.id), code=303)
    return render_template("training/from_market.html", cohort=cohort, course=cohort.course, markets=markets,
                           market=market, form=form)


@bp.route("/cohorts/<int:cohort_id>/enrolments/<int:enrolment_id>/withdraw", methods=["GET", "POST"])
@organizers
@managed_cohort
def withdraw(cohort, enrolment_id):
    enrolment = next((e for e in cohort.enrolments if e.id == enrolment_id), None)
    if enrolment is None:
        abort(404)
    back = url_for("training.cohort", cohort_id=cohort.id)
    if request.method == "GET":
        return confirmation_page(question=_("Take %(family)s out of this group?", family=enrolment.family.name),
                                 consequence=_("The first family on the waiting list takes the place.")
                                 if enrolment.status == EnrolmentStatus.ENROLLED else None,
                                 confirm_label=_("Yes, take the family out"), back_url=back)
    operations.withdraw(enrolment, by=current_user, now=utcnow())
    flash(_("The family was taken out of the group."), "success")
    return redirect(back, code=303)


@bp.route("/cohorts/<int:cohort_id>/attendance.<file_format>")
@organizers
@managed_cohort
def export(cohort, file_format):
    headers, rows = export_table(cohort)
    return export_response(headers, rows, file_format, f"attendance-{cohort.id}", sheet_title=cohort.name)


@bp.route("/sessions/<int:session_id>", methods=["GET", "POST"])
@organizers
@managed_session
def session(session):
    cohort = session.cohort
    enrolled = [e for e in cohort.enrolments if e.status == EnrolmentStatus.ENROLLED]
    enrolled.sort(key=lambda enrolment: enrolment.family.name)
    form = AttendanceListForm()
    form.present.choices = form.shown.choices = [SelectChoice(e.id, e.family.name) for e in enrolled]
    present_families = {attendance.family_id for attendance in session.attendances}
    ticked = [e.id for e in enrolled if e.family_id in present_families]
    if request.method == "GET":
        form.present.data = ticked
    if form.validate_on_submit():
        with attempt(form) as outcome:
            added, removed = operations.set_list_attendance(session, set(form.present.data or ()), by=current_user,
                                                            now=utcnow(), shown_present=set(form.shown.data or ()))
        if outcome.ok:
            flash(ngettext("%(num)d family marked present.", "%(num)d families marked present.", added)
                  if added or not removed else
                  ngettext("%(num)d family marked absent.", "%(num)d families marked absent.", removed), "success")
            return redirect(url_for("training.session", session_id=session.id))
    methods = {attendance.family_id: attendance.method for attendance in session.attendances}
    return render_template("training/session.html", session=session, cohort=cohort, course=cohort.course, form=form,
                           open_now=operations.can_record(session, utcnow()), ticked=ticked,
                           method_of={e.id: methods.get(e.family_id) for e in enrolled})


@bp.route("/sessions/<int:session_id>/scan")
@organizers
@managed_session
def scanner(session):
    """Read the families' training passes with this phone's camera (the gate's camera module)."""
    return render_template("training/session_scan.html", session=session, course=session.cohort.course,
                           open_now=operations.can_record(session, utcnow()))


@bp.route("/sessions/<int:session_id>/scans", methods=["POST"])
@organizers
@managed_session
def scan(session):
    """The scanner's JSON call: {"scanned": what the camera read} -> a verdict."""
    body = request.get_json(silent=True)
    scanned = body.get("scanned") if isinstance(body, dict) else None
    if not isinstance(scanned, str) or len(scanned) > 500:
        return jsonify({"error": {"message": _("Send what the camera read.")}}), 400
    return jsonify(scanning.scan_pass(session, scanned, by=current_user, now=utcnow()).as_json())


@bp.route("/sessions/<int:session_id>/code")
@organizers
@managed_session
def room_code(session):
    """The code for the room's screen (a projector, a laptop, the trainer's phone held up):
    the page reloads itself when the code changes, without JavaScript."""
    now = utcnow()
    is_open = room_codes.is_open(session, now)
    waiting = not is_open and now < session.starts_at
    return render_template("training/room_code.html", session=session, course=session.cohort.course,
                           code=room_codes.current_code(session, now) if is_open else None,
                           refresh=room_codes.seconds_left(now) if is_open else (60 if waiting else None))


@bp.route("/certificates/<int:certificate_id>/revoke", methods=["GET", "POST"])
@organizers
@managed_certificate
def revoke(certificate):
    form = RevokeForm()
    back = url_for("training.cohort", cohort_id=certificate.enrolment.cohort_id)
    if form.validate_on_submit():
        with attempt(form) as outcome:
            operations.revoke_certificate(certificate, reason=form.reason.data, by=current_user, now=utcnow())
        if outcome.ok:
            flash(_("The certificate was withdrawn: checking it now says so."), "success")
            return redirect(back, code=303)
    return render_template("training/revoke.html", certificate=certificate, form=form, back_url=back)

