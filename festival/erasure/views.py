"""Deleting a family's account: the family's own page (with its password) and the admin's
page for a family that asked without internet. Both explain what is erased and what is kept."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from festival.auth.models import Role
from festival.auth.sessions import end_session
from festival.core.access import object_or_404, roles_required, scoped
from festival.core.domain import DomainError
from festival.core.pipeline import attempt
from festival.core.types import utcnow
from festival.erasure.forms import AdminErasureForm, FamilyErasureForm
from festival.erasure.operations import erase_family
from festival.vendors.models import Family
from festival.vendors.profile import own_family

bp = Blueprint("erasure", __name__)
erasable_family = scoped("family_id", lambda family_id: object_or_404(Family, family_id),
                         lambda user, _family: user.role == Role.ADMIN)


@bp.route("/family/delete-account", methods=["GET", "POST"])
@roles_required(Role.VENDOR)
def request_page():
    family = own_family()
    form = FamilyErasureForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        with attempt(form) as outcome:
            if not user.check_password(form.password.data):
                raise DomainError(_("The password is not correct."), field="password")
            erase_family(family, by=user, now=utcnow())
        if outcome.ok:
            end_session(user)
            flash(_("Your family's account was deleted. Thank you for taking part in the markets."), "success")
            return redirect(url_for("public.home"), code=303)
    return render_template("erasure/family.html", form=form, family=family)


@bp.route("/admin/families/<int:family_id>/delete-account", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
@erasable_family
def admin_page(family):
    form = AdminErasureForm()
    if family.erased_at is None and form.validate_on_submit():
        with attempt(form) as outcome:
            erase_family(family, by=current_user, now=utcnow())
        if outcome.ok:
            flash(_("The family's account was deleted."), "success")
            return redirect(url_for("erasure.admin_page", family_id=family.id), code=303)
    return render_template("erasure/admin.html", form=form, family=family)
