"""Organizers schedule, publish and cancel markets in their provinces."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from festival.admin.forms import ConfirmForm
from festival.auth.models import Role
from festival.checkin.forms import gate_section
from festival.core.access import ensure_can_manage, roles_required
from festival.core.domain import DomainError
from festival.core.input_guard import paginate
from festival.core.types import utcnow
from festival.extensions import db
from festival.markets import operations, queries
from festival.markets.forms import MarketForm, OfferedStallsForm, ReasonForm
from festival.markets.models import Occurrence
from festival.markets.plans import plan_from_form
from festival.provinces.queries import province_by_id
from festival.venues.models import Stall, Venue

bp = Blueprint("markets", __name__, url_prefix="/manage/markets")
MARKETS_PER_PAGE = 30
organizers = roles_required(Role.ORGANIZER, Role.ADMIN)


def _managed_provinces():
    return list(db.session.scalars(current_user.managed_provinces_query()))


def _prepare(form: MarketForm, provinces) -> None:
    form.province.choices = [SelectChoice(p.id, p.name) for p in provinces]
    form.venue.choices = queries.venue_choices(provinces)
    form.crafts.choices = queries.craft_choices()


def _show_error(form: MarketForm, error: DomainError) -> None:
    target = getattr(form, error.field, None) if error.field else None
    if target is not None:
        target.errors = [*target.errors, error.message]
    else:
        flash(error.message, "error")


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
    if form.validate_on_submit():
        province = province_by_id(form.province.data)
        ensure_can_manage(province)
        try:
            market = operations.schedule_market(plan_from_form(form), province, by=current_user)
        except DomainError as error:
            db.session.rollback()
            _show_error(form, error)
        else:
            db.session.commit()
            flash(_("The market was saved as a draft. Check it, then publish it."), "success")
            return redirect(url_for("markets.show", market_id=market.id))
    return render_template("markets/form.html", form=form, market=None)


@bp.route("/<int:market_id>")
@organizers
def show(market_id):
    market = queries.market_or_404(market_id)
    ensure_can_manage(market.province)
    return render_template(
        "markets/show.html", market=market, status=operations.market_status(market, utcnow()),
        reason_form=ReasonForm(formdata=None), confirm_form=ConfirmForm(formdata=None),
        **gate_section(market),
    )


@bp.route("/<int:market_id>/edit", methods=["GET", "POST"])
@organizers
def edit(market_id):
    market = queries.market_or_404(market_id)
    ensure_can_manage(market.province)
    form = MarketForm(obj=market)
    _prepare(form, [market.province])
    del form.province
    if request.method == "GET":
        form.venue.data = market.venue_id
        form.crafts.data = [craft.id for craft in market.crafts]
        form.cancelled_days.data = [o.day for o in market.occurrences if o.is_cancelled and not o.cancel_reason]
        form.occurrence_count.data = None
    if form.validate_on_submit():
        try:
            operations.update_market(market, plan_from_form(form), by=current_user)
        except DomainError as error:
            db.session.rollback()
            _show_error(form, error)
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("markets.show", market_id=market.id))
    return render_template("markets/form.html", form=form, market=market)


def _run_action(market_id, form, action, success_message):
    """Load, check scope and CSRF (and the reason, when the form asks one), act, commit."""
    market = queries.market_or_404(market_id)
    ensure_can_manage(market.province)
    if not form.validate_on_submit():
        errors = [error for field_errors in form.errors.values() for error in field_errors]
        flash(errors[0] if errors else _("Please try again."), "error")
        return redirect(url_for("markets.show", market_id=market.id))
    try:
        action(market)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(success_message, "success")
    return redirect(url_for("markets.show", market_id=market.id))


@bp.route("/<int:market_id>/publish", methods=["POST"])
@organizers
def publish(market_id):
    return _run_action(market_id, ConfirmForm(), operations.publish_market,
                       _("The market is published: visitors see it in the calendar."))


@bp.route("/<int:market_id>/cancel", methods=["POST"])
@organizers
def cancel(market_id):
    form = ReasonForm()
    return _run_action(market_id, form, lambda market: operations.cancel_market(market, form.reason.data),
                       _("The market was cancelled. It stays in the calendar, marked as cancelled."))


@bp.route("/<int:market_id>/archive", methods=["POST"])
@organizers
def archive(market_id):
    return _run_action(market_id, ConfirmForm(), lambda market: operations.archive_market(market, utcnow()),
                       _("The market was archived."))


@bp.route("/<int:market_id>/occurrences/<int:occurrence_id>/cancel", methods=["POST"])
@organizers
def cancel_occurrence(market_id, occurrence_id):
    occurrence = db.session.get(Occurrence, occurrence_id)
    if occurrence is None or occurrence.market_id != market_id:
        abort(404)
    form = ReasonForm()
    return _run_action(market_id, form, lambda _market: operations.cancel_occurrence(occurrence, form.reason.data),
                       _("That day was cancelled."))


@bp.route("/<int:market_id>/stalls", methods=["GET", "POST"])
@organizers
def offered_stalls(market_id):
    market = queries.market_or_404(market_id)
    ensure_can_manage(market.province)
    venue_stalls = list(db.session.scalars(
        db.select(Stall).where(Stall.venue_id == market.venue_id).order_by(Stall.code)))
    form = OfferedStallsForm()
    form.stalls.choices = [SelectChoice(stall.id, stall.code) for stall in venue_stalls]
    if request.method == "GET":
        form.stalls.data = [stall.id for stall in market.offered_stalls]
    if form.validate_on_submit():
        chosen = [stall for stall in venue_stalls if stall.id in set(form.stalls.data)]
        try:
            operations.set_offered_stalls(market, chosen)
        except DomainError as error:
            db.session.rollback()
            form.stalls.errors = [error.message]
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("markets.show", market_id=market.id))
    return render_template("markets/stalls.html", market=market, form=form,
                           venue=db.session.get(Venue, market.venue_id))
