"""The organizer's sales pages for one occurrence: the event dashboard, reminders,
entering a report for a family, and the market's report settings."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from festival.auth.models import MANAGER_ROLES
from festival.core.access import roles_required
from festival.core.forms import ConfirmForm
from festival.core.i18n import is_arabic
from festival.core.input_guard import int_arg
from festival.core.pipeline import attempt
from festival.core.types import utcnow
from festival.extensions import db
from festival.markets.access import managed_market, managed_occurrence
from festival.markets.models import Market
from festival.reports import operations, tables
from festival.reports.charts import Point, bar_chart
from festival.reports.forms import ReportSettingsForm, report_form
from festival.reports.views_common import report_crafts, try_save_report
from festival.vendors.models import Family

bp = Blueprint("reports", __name__, url_prefix="/manage")
organizers = roles_required(*MANAGER_ROLES)


def _event_tables(occurrence):
    return tables.event_tables(occurrence)


@bp.route("/occurrences/<int:occurrence_id>/sales")
@organizers
@managed_occurrence
def event(occurrence):
    summary, event_tables, families = _event_tables(occurrence)
    categories = tables.pick(event_tables, "categories")
    chart = bar_chart([Point(row[0], row[1]) for row in categories.rows], title=categories.title,
                      rtl=is_arabic()) if categories.rows else None
    settings = ReportSettingsForm(formdata=None, deadline_days=occurrence.market.report_deadline_days,
                                  publish_total=occurrence.market.publish_sales_total)
    now = utcnow()
    return render_template(
        "reports/event.html", occurrence=occurrence, market=occurrence.market, summary=summary,
        tables=event_tables, chart=chart, settings=settings, confirm_form=ConfirmForm(formdata=None),
        deadline_day=operations.report_deadline_day(occurrence), ended=operations.has_ended(occurrence, now),
        may_remind=operations.family_may_edit(occurrence, now),
        families_missing=[row for row in families if row.SalesReport is None],
        families_reported=[row for row in families if row.SalesReport is not None],
    )


@bp.route("/occurrences/<int:occurrence_id>/sales/<table>.<fmt>")
@organizers
@managed_occurrence
def event_export(occurrence, table, fmt):
    _summary, event_tables, _families = _event_tables(occurrence)
    return tables.export_response(tables.pick(event_tables, table), fmt, f"sales-{occurrence.day.isoformat()}")


@bp.route("/occurrences/<int:occurrence_id>/sales/remind", methods=["POST"])
@organizers
@managed_occurrence
def remind(occurrence):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    with attempt() as outcome:
        count = operations.remind_missing(occurrence, by=current_user, now=utcnow())
    if outcome.ok:
        flash(ngettext("A reminder was sent to %(num)d family.", "A reminder was sent to %(num)d families.", count)
              if count else _("Every family has reported: nobody to remind."), "success")
    return redirect(url_for(".event", occurrence_id=occurrence.id))


@bp.route("/occurrences/<int:occurrence_id>/sales/families/<int:family_id>", methods=["GET", "POST"])
@organizers
@managed_occurrence
def enter(occurrence, family_id):
    """An organizer types a family's report (collected by phone), or corrects it after the deadline."""
    now = utcnow()
    assignment = operations.assignment_of(occurrence, family_id)
    if assignment is None:
        abort(404)
    existing = operations.report_of(occurrence.id, family_id)
    crafts = report_crafts(assignment, existing)
    form = report_form(crafts)
    if not form.is_submitted() and existing is not None:
        form.fill_from(existing)
    needs_confirmation = False
    if form.validate_on_submit():
        saved, needs_confirmation = try_save_report(form, assignment, crafts, by=current_user, now=now)
        if saved:
            flash(_("The report of %(family)s was saved, marked as entered by an organizer.",
                    family=assignment.family.name), "success")
            return redirect(url_for(".event", occurrence_id=occurrence.id))
    return render_template(
        "reports/family_form.html", form=form, occurrence=occurrence, assignment=assignment, existing=existing,
        editable=operations.has_ended(occurrence, now), ended=operations.has_ended(occurrence, now),
        deadline_day=operations.report_deadline_day(occurrence), by_organizer=True,
        family=db.session.get(Family, family_id),
        needs_confirmation=needs_confirmation or bool(form.confirm_large.data),
    )


@bp.route("/markets/<int:market_id>/sales/settings", methods=["POST"])
@organizers
@managed_market
def settings(market):
    form = ReportSettingsForm()
    back = form_back(market)
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for message in errors:
                flash(message, "error")
        return back
    with attempt() as outcome:
        operations.update_settings(market, deadline_days=form.deadline_days.data,
                                   publish_total=bool(form.publish_total.data), by=current_user)
    if not outcome.ok:
        return back
    flash(_("The report settings of this market were saved."), "success")
    return back


def form_back(market: Market):
    """Back to the page the settings form was on (an event dashboard of this market)."""
    occurrence_id = int_arg("occurrence_id", args=request.form)
    if occurrence_id and any(occurrence.id == occurrence_id for occurrence in market.occurrences):
        return redirect(url_for(".event", occurrence_id=occurrence_id))
    return redirect(url_for("dashboards.market", market_id=market.id))
