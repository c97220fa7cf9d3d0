"""Partner pages: admins create partners and read every export; a partner's accounts read
their scope's counts (small cells "<5") and download the families who agreed to share."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from festival.auth.models import Role
from festival.core.access import roles_required, scoped
from festival.core.forms import ConfirmForm
from festival.core.pipeline import attempt
from festival.core.spreadsheets import export_response
from festival.core.types import utcnow
from festival.extensions import db
from festival.partners import operations, queries, token_queries
from festival.partners.dashboard import dashboard
from festival.partners.forms import MemberForm, PartnerForm
from festival.partners.token_forms import TokenForm
from festival.provinces.models import Province

bp = Blueprint("partners", __name__)
admins = roles_required(Role.ADMIN)
partners_only = roles_required(Role.PARTNER)
managed_partner = scoped("partner_id", queries.partner_or_404, lambda user, _partner: user.role == Role.ADMIN)


def _provinces():
    return list(db.session.scalars(db.select(Province).order_by(Province.position)))


def _token_section(partner) -> dict:
    """The partner page's API tokens (created and revoked in festival/partners/token_views.py)."""
    return {"tokens": token_queries.tokens_of(partner), "token_form": TokenForm(), "revoke_form": ConfirmForm()}


def _plan(form: PartnerForm) -> operations.PartnerPlan:
    chosen = set(form.provinces.data or ())
    return operations.PartnerPlan(
        name_ar=form.name_ar.data, name_en=form.name_en.data, kind=form.kind.data, purpose=form.purpose.data,
        national=bool(form.national.data), provinces=[p for p in _provinces() if p.id in chosen],
        fields=list(form.fields.data or ()))


@bp.route("/admin/partners", methods=["GET", "POST"])
@admins
def index():
    form = PartnerForm(provinces=_provinces())
    if form.validate_on_submit():
        with attempt(form) as outcome:
            partner = operations.create_partner(_plan(form), by=current_user)
        if outcome.ok:
            flash(_("The partner was added. Now add the account of the person who will use it."), "success")
            return redirect(url_for("partners.edit", partner_id=partner.id), code=303)
    return render_template("partners/admin_index.html", form=form, partners=queries.all_partners(),
                           exports=queries.exports_of(limit=30))


@bp.route("/admin/partners/<int:partner_id>", methods=["GET", "POST"])
@admins
@managed_partner
def edit(partner):
    form = PartnerForm(obj=partner, provinces=_provinces())
    if not form.is_submitted():
        form.provinces.data = [province.id for province in partner.provinces]
    if form.validate_on_submit():
        with attempt(form) as outcome:
            operations.update_partner(partner, _plan(form), by=current_user)
        if outcome.ok:
            flash(_("Saved."), "success")
            return redirect(url_for("partners.edit", partner_id=partner.id), code=303)
    return render_template("partners/admin_edit.html", partner=partner, form=form, member_form=MemberForm(),
                           exports=queries.exports_of(partner), **_token_section(partner))


@bp.route("/admin/partners/<int:partner_id>/members", methods=["POST"])
@admins
@managed_partner
def add_member(partner):
    form = MemberForm()
    if form.validate_on_submit():
        with attempt(form) as outcome:
            user = operations.add_member(partner, phone=form.phone.e164, display_name=form.display_name.data,
                                         by=current_user)
        if outcome.ok:
            flash(_("The account was added. Make a password link for it on its account page."), "success")
            return redirect(url_for("admin.edit_user", user_id=user.id), code=303)
    return render_template("partners/admin_edit.html", partner=partner, form=PartnerForm(obj=partner,
                           provinces=_provinces()), member_form=form, exports=queries.exports_of(partner),
                           **_token_section(partner)), 422


def _own_partner():
    partner = queries.partner_of(current_user)
    if partner is None:
        abort(404)
    return partner


@bp.route("/partner")
@partners_only
def home():
    partner = _own_partner()
    return render_template("partners/home.html", partner=partner, dashboard=dashboard(partner, utcnow()),
                           by_province=queries.families_by_province(partner),
                           by_craft=queries.families_by_craft(partner), exports=queries.exports_of(partner, limit=10),
                           consenting=queries.consented_count(partner), form=ConfirmForm())


@bp.route("/partner/export/<file_format>", methods=["POST"])
@partners_only
def export(file_format):
    """A POST: every export is logged (who, when, which families), so no prefetch may make one."""
    partner = _own_partner()
    if file_format not in ("csv", "xlsx") or not ConfirmForm().validate_on_submit():
        abort(404 if file_format not in ("csv", "xlsx") else 400)
    headers, rows, _export = operations.export_families(partner, by=current_user, now=utcnow())
    return export_response(headers, rows, file_format, f"families-{utcnow().date().isoformat()}",
                           sheet_title=partner.name)
