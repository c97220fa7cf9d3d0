"""Families apply, follow, edit and withdraw their applications."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload
from wtforms.fields.choices import SelectChoice

from festival.applications import operations, queries
from festival.applications.forms import FAMILY_APPLICANT, application_form_for
from festival.applications.models import ApplicationStatus
from festival.auth.models import Role
from festival.core.access import roles_required
from festival.core.confirm import confirmation_page
from festival.core.formatting import long_date
from festival.core.forms import ConfirmForm
from festival.core.i18n import is_arabic
from festival.core.pipeline import attempt
from festival.core.types import utcnow
from festival.extensions import db
from festival.fees import queries as fee_queries
from festival.markets.models import Market, MarketStatus
from festival.notifications.messages import titled
from festival.notifications.queries import sent_about_application
from festival.stalls.queries import offered_stalls
from festival.training.operations import has_completed
from festival.units import operations as unit_operations
from festival.units import queries as unit_queries
from festival.venues.svg import render_stall_map

bp = Blueprint("applications", __name__, url_prefix="/family")
families = roles_required(Role.VENDOR)


def _family():
    if current_user.family is None:
        abort(404)
    return current_user.family


def _published_market_or_404(market_id: int) -> Market:
    market = db.session.execute(
        db.select(Market).where(Market.id == market_id, Market.status == MarketStatus.PUBLISHED)
        .options(selectinload(Market.occurrences), joinedload(Market.crafts), selectinload(Market.questions))
    ).unique().scalar_one_or_none()
    if market is None:
        abort(404)
    return market


def _request_from(form, market) -> operations.ApplicationRequest:
    return operations.ApplicationRequest(
        # The form accepts only the market's crafts, already loaded with it: no query.
        crafts=[craft for craft in market.crafts if craft.id in set(form.crafts.data or ())],
        needs_electricity=form.needs_electricity.data, needs_covered=form.needs_covered.data,
        needs_accessible=form.needs_accessible.data, note=form.note.data or "",
        answers={question.id: form[f"question_{question.id}"].data or "" for question in market.questions},
        accept_terms=form.accept_terms.data,
    )


def _open_days(market, now):
    return [occurrence for occurrence in market.occurrences
            if not occurrence.is_cancelled and occurrence.starts_at > now]


def _day_label(occurrence, taken: set[int]) -> str:
    label = long_date(occurrence.day)
    already = _("already applied")  # outside the f-string, where Babel's extractor finds it
    return f"{label} ({already})" if occurrence.id in taken else label


@bp.route("/markets/<int:market_id>/apply", methods=["GET", "POST"])
@families
def apply(market_id):
    family, market, now = _family(), _published_market_or_404(market_id), utcnow()
    days = _open_days(market, now)
    # Days already applied for stay choices: a second submit (double click, two phones)
    # is answered by operations.apply with a pointer to the existing application.
    taken = queries.applied_occurrence_ids(family, market)
    form = application_form_for(market)
    form.occurrences.choices = [SelectChoice(o.id, _day_label(o, taken)) for o in days]
    form.crafts.choices = [SelectChoice(craft.id, craft.name) for craft in market.crafts]
    units = _applicant_choices(form, family)
    if request.method == "GET":
        untaken = [o.id for o in days if o.id not in taken]
        form.occurrences.data = untaken if len(untaken) == 1 else []
        form.crafts.data = [craft.id for craft in family.crafts if craft in market.crafts]
    if form.validate_on_submit():
        chosen = [o for o in days if o.id in set(form.occurrences.data)]
        unit = units.get(form.applicant.data) if form.applicant is not None else None
        with attempt(form) as outcome:
            if unit is not None:
                created = unit_operations.apply_for_unit(unit, family, chosen, _request_from(form, market), now=now)
            else:
                created = operations.apply(family, chosen, _request_from(form, market), now=now)
        if outcome.ok:
            return _sent(created)
        if isinstance(outcome.error, operations.AlreadyApplied):
            existing = outcome.error.existing or (
                operations.existing_application(family, chosen[0]) if chosen else None)
            if existing is not None:
                return redirect(url_for("applications.show", application_id=existing.id))
            return redirect(url_for("applications.index"))
    course = market.required_course
    return render_template("applications/apply.html", form=form, market=market, family=family,
                           days=days, window_open=market.applications_open(now),
                           needs_course=course if course is not None and not has_completed(family, course) else None)


def _applicant_choices(form, family) -> dict:
    """The representative of an active production unit applies for its family or for the
    unit (one stall); every other family has no choice to make: the field is removed."""
    units = {str(unit.id): unit for unit in unit_queries.represented_units(family)}
    if not units:
        del form.applicant
        return {}
    form.applicant.choices = [SelectChoice(FAMILY_APPLICANT, _("My family: %(name)s", name=family.name))] + [
        SelectChoice(key, _("The production unit %(name)s (one stall for the unit)", name=unit.name))
        for key, unit in units.items()]
    return units


def _sent(created):
    """One date: its application. Several: the list, where the family sees every one of them."""
    if len(created) == 1:
        flash(_("Your application was sent. You will be told of the decision here."), "success")
        return redirect(url_for("applications.show", application_id=created[0].id))
    dates = ("، " if is_arabic() else ", ").join(long_date(application.occurrence.day) for application in created)
    flash(ngettext("Your application was sent for %(num)d date: %(dates)s. You will be told of each decision here.",
                   "Your application was sent for %(num)d dates: %(dates)s. You will be told of each decision here.",
                   len(created), dates=dates), "success")
    return redirect(url_for("applications.index"))


@bp.route("/applications")
@families
def index():
    family = _family()
    unit_applications = unit_queries.member_unit_applications(family)
    return render_template("applications/family_index.html", applications=queries.applications_of_family(family),
                           unit_applications=unit_applications,
                           units_by_id=unit_queries.units_by_id(a.unit_id for a in unit_applications))


@bp.route("/applications/<int:application_id>")
@families
def show(application_id):
    application = queries.family_application_or_404(_family(), application_id)
    now = utcnow()
    return render_template("applications/family_show.html", application=application, now=now,
                           stall_map=_my_stall_map(application), fee=fee_queries.application_line(application),
                           can_edit=application.status == ApplicationStatus.SUBMITTED
                           and application.occurrence.market.applications_open(now),
                           can_withdraw=operations.is_active(application) and application.occurrence.starts_at > now,
                           sent=titled(db.session.scalars(
                               sent_about_application(current_user.id, application.id).limit(20))))


def _my_stall_map(application):
    """The venue's map with the family's own stall highlighted (other families unnamed)."""
    assignment = application.assignment
    if assignment is None:
        return None
    market = application.occurrence.market
    return render_stall_map(market.venue, offered_stalls(market), highlight={assignment.stall_id}, rtl=is_arabic(),
                            labels={assignment.stall_id: application.family.name})


@bp.route("/applications/<int:application_id>/edit", methods=["GET", "POST"])
@families
def edit(application_id):
    application = queries.family_application_or_404(_family(), application_id)
    market = application.occurrence.market
    form = application_form_for(market, obj=application)
    del form.occurrences
    del form.applicant
    form.crafts.choices = [SelectChoice(craft.id, craft.name) for craft in market.crafts]
    if request.method == "GET":
        form.crafts.data = [craft.id for craft in application.crafts]
        form.accept_terms.data = True
        for answer in application.answers:
            form[f"question_{answer.question_id}"].data = answer.value
    if form.validate_on_submit():
        with attempt(form) as outcome:
            operations.update_application(application, _request_from(form, market), now=utcnow())
        if outcome.ok:
            flash(_("Your application was updated."), "success")
            return redirect(url_for("applications.show", application_id=application.id))
    return render_template("applications/apply.html", form=form, market=market, family=application.family,
                           days=[], window_open=True, application=application)


@bp.route("/applications/<int:application_id>/withdraw", methods=["GET", "POST"])
@families
def withdraw(application_id):
    application = queries.family_application_or_404(_family(), application_id)
    if request.method == "GET":
        occurrence = application.occurrence
        return confirmation_page(
            question=_("Withdraw your application?"),
            subject=f"{occurrence.market.title} · {long_date(occurrence.day)}",
            consequence=_("The organizers will see that you withdrew, and your place may go to a waiting "
                          "family. This cannot be undone."),
            confirm_label=_("Yes, withdraw my application"), back_label=_("No, keep my application"),
            back_url=url_for("applications.show", application_id=application.id))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    with attempt() as outcome:
        operations.withdraw(application, by=current_user, now=utcnow())
    if outcome.ok:
        flash(_("Your application was withdrawn."), "info")
    return redirect(url_for("applications.show", application_id=application.id))


