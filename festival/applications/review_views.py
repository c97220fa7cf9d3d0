"""Organizers review the applications of their markets."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from festival.applications import operations, queries
from festival.applications.forms import BulkDecisionForm, DecisionForm, QuestionForm
from festival.applications.models import Application, Question
from festival.applications.questions import add_question, remove_question
from festival.applications.states import Actor, next_states
from festival.auth.models import MANAGER_ROLES
from festival.checkin.attendance import no_show_application_ids
from festival.core import query_args
from festival.core.access import manages, roles_required
from festival.core.forms import ConfirmForm
from festival.core.input_guard import paginate
from festival.core.pipeline import attempt
from festival.core.spreadsheets import export_response
from festival.core.timezones import today_in_damascus
from festival.core.types import utcnow
from festival.documents.words import application_flags
from festival.extensions import db
from festival.markets.access import managed_market

bp = Blueprint("review", __name__, url_prefix="/manage")
organizers = roles_required(*MANAGER_ROLES)
PER_PAGE = 50
managed_application = manages("application_id", queries.application_or_404, province="occurrence.market.province")


def _filters_from_args(args) -> queries.ReviewFilters:
    return queries.ReviewFilters(
        search=query_args.text(args, "q"),
        sort=query_args.choice(args, "sort", queries.REVIEW_SORTS) or "date",
        descending=query_args.text(args, "order") == "desc",
        status=query_args.text(args, "status") or None,
        occurrence_id=query_args.whole_number(args, "occurrence"),
        craft=query_args.text(args, "craft") or None,
        first_market=query_args.flag(args, "first"),
        needs_electricity=query_args.flag(args, "electricity"),
        submitted_from=query_args.day(args, "from"), submitted_to=query_args.day(args, "to"),
    )


@bp.route("/markets/<int:market_id>/applications")
@organizers
@managed_market
def queue(market):
    filters = _filters_from_args(request.args)
    page = paginate(queries.review_query(market, filters), per_page=PER_PAGE)
    bulk_form = BulkDecisionForm(formdata=None)
    return render_template("applications/queue.html", market=market, page=page, filters=filters,
                           counts=queries.status_counts(market), bulk_form=bulk_form,
                           document_flags=application_flags([a for a in page.items if operations.is_active(a)],
                                                            today_in_damascus()),
                           select_all=query_args.flag(request.args, "all"),
                           keep_args={key: value for key, value in request.args.items() if key != "page"})


@bp.route("/markets/<int:market_id>/applications/bulk", methods=["POST"])
@organizers
@managed_market
def bulk(market):
    form = BulkDecisionForm()
    form.selected.choices = [SelectChoice(value, str(value)) for value in form.selected.data or []]
    if not form.validate_on_submit():
        flash(_("Choose at least one application."), "error")
        return redirect(url_for("review.queue", market_id=market.id, **request.args))
    chosen = db.session.scalars(
        queries.review_query(market, queries.ReviewFilters()).where(
            Application.id.in_(form.selected.data))
    ).unique().all()
    result = operations.decide_many(chosen, form.decision.data, by=current_user, reason=form.reason.data,
                                    now=utcnow())
    flash(ngettext("%(num)d application changed.", "%(num)d applications changed.", len(result.done)), "success")
    for application, message in result.refused:
        flash(f"{application.family.name}: {message}", "error")
    return redirect(url_for("review.queue", market_id=market.id, **request.args))


def _review_page(application, form):
    possible = next_states(application.status, Actor.ORGANIZER)
    form.decision.choices = [choice for choice in form.decision.choices if choice.value in possible]
    occurrence = application.occurrence
    return render_template(
        "applications/review_show.html", application=application, form=form,
        history=queries.family_history(application.family, application),
        no_shows=no_show_application_ids(application.family, utcnow()),
        stalls=operations.stalls_offered(occurrence), approved=operations.approved_count(occurrence),
    )


@bp.route("/applications/<int:application_id>")
@organizers
@managed_application
def show(application):
    return _review_page(application, DecisionForm(formdata=None))


@bp.route("/applications/<int:application_id>/decide", methods=["POST"])
@organizers
@managed_application
def decide(application):
    form = DecisionForm()
    if not form.validate_on_submit():
        abort(400)
    with attempt(form) as outcome:
        operations.decide(application, form.decision.data, by=current_user, reason=form.reason.data, now=utcnow())
    if outcome.on_field:  # e.g. a rejection without its reason: said under the field,
        return _review_page(application, form), 422  # keeping what the organizer chose and typed
    if outcome.ok:
        flash(_("The decision was saved and the family was told."), "success")
    return redirect(url_for("review.show", application_id=application.id))


@bp.route("/markets/<int:market_id>/applications.<any(csv, xlsx):file_format>")
@organizers
@managed_market
def export(market, file_format):
    from festival.applications import exports

    applications = db.session.scalars(queries.review_query(market, _filters_from_args(request.args))).unique().all()
    headers, rows = exports.applications_table(applications)
    return export_response(headers, rows, file_format, f"applications-{market.id}", sheet_title=market.title[:30])


@bp.route("/markets/<int:market_id>/questions", methods=["GET", "POST"])
@organizers
@managed_market
def questions(market):
    form = QuestionForm()
    if form.validate_on_submit():
        with attempt(form) as outcome:
            add_question(market, kind=form.kind.data, label_ar=form.label_ar.data, label_en=form.label_en.data,
                         required=form.required.data, options=form.options.data or "")
        if outcome.ok:
            flash(_("The question was added to the application form."), "success")
            return redirect(url_for("review.questions", market_id=market.id))
    return render_template("applications/questions.html", market=market, form=form,
                           delete_form=ConfirmForm())


@bp.route("/markets/<int:market_id>/questions/<int:question_id>/delete", methods=["POST"])
@organizers
@managed_market
def delete_question(market, question_id):
    question = db.session.get(Question, question_id)
    if question is None or question.market_id != market.id:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    with attempt() as outcome:
        remove_question(market, question)
    if outcome.ok:
        flash(_("The question was removed."), "info")
    return redirect(url_for("review.questions", market_id=market.id))
