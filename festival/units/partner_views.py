"""The production units of a partner's scope, a page of the partner's dashboard: units,
member families, equipment received and the units' reported sales per province, small
cells suppressed by festival/units/queries.partner_summary. Its own page (linked from
/partner) because units sit above partners in the layers: partners cannot import them."""
from flask import Blueprint, abort, render_template
from flask_login import current_user

from festival.auth.models import Role
from festival.core.access import roles_required
from festival.partners.queries import partner_of
from festival.units.queries import partner_summary

bp = Blueprint("units_partner", __name__, url_prefix="/partner")


@bp.route("/units")
@roles_required(Role.PARTNER)
def units():
    partner = partner_of(current_user)
    if partner is None:
        abort(404)
    provinces = None if partner.national else [province.id for province in partner.provinces]
    return render_template("units/partner.html", partner=partner, unit_summary=partner_summary(provinces))
