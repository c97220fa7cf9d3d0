"""Organizers schedule, publish and cancel markets in their provinces."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from festival.applications.operations import tell_families_of_cancellation
from festival.auth.models import MANAGER_ROLES
from festival.checkin.forms import gate_section
from festival.core.access import roles_required
from festival.core.forms import ConfirmForm
from festival.core.input_guard import paginate
from festival.core.pipeline import attempt
from festival.core.types import utcnow
from festival.extensions import db
from festival.markets import operations, queries
from festival.markets.access import managed_market
from festival.markets.forms import MarketForm, OfferedStallsForm, ReasonForm
from festival.markets.models import Occurrence
from festival.markets.plans import plan_from_form
from festival.venues.models import Stall, Venue

bp = Blueprint("markets", __name__, url_prefix="/manage/markets")
MARKETS_PER_PAGE = 30
organizers = roles_required(*MANAGER_ROLES)


def _managed_provinces():
    return list(db.session.scalars(current_user.managed_provinces_query()))


def _prepare(form: MarketForm, provinces) -> None:
    form.province.choices = [SelectChoice(p.id, p.name) for p in provinces]
    form.venue.choices = queries.venue_choices(provinces)
    form.crafts.choices = queries.craft_choices()
    form.required_course.choices = queries.course_choices(provinces)


@bp.route("")
@organizers
def index():
    provinces = _managed_provinces()
    page = paginate(queries.markets_of(provinces), per_page=MARKETS_PER_PAGE)
    return render_template("markets/index.html", page=page, now=utcnow(), market_status=operations.market_status)


@bp.route("/new", methods=["GET", "POST"])
@organizers
def new():
    provinces = _managed_provinces()
    if not provinces:
        abort(403)
    form = MarketForm()
    _prepare(form, provinces)
    if form.is_submitted():
        # Only a province of the list (the organizer's own); another one is the field's error.
        province = next((own for own in provinces if own.id == form.province.data), None)
        saved = _save_plan(form, province, None,
                           lambda plan: operations.schedule_market(plan, province, by=current_user))
        if saved:
            flash(_("The market was saved as a draft. Check it, then publish it."), "success")
            return redirect(url_for("markets.show", market_id=saved.id))
    return render_template("markets/form.html", form=form, market=None)


def _save_plan(form: MarketForm, province, market, save):
    """Check the fields and every rule of the plan in one go; save only when all pass.

    The rules run even when a field is wrong, so one answer names every problem."""
    fields_valid = form.validate()
    saved = None
    with attempt(form) as outcome:
        plan = plan_from_form(form)
        if fields_valid:
            saved = save(plan)
        else:
            operations.plan_days(plan, province, market=market)
    return saved if fields_valid and outcome.ok else None


@bp.route("/<int:market_id>")
@organizers
@managed_market
def show(market):
    now = utcnow()
    return render_template(
        "markets/show.html", market=market, status=operations.market_status(market, now),
        held={occurrence.id for occurrence in market.occurrences if operations.is_held(occurrence, now)},
        reason_form=ReasonForm(formdata=None), confirm_form=ConfirmForm(formdata=None),
        **gate_section(market),
    )


@bp.route("/<int:market_id>/edit", methods=["GET", "POST"])
@organizers
@managed_market
def edit(market):
    form = MarketForm(obj=market)
    _prepare(form, [market.province])
    del form.province
    if request.method == "GET":
        form.venue.data = market.venue_id
        form.crafts.data = [craft.id for craft in market.crafts]
        form.required_course.data = market.required_course_id or 0
        form.cancelled_days.data = [o.day for o in market.occurrences if o.is_cancelled and not o.cancel_reason]
        form.occurrence_count.data = None
    if form.is_submitted() and _save_plan(
        form, market.province, market, lambda plan: operations.update_market(market, plan, by=current_user)
    ):
        flash(_("Saved."), "success")
        return redirect(url_for("markets.show", market_id=market.id))
    return render_template("markets/form.html", form=form, market=market)


def _run_action(market, form, action, success_message):
    """Check CSRF (and the reason, when the form asks one), act."""
    if not form.validate_on_submit():
        errors = [error for field_errors in form.errors.values() for error in field_errors]
        flash(errors[0] if errors else _("Please try again."), "error")
        return redirect(url_for("markets.show", market_id=market.id))
    with attempt() as outcome:
        action(market)
    if outcome.ok:
        flash(success_message, "success")
    return redirect(url_for("markets.show", market_id=market.id))


@bp.route("/<int:market_id>/publish", methods=["POST"])
@organizers
@managed_market
def publish(market):
    return _run_action(market, ConfirmForm(), operations.publish_market,
                       _("The market is published: visitors see it in the calendar."))


@bp.route("/<int:market_id>/cancel", methods=["POST"])
@organizers
@managed_market
def cancel(market):
    form = ReasonForm()
    def cancel_and_tell(market):
        operations.cancel_market(market, form.reason.data)
        tell_families_of_cancellation(list(market.occurrences), form.reason.data, utcnow())

    return _run_action(market, form, cancel_and_tell,
                       _("The market was cancelled. It stays in the calendar, marked as cancelled."))


@bp.route("/<int:market_id>/archive", methods=["POST"])
@organizers
@managed_market
def archive(market):
    return _run_action(market, ConfirmForm(), lambda market: operations.archive_market(market, utcnow()),
                       _("The market was archived."))


@bp.route("/<int:market_id>/occurrences/<int:occurrence_id>/cancel", methods=["POST"])
@organizers
@managed_market
def cancel_occurrence(market, occurrence_id):
    occurrence = db.session.get(Occurrence, occurrence_id)
    if occurrence is None or occurrence.market_id != market.id:
        abort(404)
    form = ReasonForm()
    def cancel_and_tell(_market):
        operations.cancel_occurrence(occurrence, form.reason.data, utcnow())
        tell_families_of_cancellation([occurrence], form.reason.data, utcnow())

    return _run_action(market, form, cancel_and_tell, _("That day was cancelled."))


@bp.route("/<int:market_id>/stalls", methods=["GET", "POST"])
@organizers
@managed_market
def offered_stalls(market):
    venue_stalls = list(db.session.scalars(
        db.select(Stall).where(Stall.venue_id == market.venue_id).order_by(Stall.code)))
    form = OfferedStallsForm()
    form.stalls.choices = [SelectChoice(stall.id, stall.code) for stall in venue_stalls]
    if request.method == "GET":
        form.stalls.data = [stall.id for stall in market.offered_stalls]
    if form.validate_on_submit():
        chosen = [stall for stall in venue_stalls if stall.id in set(form.stalls.data)]
        with attempt(form) as outcome:
            operations.set_offered_stalls(market, chosen)
        if outcome.ok:
            flash(_("Saved."), "success")
            return redirect(url_for("markets.show", market_id=market.id))
    return render_template("markets/stalls.html", market=market, form=form,
                           venue=db.session.get(Venue, market.venue_id))
