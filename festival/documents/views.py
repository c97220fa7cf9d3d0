"""Organizers' document pages: the queue of documents to check, one document with its file,
and a market's own requirements and policy."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from festival.auth.models import MANAGER_ROLES
from festival.core import query_args
from festival.core.access import ensure_can_manage, roles_required
from festival.core.forms import ConfirmForm
from festival.core.input_guard import paginate
from festival.core.labels import label
from festival.core.pipeline import attempt
from festival.core.timezones import today_in_damascus
from festival.core.types import utcnow
from festival.documents import files, operations, queries
from festival.documents.access import managed_document
from festival.documents.forms import MarketDocumentsForm, RejectForm
from festival.documents.models import DocumentType
from festival.documents.policy import DocumentPolicy
from festival.documents.readiness import required_types_of_market
from festival.extensions import db
from festival.markets.access import managed_market
from festival.provinces.models import Province

bp = Blueprint("documents", __name__, url_prefix="/manage")
organizers = roles_required(*MANAGER_ROLES)
PER_PAGE = 30


@bp.route("/documents")
@organizers
def queue():
    province = None
    slug = query_args.text(request.args, "province")
    if slug:
        province = db.session.scalar(db.select(Province).where(Province.slug == slug))
        if province is not None:
            ensure_can_manage(province)
    page = paginate(queries.pending_query(current_user, province.id if province else None), per_page=PER_PAGE)
    provinces = list(db.session.scalars(current_user.managed_provinces_query()))
    return render_template("documents/queue.html", page=page, province=province, provinces=provinces)


def _review_page(document, reject_form, status=200):
    history = [other for other in queries.history_of(document.family) if other.document_type_id
               == document.document_type_id and other.id != document.id]
    return render_template("documents/review.html", document=document, family=document.family,
                           reject_form=reject_form, verify_form=ConfirmForm(), history=history,
                           today=today_in_damascus()), status


@bp.route("/documents/<int:document_id>")
@organizers
@managed_document
def show(document):
    return _review_page(document, RejectForm(formdata=None))


@bp.route("/documents/<int:document_id>/verify", methods=["POST"])
@organizers
@managed_document
def verify(document):
    form = ConfirmForm()
    if form.validate_on_submit():
        with attempt(form) as outcome:
            operations.verify_document(document, by=current_user, now=utcnow(), today=today_in_damascus())
        if outcome.ok:
            flash(_("The document is verified and the family was told."), "success")
            return redirect(url_for("documents.queue"), code=303)
    return redirect(url_for("documents.show", document_id=document.id), code=303)


@bp.route("/documents/<int:document_id>/reject", methods=["POST"])
@organizers
@managed_document
def reject(document):
    form = RejectForm()
    if form.validate_on_submit():
        with attempt(form) as outcome:
            operations.reject_document(document, form.reason.data, by=current_user, now=utcnow())
        if outcome.ok:
            flash(_("The document was rejected and the family was told why."), "success")
            return redirect(url_for("documents.queue"), code=303)
    return _review_page(document, form, 422)


@bp.route("/documents/<int:document_id>/file")
@organizers
@managed_document
def file(document):
    return files.serve(document)


@bp.route("/markets/<int:market_id>/documents", methods=["GET", "POST"])
@organizers
@managed_market
def market(market):
    form = MarketDocumentsForm()
    document_types = queries.document_types()
    form.document_types.choices = [SelectChoice(document_type.id, document_type.name)
                                   for document_type in document_types]
    form.policy.choices = [SelectChoice(policy.value, label("document_policy", policy)) for policy in DocumentPolicy]
    if request.method == "GET":
        form.document_types.data = [document_type.id for document_type in required_types_of_market(market)]
        form.policy.data = market.document_policy
    if form.validate_on_submit():
        chosen = [db.session.get(DocumentType, type_id) for type_id in form.document_types.data or []]
        with attempt(form) as outcome:
            operations.set_market_requirements(market, chosen, form.policy.data, by=current_user)
        if outcome.ok:
            flash(_("Saved."), "success")
            return redirect(url_for("documents.market", market_id=market.id), code=303)
    crafts_types = {craft.id: [] for craft in market.crafts}
    for document_type in document_types:
        for craft in document_type.crafts:
            if craft.id in crafts_types:
                crafts_types[craft.id].append(document_type)
    by_craft = [(craft, crafts_types[craft.id]) for craft in market.crafts if crafts_types[craft.id]]
    return render_template("documents/market.html", market=market, form=form, by_craft=by_craft)
