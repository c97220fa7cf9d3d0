"""The audit log viewer for administrators: who did what, newest first, and its CSV export."""
from flask import Blueprint, render_template, request

from festival.audit.filters import AuditFilterForm, applied_filters, audit_query
from festival.audit.present import csv_table, present
from festival.auth.models import Role
from festival.core.access import roles_required
from festival.core.input_guard import paginate
from festival.core.spreadsheets import export_response
from festival.core.timezones import today_in_damascus
from festival.extensions import db

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")
ENTRIES_PER_PAGE = 50
MAX_EXPORTED_ENTRIES = 20_000


def _filter_form() -> AuditFilterForm:
    form = AuditFilterForm(formdata=request.args)
    if request.args:
        form.validate()
    return form


@bp.route("")
@roles_required(Role.ADMIN)
def index():
    form = _filter_form()
    page = paginate(audit_query(form), per_page=ENTRIES_PER_PAGE)
    return render_template("audit/index.html", form=form, page=page, entries=present(page.items),
                           filters=applied_filters(form))


@bp.route("/export.csv")
@roles_required(Role.ADMIN)
def export():
    form = _filter_form()
    entries = db.session.scalars(audit_query(form).limit(MAX_EXPORTED_ENTRIES)).unique().all()
    headers, rows = csv_table(present(entries))
    # Mobile numbers and IP addresses: export_response never lets a cache or the browser keep them.
    return export_response(headers, rows, "csv", f"audit-{today_in_damascus().isoformat()}")
