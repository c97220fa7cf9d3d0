"""A member family's page of its production unit(s): the members, the equipment, and the
applications sent for the unit with their decisions."""
from flask import Blueprint, abort, render_template
from flask_login import current_user

from festival.auth.models import Role
from festival.core.access import roles_required
from festival.units import queries

bp = Blueprint("units_family", __name__, url_prefix="/family")


@bp.route("/unit")
@roles_required(Role.VENDOR)
def unit():
    family = current_user.family
    if family is None:
        abort(404)
    units = queries.units_of_family(family)
    applications = queries.unit_applications([unit.id for unit in units])
    return render_template("units/family.html", family=family, units=units,
                           applications_of={unit.id: [a for a in applications if a.unit_id == unit.id]
                                            for unit in units})
