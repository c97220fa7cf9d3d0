from flask import Blueprint, abort, render_template
from flask_login import current_user

from festival.auth.models import Role
from festival.core.access import roles_required

bp = Blueprint("vendors", __name__, url_prefix="/family")


@bp.route("")
@roles_required(Role.VENDOR)
def dashboard():
    family = current_user.family
    if family is None:
        abort(404)
    return render_template("vendors/dashboard.html", family=family)
