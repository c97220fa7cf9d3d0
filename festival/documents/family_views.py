"""A family's own documents: what its crafts need, uploading, the history, its own files.

A family only ever reaches its own documents: another family's is a 404, exactly like
one that does not exist.
"""
from datetime import timedelta

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from festival.auth.models import Role
from festival.core.access import roles_required
from festival.core.pipeline import attempt
from festival.core.timezones import today_in_damascus
from festival.core.types import utcnow
from festival.documents import files, operations, queries
from festival.documents.forms import UploadForm
from festival.documents.models import DocumentType
from festival.documents.readiness import current_documents, state_for
from festival.extensions import db
from festival.vendors.profile import own_family

bp = Blueprint("documents_family", __name__, url_prefix="/family/documents")
families = roles_required(Role.VENDOR)


@bp.route("", methods=["GET", "POST"])
@families
def mine():
    family, today = own_family(), today_in_damascus()
    document_types = queries.document_types()
    needed_ids = {document_type.id for document_type in queries.needed_by_crafts(family)}
    form = UploadForm.for_choices(
        [SelectChoice(document_type.id, document_type.name) for document_type in document_types],
        document_type_id=request.args.get("type", type=int))
    if form.validate_on_submit():
        document_type = db.session.get(DocumentType, form.document_type_id.data)  # one of the choices
        with attempt(form) as outcome:
            operations.upload_document(family, operations.Upload(
                document_type, form.number.data, form.expires_on.data, form.file.data),
                by=current_user, now=utcnow(), today=today)
        if outcome.ok:
            flash(_("Your document was added. The organizers will check it, and we will tell you."), "success")
            return redirect(url_for("documents_family.mine"), code=303)
    current = current_documents([family.id])
    rows = [(document_type, current.get((family.id, document_type.id)),
             state_for(current.get((family.id, document_type.id)), document_type, today),
             document_type.id in needed_ids)
            for document_type in document_types]
    rows.sort(key=lambda row: (not row[3], row[1] is None, row[0].id))  # what its crafts need first
    return render_template("documents/mine.html", family=family, rows=rows, form=form, today=today,
                           soon=today + timedelta(days=queries.SOON_DAYS),
                           history=[document for document in queries.history_of(family) if not document.is_current])


@bp.route("/<int:document_id>/file")
@families
def file(document_id):
    return files.serve(queries.own_document_or_404(own_family(), document_id))
