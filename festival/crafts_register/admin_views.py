"""Admins edit the crafts (description, marks, photos) at /admin/crafts; admins and partners
download the register ("داتا الصناعات الحرفية"), every download recorded."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from festival.auth.models import Role
from festival.core.access import roles_required, scoped
from festival.core.confirm import confirmation_page
from festival.core.forms import ConfirmForm
from festival.core.pipeline import attempt
from festival.core.spreadsheets import EXPORT_FORMATS, export_response
from festival.core.types import utcnow
from festival.crafts.models import MAX_CRAFT_PHOTOS
from festival.crafts.photos import craft_photo_by_name
from festival.crafts_register import operations, queries
from festival.crafts_register.export import register_table
from festival.crafts_register.forms import CraftForm
from festival.partners.queries import partner_of

bp = Blueprint("crafts_admin", __name__)
admins = roles_required(Role.ADMIN)
managed_craft = scoped("craft_id", queries.craft_or_404, lambda user, _craft: user.role == Role.ADMIN)


def _filename() -> str:
    return f"crafts-register-{utcnow().date().isoformat()}"


@bp.route("/admin/crafts")
@admins
def index():
    return render_template("crafts/admin_index.html", groups=queries.crafts_by_category(), form=ConfirmForm())


@bp.route("/admin/crafts/<int:craft_id>", methods=["GET", "POST"])
@admins
@managed_craft
def edit(craft):
    form = CraftForm.for_craft(craft)
    if form.validate_on_submit():
        with attempt(form) as outcome:
            operations.update_craft(craft, operations.CraftText(
                description_ar=form.description_ar.data or "", description_en=form.description_en.data or "",
                heritage=form.heritage.data, endangered=form.endangered.data), by=current_user)
            if form.photo.data:
                operations.add_photo(craft, form.photo.data, by=current_user)
        if outcome.ok:
            flash(_("Saved."), "success")
            return redirect(url_for(".edit", craft_id=craft.id), code=303)
    return render_template("crafts/admin_edit.html", craft=craft, form=form, max_photos=MAX_CRAFT_PHOTOS), \
        422 if form.errors else 200


@bp.route("/admin/crafts/<int:craft_id>/photos/<stored_name>/delete", methods=["GET", "POST"])
@admins
@managed_craft
def remove_photo(craft, stored_name):
    photo = craft_photo_by_name(stored_name)
    if photo is None or photo.craft_id != craft.id:
        abort(404)
    if request.method == "GET":
        return confirmation_page(
            question=_("Remove this photo?"), consequence=_("Visitors will no longer see it. This cannot be undone."),
            image_url=url_for("crafts.photo_thumb", stored_name=photo.stored_name), image_alt=_("The photo to remove"),
            confirm_label=_("Yes, remove the photo"), back_label=_("No, keep it"),
            back_url=url_for(".edit", craft_id=craft.id))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    operations.remove_photo(photo, by=current_user)
    flash(_("The photo was removed."), "success")
    return redirect(url_for(".edit", craft_id=craft.id), code=303)


@bp.route("/admin/crafts/register.<file_format>", methods=["POST"])
@admins
def admin_export(file_format):
    """A POST: every download is recorded, so no prefetch may make one."""
    if file_format not in EXPORT_FORMATS or not ConfirmForm().validate_on_submit():
        abort(404 if file_format not in EXPORT_FORMATS else 400)
    headers, rows = register_table()
    operations.log_admin_export(by=current_user, rows=len(rows))
    return export_response(headers, rows, file_format, _filename(), sheet_title=_("Traditional crafts register"))


@bp.route("/partner/crafts-register.<file_format>", methods=["POST"])
@roles_required(Role.PARTNER)
def partner_export(file_format):
    """The partner's scope only (national, or its provinces), logged with its exports."""
    partner = partner_of(current_user)
    if partner is None:
        abort(404)
    if file_format not in EXPORT_FORMATS or not ConfirmForm().validate_on_submit():
        abort(404 if file_format not in EXPORT_FORMATS else 400)
    headers, rows = register_table(None if partner.national else [province.id for province in partner.provinces])
    operations.log_partner_export(partner, by=current_user, rows=len(rows), now=utcnow())
    return export_response(headers, rows, file_format, _filename(), sheet_title=_("Traditional crafts register"))
