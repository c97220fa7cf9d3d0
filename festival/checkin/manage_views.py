"""Organizers and the gate: gate staff per market, attendance, empty stalls, the paper list."""
from datetime import date, timedelta

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from festival.applications.models import Application
from festival.auth.models import MANAGER_ROLES, User
from festival.checkin import attendance as queries
from festival.checkin import conflicts, devices, noshow, paper, staff
from festival.checkin.forms import CutoffForm, PaperArrivalsForm, ReplaceNoShowForm, gate_staff_form
from festival.checkin.models import GateDevice
from festival.core.access import roles_required
from festival.core.confirm import confirmation_page
from festival.core.formatting import long_date
from festival.core.forms import ConfirmForm
from festival.core.pipeline import attempt
from festival.core.spreadsheets import export_response
from festival.core.timezones import local_to_utc
from festival.core.types import utcnow
from festival.extensions import db
from festival.markets.access import managed_market, managed_occurrence
from festival.stalls.models import StallAssignment

bp = Blueprint("checkin_manage", __name__, url_prefix="/manage")
organizers = roles_required(*MANAGER_ROLES)


# -- gate staff of a market ------------------------------------------------------------


@bp.route("/markets/<int:market_id>/gate-staff", methods=["POST"])
@organizers
@managed_market
def attach_gate_staff(market):
    form = gate_staff_form(market, formdata=True)
    if not form.validate_on_submit():
        flash(_("Choose a gate staff account that is not attached yet."), "error")
        return redirect(url_for("markets.show", market_id=market.id, _anchor="gate-staff"))
    user = db.session.get(User, form.user.data)
    with attempt() as outcome:
        staff.attach(market, user, by=current_user)
    if outcome.ok:
        flash(_("%(name)s now works the gate of this market.", name=user.display_name), "success")
    return redirect(url_for("markets.show", market_id=market.id, _anchor="gate-staff"))


@bp.route("/markets/<int:market_id>/gate-staff/<int:user_id>/detach", methods=["GET", "POST"])
@organizers
@managed_market
def detach_gate_staff(market, user_id):
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    if request.method == "GET":
        return confirmation_page(
            question=_("Remove %(name)s from the gate of this market?", name=user.display_name),
            subject=market.title,
            consequence=_("This account will no longer check families in at this market's dates."),
            confirm_label=_("Yes, remove from this market"),
            back_url=url_for("markets.show", market_id=market.id, _anchor="gate-staff"))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    staff.detach(market, user, by=current_user)
    flash(_("%(name)s no longer works the gate of this market.", name=user.display_name), "info")
    return redirect(url_for("markets.show", market_id=market.id, _anchor="gate-staff"))


@bp.route("/markets/<int:market_id>/gate-phones/<int:device_id>/remove", methods=["GET", "POST"])
@organizers
@managed_market
def revoke_gate_phone(market, device_id):
    device = db.session.get(GateDevice, device_id)
    if device is None or device.market_id != market.id:
        abort(404)
    back_url = url_for("markets.show", market_id=market.id, _anchor="gate-phones")
    if request.method == "GET":
        return confirmation_page(
            question=_("Remove this phone from the gate of this market?"),
            subject=f"{device.user.display_name} · {conflicts.phone_name(device)}",
            consequence=_("At its next connection the phone deletes its list of badges and stops checking "
                          "families in here. Scans it made before now still count."),
            confirm_label=_("Yes, remove this phone"), back_url=back_url)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    devices.revoke(device, by=current_user, now=utcnow())
    flash(_("The phone was removed from the gate of this market."), "info")
    return redirect(back_url)


@bp.route("/markets/<int:market_id>/checkin-cutoff", methods=["POST"])
@organizers
@managed_market
def checkin_cutoff(market):
    form = CutoffForm()
    if form.validate_on_submit():
        noshow.set_cutoff(market, form.minutes.data, by=current_user)
        flash(_("Saved."), "success")
    else:
        flash(form.minutes.errors[0] if form.minutes.errors else _("Please try again."), "error")
    return redirect(url_for("markets.show", market_id=market.id, _anchor="gate-staff"))


# -- attendance ------------------------------------------------------------------------


def _replace_forms(result) -> dict[int, ReplaceNoShowForm]:
    forms = {}
    for row in result.empty_stalls:
        form = ReplaceNoShowForm(formdata=None, assignment=row.assignment.id)
        form.application.choices = [SelectChoice(a.id, a.family.name) for a in result.waiting]
        forms[row.assignment.id] = form
    return forms


@bp.route("/occurrences/<int:occurrence_id>/attendance")
@organizers
@managed_occurrence
def attendance(occurrence):
    result = queries.attendance(occurrence, utcnow())
    return render_template("checkin/attendance.html", occurrence=occurrence, result=result,
                           replace_forms=_replace_forms(result), conflicts=conflicts.conflicts_of(occurrence),
                           phone_name=conflicts.phone_name)


@bp.route("/occurrences/<int:occurrence_id>/attendance/live")
@organizers
@managed_occurrence
def attendance_live(occurrence):
    """The changing part of the attendance page, fetched again by static/js/attendance_live.js."""
    result = queries.attendance(occurrence, utcnow())
    response = make_response(render_template("checkin/_attendance_live.html", occurrence=occurrence, result=result,
                                             replace_forms=_replace_forms(result)))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/occurrences/<int:occurrence_id>/attendance.<any(csv, xlsx):file_format>")
@organizers
@managed_occurrence
def export_attendance(occurrence, file_format):
    headers, rows = queries.export_table(queries.attendance(occurrence, utcnow()))
    filename = f"attendance-{occurrence.id}-{occurrence.day.isoformat()}"
    return export_response(headers, rows, file_format, filename, sheet_title=occurrence.market.title[:30])


@bp.route("/occurrences/<int:occurrence_id>/attendance/replace", methods=["POST"])
@organizers
@managed_occurrence
def replace_no_show(occurrence):
    back = redirect(url_for("checkin_manage.attendance", occurrence_id=occurrence.id, _anchor="empty-stalls"))
    form = ReplaceNoShowForm()
    form.application.choices = [SelectChoice(a.id, a.family.name) for a in queries.waitlisted(occurrence)]
    if not form.validate_on_submit():
        flash(_("Choose a waiting family that is here."), "error")
        return back
    assignment = db.session.get(StallAssignment, form.assignment.data)
    if assignment is None or assignment.occurrence_id != occurrence.id:
        flash(_("This stall is no longer empty or was given away already. The page is up to date now."), "error")
        return back
    waiting = db.session.get(Application, form.application.data)
    absent_name, stall_code = assignment.family.name, assignment.stall.code
    with attempt(database_error=_("Someone changed this date at the same moment; nothing was saved. "
                                  "Please try again.")) as outcome:
        noshow.replace_no_show(assignment, waiting, by=current_user, now=utcnow())
    if outcome.ok:
        flash(_("Stall %(stall)s went to %(family)s, who is checked in and has a badge. %(absent)s is marked as "
                "a no-show.", stall=stall_code, family=waiting.family.name, absent=absent_name), "success")
    return back


# -- the paper list ----------------------------------------------------------------------


@bp.route("/occurrences/<int:occurrence_id>/gate-list")
@organizers
@managed_occurrence
def gate_list(occurrence):
    return render_template("checkin/gate_list.html", occurrence=occurrence,
                           rows=queries.gate_list(occurrence, utcnow()))


def _paper_form(occurrence, rows) -> PaperArrivalsForm:
    form = PaperArrivalsForm()
    form.families.choices = [SelectChoice(row.application_id, f"{row.family.name} · {row.stall_code}")
                             for row in rows]
    days = [occurrence.day + timedelta(days=n) for n in range((occurrence.last_day - occurrence.day).days + 1)]
    form.day.choices = [SelectChoice(day.isoformat(), long_date(day)) for day in days]
    if not form.is_submitted():
        form.day.data = occurrence.day.isoformat()
        form.arrived_at.data = occurrence.market.opens_at
    return form


@bp.route("/occurrences/<int:occurrence_id>/paper-checkins", methods=["GET", "POST"])
@organizers
@managed_occurrence
def paper_checkins(occurrence):
    rows = queries.attendance(occurrence, utcnow()).placed_not_checked_in
    form = _paper_form(occurrence, rows)
    if form.validate_on_submit():
        arrived_at = local_to_utc(date.fromisoformat(form.day.data), form.arrived_at.data)
        with attempt(form) as outcome:
            result = paper.record_paper_arrivals(occurrence, form.families.data, arrived_at=arrived_at,
                                                 by=current_user, now=utcnow())
        if outcome.ok:
            flash(ngettext("%(num)d arrival from the paper list was recorded.",
                           "%(num)d arrivals from the paper list were recorded.", len(result.recorded)), "success")
            for family in result.already:
                flash(_("%(family)s was already checked in.", family=family.name), "info")
            for family, message in result.refused:
                flash(f"{family.name}: {message}", "error")
            return redirect(url_for("checkin_manage.attendance", occurrence_id=occurrence.id))
    return render_template("checkin/paper.html", occurrence=occurrence, form=form)
