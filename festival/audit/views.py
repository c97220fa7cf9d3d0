"""The audit log viewer for administrators: who did what, newest first."""
from flask import Blueprint, render_template, request

from festival.audit.filters import AuditFilterForm, applied_filters, audit_query, target_type_choices
from festival.auth.models import Role
from festival.core.access import roles_required
from festival.core.input_guard import paginate

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")
ENTRIES_PER_PAGE = 50


@bp.route("")
@roles_required(Role.ADMIN)
def index():
    form = AuditFilterForm(formdata=request.args)
    form.target_type.choices = target_type_choices()
    if request.args:
        form.validate()
    page = paginate(audit_query(form), per_page=ENTRIES_PER_PAGE)
    return render_template("audit/index.html", form=form, page=page, filters=applied_filters(form))
