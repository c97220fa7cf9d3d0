"""Organizers review the applications of their markets."""
from datetime import date

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from festival.admin.forms import ConfirmForm
from festival.applications import operations, queries
from festival.applications.forms import BulkDecisionForm, DecisionForm, QuestionForm
from festival.applications.models import Application, Question
from festival.applications.questions import add_question, remove_question
from festival.applications.states import Actor, next_states
from festival.auth.models import Role
from festival.checkin.attendance import no_show_application_ids
from festival.core.access import ensure_can_manage, roles_required
from festival.core.domain import DomainError
from festival.core.forms import show_domain_error
from festival.core.input_guard import int_arg, paginate
from festival.core.types import utcnow
from festival.extensions import db
from festival.markets.queries import market_or_404

bp = Blueprint("review", __name__, url_prefix="/manage")
organizers = roles_required(Role.ORGANIZER, Role.ADMIN)
PER_PAGE = 50


def _managed_market(market_id):
    market = market_or_404(market_id)
    ensure_can_manage(market.province)
    return market


def _filters_from_args(args) -> queries.ReviewFilters:
    def day(name):
        try:
            return date.fromisoformat(args.get(name, ""))
        except ValueError:
            return None

    return queries.ReviewFilters(
        status=args.get("status") or None,
        occurrence_id=int_arg("occurrence", args=args),
        craft=args.get("craft") or None,
        first_market=args.get("first") == "1",
        needs_electricity=args.get("electricity") == "1",
        submitted_from=day("from"), submitted_to=day("to"),
    )


@bp.route("/markets/<int:market_id>/applications")
@organizers
def queue(market_id):
    market = _managed_market(market_id)
    filters = _filters_from_args(request.args)
    page = paginate(queries.review_query(market, filters), per_page=PER_PAGE)
    bulk_form = BulkDecisionForm(formdata=None)
    return render_template("applications/queue.html", market=market, page=page, filters=filters,
                           counts=queries.status_counts(market), bulk_form=bulk_form)


@bp.route("/markets/<int:market_id>/applications/bulk", methods=["POST"])
@organizers
def bulk(market_id):
    market = _managed_market(market_id)
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
    db.session.commit()
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
def show(application_id):
    application = queries.application_or_404(application_id)
    ensure_can_manage(application.occurrence.market.province)
    return _review_page(application, DecisionForm(formdata=None))


@bp.route("/applications/<int:application_id>/decide", methods=["POST"])
@organizers
def decide(application_id):
    application = queries.application_or_404(application_id)
    ensure_can_manage(application.occurrence.market.province)
    form = DecisionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        operations.decide(application, form.decision.data, by=current_user, reason=form.reason.data, now=utcnow())
    except DomainError as error:
        db.session.rollback()
        if error.field in form._fields:  # e.g. a rejection without its reason: say it under the field,
            form[error.field].errors = [error.message]  # keeping what the organizer chose and typed
            return _review_page(queries.application_or_404(application_id), form), 422
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("The decision was saved and the family was told."), "success")
    return redirect(url_for("review.show", application_id=application.id))


@bp.route("/markets/<int:market_id>/applications.<any(csv, xlsx):file_format>")
@organizers
def export(market_id, file_format):
    from festival.applications import exports

    market = _managed_market(market_id)
    applications = db.session.scalars(queries.review_query(market, _filters_from_args(request.args))).unique().all()
    headers, rows = exports.applications_table(applications)
    filename = f"applications-{market.id}.{file_format}"
    if file_format == "csv":
        body, mimetype = exports.to_csv(headers, rows), "text/csv; charset=utf-8"
    else:
        body = exports.to_xlsx(headers, rows, sheet_title=market.title[:30])
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/markets/<int:market_id>/questions", methods=["GET", "POST"])
@organizers
def questions(market_id):
    market = _managed_market(market_id)
    form = QuestionForm()
    if form.validate_on_submit():
        try:
            add_question(market, kind=form.kind.data, label_ar=form.label_ar.data, label_en=form.label_en.data,
                         required=form.required.data, options=form.options.data or "")
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            db.session.commit()
            flash(_("The question was added to the application form."), "success")
            return redirect(url_for("review.questions", market_id=market.id))
    return render_template("applications/questions.html", market=market, form=form,
                           delete_form=ConfirmForm())


@bp.route("/markets/<int:market_id>/questions/<int:question_id>/delete", methods=["POST"])
@organizers
def delete_question(market_id, question_id):
    market = _managed_market(market_id)
    question = db.session.get(Question, question_id)
    if question is None or question.market_id != market.id:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        remove_question(market, question)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("The question was removed."), "info")
    return redirect(url_for("review.questions", market_id=market.id))
