"""The organizer's stall map of one occurrence: assign, move, swap, unassign, copy, auto."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from markupsafe import Markup, escape
from wtforms.fields.choices import SelectChoice

from festival.auth.models import MANAGER_ROLES
from festival.core import query_args
from festival.core.access import roles_required
from festival.core.forms import ConfirmForm
from festival.core.i18n import is_arabic
from festival.core.pipeline import attempt
from festival.core.timezones import today_in_damascus
from festival.documents.words import application_flags
from festival.extensions import db
from festival.markets.access import managed_occurrence
from festival.stalls import operations, queries
from festival.stalls.assigner_data import propose_for
from festival.stalls.forms import AssignForm, AssignmentActionForm, MoveForm, ProposalForm
from festival.stalls.models import StallAssignment
from festival.stalls.reasons import encode, explain, goal_texts
from festival.venues.models import Stall
from festival.venues.svg import render_stall_map

bp = Blueprint("stalls", __name__, url_prefix="/manage/occurrences")
organizers = roles_required(*MANAGER_ROLES)


def _back(occurrence):
    return redirect(url_for("stalls.floor", occurrence_id=occurrence.id))


def _forms(plan):
    assign_form = AssignForm(formdata=None)
    assign_form.application.choices = [SelectChoice(a.id, a.family.name) for a in plan.waiting]
    assign_form.stall.choices = [SelectChoice(s.id, s.code) for s in plan.free_stalls]
    move_form = MoveForm(formdata=None)
    move_form.stall.choices = [SelectChoice(s.id, s.code) for s in plan.stalls if not s.disabled]
    return assign_form, move_form


@bp.route("/<int:occurrence_id>/stalls")
@organizers
@managed_occurrence
def floor(occurrence):
    plan = queries.floor_plan(occurrence)
    assign_form, move_form = _forms(plan)
    stall_map = render_stall_map(occurrence.market.venue, plan.stalls, states=plan.states(), labels=plan.labels(),
                                 rtl=is_arabic(), classes={sid: f"cat-{slug}" for sid, slug in
                                                           plan.category_of().items()})
    return render_template("stalls/floor.html", occurrence=occurrence, plan=plan, stall_map=stall_map,
                           assign_form=assign_form, move_form=move_form, unmet_needs=operations.unmet_needs,
                           explain=explain,
                           action_form=AssignmentActionForm(formdata=None), confirm_form=ConfirmForm(formdata=None))


def _names(family, stall) -> dict:
    """A message's family and stall as safe HTML: the code kept whole and left to right in Arabic."""
    return {"family": escape(family.name),
            "stall": Markup('<bdi class="stall-code-tag" dir="ltr">{}</bdi>').format(stall.code)}


def _run(occurrence, change, success):
    with attempt() as outcome:
        result = change()
    if outcome.ok:
        flash(success(result) if callable(success) else success, "success")
    return _back(occurrence)


@bp.route("/<int:occurrence_id>/stalls/assign", methods=["POST"])
@organizers
@managed_occurrence
def assign(occurrence):
    plan = queries.floor_plan(occurrence)
    form = AssignForm()
    form.application.choices = [SelectChoice(a.id, a.family.name) for a in plan.waiting]
    form.stall.choices = [SelectChoice(s.id, s.code) for s in plan.stalls]
    if not form.validate_on_submit():
        flash(_("This family is no longer waiting for a stall, or the stall is unknown. The map is up to date now."),
              "error")
        return _back(occurrence)
    application = next(a for a in plan.waiting if a.id == form.application.data)
    stall = db.session.get(Stall, form.stall.data)
    warnings = operations.unmet_needs(application, stall)

    def success(_assignment):
        text = Markup(_("%(family)s is at stall %(stall)s.", **_names(application.family, stall)))
        if warnings:
            text += " " + _("Note: this stall does not meet the family's needs (%(needs)s).",
                            needs="، ".join(str(w) for w in warnings))
        return text

    return _run(occurrence, lambda: operations.assign(application, stall, by=current_user), success)


def _assignment_in(occurrence, assignment_id) -> StallAssignment:
    assignment = db.session.get(StallAssignment, assignment_id)
    if assignment is None or assignment.occurrence_id != occurrence.id:
        abort(404)
    return assignment


@bp.route("/<int:occurrence_id>/stalls/move", methods=["POST"])
@organizers
@managed_occurrence
def move(occurrence):
    plan = queries.floor_plan(occurrence)
    form = MoveForm()
    form.stall.choices = [SelectChoice(s.id, s.code) for s in plan.stalls]
    if not form.validate_on_submit():
        abort(400)
    assignment = _assignment_in(occurrence, form.assignment.data)
    stall = db.session.get(Stall, form.stall.data)
    other = plan.by_stall.get(stall.id)
    if other is not None and other.id != assignment.id:
        return _run(occurrence, lambda: operations.swap(assignment, other, by=current_user),
                    _("The two families exchanged their stalls."))
    return _run(occurrence, lambda: operations.move(assignment, stall, by=current_user),
                Markup(_("%(family)s moved to stall %(stall)s.", **_names(assignment.family, stall))))


@bp.route("/<int:occurrence_id>/stalls/unassign", methods=["POST"])
@organizers
@managed_occurrence
def unassign(occurrence):
    form = AssignmentActionForm()
    if not form.validate_on_submit():
        abort(400)
    assignment = _assignment_in(occurrence, form.assignment.data)
    return _run(occurrence, lambda: operations.unassign(assignment, by=current_user),
                _("The stall is free again."))


@bp.route("/<int:occurrence_id>/stalls/copy-previous", methods=["POST"])
@organizers
@managed_occurrence
def copy_previous(occurrence):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return _run(occurrence, lambda: operations.copy_previous(occurrence, by=current_user),
                lambda count: ngettext("%(num)d family got its stall of last time.",
                                       "%(num)d families got their stall of last time.", count))


@bp.route("/<int:occurrence_id>/stalls/print")
@organizers
@managed_occurrence
def printable(occurrence):
    plan = queries.floor_plan(occurrence)
    stall_map = render_stall_map(occurrence.market.venue, plan.stalls, states=plan.states(), labels=plan.labels(),
                                 rtl=is_arabic(), classes={sid: f"cat-{slug}" for sid, slug in
                                                           plan.category_of().items()})
    return render_template("stalls/print.html", occurrence=occurrence, plan=plan, stall_map=stall_map)


def _parse_seed(args) -> int | None:
    return query_args.whole_number(args, "seed")


def _pairs(proposal) -> str:
    return ",".join(f"{p.application_id}:{p.stall_id}" for p in proposal.placements)


@bp.route("/<int:occurrence_id>/stalls/auto")
@organizers
@managed_occurrence
def auto(occurrence):
    seed = _parse_seed(request.args)
    inputs, proposal = propose_for(occurrence, seed=seed)
    plan = queries.floor_plan(occurrence)
    waiting = {application.id: application for application in plan.waiting}
    stalls = {stall.id: stall for stall in plan.stalls}
    states, labels = plan.states(), plan.labels()
    for placement in proposal.placements:
        states[placement.stall_id] = "assigned"
        labels[placement.stall_id] = waiting[placement.application_id].family.name
    stall_map = render_stall_map(occurrence.market.venue, plan.stalls, states=states, labels=labels,
                                 rtl=is_arabic(), highlight={p.stall_id for p in proposal.placements})
    form = ProposalForm(formdata=None, placements=_pairs(proposal))
    return render_template("stalls/auto.html", occurrence=occurrence, proposal=proposal, stall_map=stall_map,
                           waiting=waiting, stalls=stalls, form=form, seed=seed, explain=explain,
                           document_flags=application_flags(list(waiting.values()), today_in_damascus()),
                           goals=goal_texts(proposal.unmet_goals))


@bp.route("/<int:occurrence_id>/stalls/auto", methods=["POST"])
@organizers
@managed_occurrence
def apply_auto(occurrence):
    """Apply the previewed proposal, all in one transaction, if nothing changed meanwhile."""
    form = ProposalForm()
    if not form.validate_on_submit():
        abort(400)
    seed = _parse_seed(request.args)
    _inputs, proposal = propose_for(occurrence, seed=seed)
    if _pairs(proposal) != form.placements.data:
        flash(_("The stalls or the families changed since the preview. Here is a new preview."), "error")
        return redirect(url_for("stalls.auto", occurrence_id=occurrence.id, seed=seed))
    placements = [(p.application_id, p.stall_id, encode(p.reasons)) for p in proposal.placements]
    return _run(occurrence, lambda: operations.apply_proposal(occurrence, placements, by=current_user),
                lambda count: ngettext("%(num)d family was placed.", "%(num)d families were placed.", count))
