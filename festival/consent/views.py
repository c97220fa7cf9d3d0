"""A family's own page about its data: what it lets the programme share (changed at any
time, every change kept), and a download of everything the programme holds about it."""
import json

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from festival.auth.models import Role
from festival.consent import operations, queries
from festival.consent.forms import SharingForm
from festival.consent.my_data import everything_about
from festival.core.access import roles_required
from festival.core.types import utcnow
from festival.partners.queries import exports_including
from festival.vendors.profile import own_family

bp = Blueprint("consent", __name__, url_prefix="/family")
families = roles_required(Role.VENDOR)


@bp.route("/sharing", methods=["GET", "POST"])
@families
def sharing():
    family = own_family()
    current = queries.current_choices([family.id]).get(family.id, {})
    form = SharingForm(data={"sharing": [purpose for purpose, granted in current.items() if granted]})
    if form.validate_on_submit():
        changed = operations.record_choices(family, set(form.sharing.data or ()), by=current_user, now=utcnow())
        flash(_("Your choices are saved. They apply to every later export.") if changed else _("Nothing changed."),
              "success")
        return redirect(url_for("consent.sharing"), code=303)
    return render_template("consent/sharing.html", form=form, history=queries.history(family.id),
                           shared=exports_including(family))


@bp.route("/my-data.json")
@families
def my_data():
    family = own_family()
    body = json.dumps(everything_about(family), ensure_ascii=False, indent=2, default=str)
    response = Response(body, content_type="application/json; charset=utf-8")
    response.headers.set("Content-Disposition", "attachment", filename="my-family-data.json")
    response.headers["Cache-Control"] = "private, no-store"
    return response
