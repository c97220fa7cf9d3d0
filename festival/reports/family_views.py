"""A family's own sales: the report form after each market, and its sales over time.

Everything is looked up from `current_user`: a family reaches only its own reports,
and a date where it had no stall is a 404.
"""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from festival.auth.models import Role
from festival.core.access import roles_required
from festival.core.formatting import long_date
from festival.core.i18n import is_arabic
from festival.core.types import utcnow
from festival.extensions import db
from festival.markets.models import Occurrence
from festival.reports import operations, queries, tables
from festival.reports.charts import Point, bar_chart
from festival.reports.forms import report_form
from festival.reports.views_common import report_crafts, try_save_report
from festival.vendors.profile import own_family

bp = Blueprint("sales", __name__, url_prefix="/family/sales")
families = roles_required(Role.VENDOR)


def _history_page(family, now):
    history = queries.family_history(family, now)
    return history, tables.family_table(history)


@bp.route("")
@families
def history():
    family, now = own_family(), utcnow()
    rows, table = _history_page(family, now)
    open_rows = [row for row in rows if operations.family_may_edit(row.Occurrence, now)]
    pending = [row for row in open_rows if row.SalesReport is None]
    with_sales = [row for row in rows if row.SalesReport is not None]
    points = [Point(long_date(row.Occurrence.day), row.SalesReport.total_sales if row.SalesReport.attended else 0)
              for row in with_sales]
    chart = bar_chart(points, title=_("My sales per market date"), rtl=is_arabic()) if points else None
    return render_template("reports/family_history.html", family=family, rows=rows, table=table, chart=chart,
                           pending=pending, editable={row.Occurrence.id for row in open_rows},
                           total=sum(row.SalesReport.total_sales for row in with_sales if row.SalesReport.attended))


@bp.route("/my-sales.<fmt>")
@families
def export(fmt):
    _rows, table = _history_page(own_family(), utcnow())
    return tables.export_response(table, fmt, "sales")


@bp.route("/<int:occurrence_id>", methods=["GET", "POST"])
@families
def report(occurrence_id):
    family, now = own_family(), utcnow()
    occurrence = db.get_or_404(Occurrence, occurrence_id)
    assignment = operations.assignment_of(occurrence, family.id)
    if assignment is None:
        abort(404)
    existing = operations.report_of(occurrence.id, family.id)
    crafts = report_crafts(assignment, existing)
    form = report_form(crafts)
    if request.method == "GET" and existing is not None:
        form.fill_from(existing)
    editable = operations.family_may_edit(occurrence, now)
    needs_confirmation = False
    if request.method == "POST" and editable and form.validate_on_submit():
        saved, needs_confirmation = try_save_report(form, assignment, crafts, by=current_user, now=now)
        if saved:
            flash(_("Thank you: your sales report was saved. You can change it until %(deadline)s.",
                    deadline=_deadline_text(occurrence)), "success")
            return redirect(url_for(".history"))
    return render_template("reports/family_form.html", form=form, occurrence=occurrence, assignment=assignment,
                           existing=existing, editable=editable, ended=operations.has_ended(occurrence, now),
                           deadline_day=operations.report_deadline_day(occurrence),
                           needs_confirmation=needs_confirmation or bool(form.confirm_large.data))


def _deadline_text(occurrence) -> str:
    return long_date(operations.report_deadline_day(occurrence))
