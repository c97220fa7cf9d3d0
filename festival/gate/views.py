from flask import Blueprint, render_template

from festival.auth.models import Role
from festival.core.access import roles_required

bp = Blueprint("gate", __name__, url_prefix="/gate")


@bp.route("")
@roles_required(Role.GATE, Role.ADMIN)
def dashboard():
    return render_template("gate/dashboard.html")
