"""Admins set the document types: their names, whether they expire, the crafts that need them."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from festival.auth.models import Role
from festival.core.access import roles_required
from festival.core.pipeline import attempt
from festival.documents import operations, queries
from festival.documents.forms import DocumentTypeForm
from festival.markets.queries import craft_choices, crafts_by_ids

bp = Blueprint("document_types", __name__, url_prefix="/admin/document-types")
admins = roles_required(Role.ADMIN)


def _form(document_type=None) -> DocumentTypeForm:
    form = DocumentTypeForm(obj=document_type)
    form.crafts.choices = craft_choices()
    if document_type is not None and request.method == "GET":
        form.crafts.data = [craft.id for craft in document_type.crafts]
    return form


def _plan(form: DocumentTypeForm) -> operations.DocumentTypePlan:
    return operations.DocumentTypePlan(name_ar=form.name_ar.data, name_en=form.name_en.data or "",
                                       expires=form.expires.data, crafts=crafts_by_ids(form.crafts.data or []))


@bp.route("", methods=["GET", "POST"])
@admins
def index():
    form = _form()
    if form.validate_on_submit():
        with attempt(form) as outcome:
            operations.create_document_type(_plan(form), by=current_user)
        if outcome.ok:
            flash(_("The document type was added."), "success")
            return redirect(url_for("document_types.index"), code=303)
    return render_template("documents/types.html", document_types=queries.document_types(), form=form)


@bp.route("/<int:document_type_id>/edit", methods=["GET", "POST"])
@admins
def edit(document_type_id):
    document_type = queries.document_type_or_404(document_type_id)
    form = _form(document_type)
    if form.validate_on_submit():
        with attempt(form) as outcome:
            operations.update_document_type(document_type, _plan(form), by=current_user)
        if outcome.ok:
            flash(_("Saved."), "success")
            return redirect(url_for("document_types.index"), code=303)
    return render_template("documents/type_form.html", document_type=document_type, form=form)
