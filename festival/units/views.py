"""Organizers' pages of production units (/manage/units): the list with counts, a unit's
page (members picked by name or phone, equipment, output, applications and sales), create
and edit. Organizers of the unit's province and admins; the scope is declared on each route."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from festival.auth.models import MANAGER_ROLES
from festival.core.access import manages, roles_required
from festival.core.forms import ConfirmForm
from festival.core.pipeline import attempt
from festival.core.types import utcnow
from festival.crafts.models import CraftCategory
from festival.extensions import db
from festival.partners.models import Partner
from festival.provinces.models import Area, Province
from festival.units import operations, queries
from festival.units.forms import EquipmentForm, MemberSearchForm, OutputForm, UnitForm
from festival.vendors.models import Family

bp = Blueprint("units", __name__, url_prefix="/manage/units")
organizers = roles_required(*MANAGER_ROLES)
managed_unit = manages("unit_id", queries.unit_or_404)


def _unit_form(**kwargs) -> UnitForm:
    """Only the provinces (and their areas) the user manages are choices: a form naming
    another one does not validate."""
    provinces = list(db.session.scalars(current_user.managed_provinces_query()))
    areas = db.session.scalars(db.select(Area).where(Area.province_id.in_([p.id for p in provinces]))
                               .order_by(Area.province_id, Area.name_ar))
    crafts = db.session.scalars(db.select(CraftCategory).order_by(CraftCategory.position))
    return UnitForm(provinces=provinces, areas=list(areas), crafts=list(crafts), **kwargs)


def _plan(form: UnitForm) -> operations.UnitPlan:
    return operations.UnitPlan(
        name=form.name.data, province=db.session.get(Province, form.province_id.data),
        craft=db.session.get(CraftCategory, form.craft_id.data),
        area=db.session.get(Area, form.area_id.data) if form.area_id.data else None, active=bool(form.active.data))


def _equipment_form(**kwargs) -> EquipmentForm:
    partners = db.session.scalars(db.select(Partner).order_by(Partner.name_ar))
    return EquipmentForm(prefix="equipment", partners=list(partners), **kwargs)


@bp.route("")
@organizers
def index():
    return render_template("units/index.html", rows=queries.units_managed_by(current_user))


@bp.route("/new", methods=["GET", "POST"])
@organizers
def create():
    form = _unit_form()
    if form.validate_on_submit():
        with attempt(form) as outcome:
            unit = operations.create_unit(_plan(form), by=current_user)
        if outcome.ok:
            flash(_("The unit was registered. Now add its member families."), "success")
            return redirect(url_for(".show", unit_id=unit.id), code=303)
    return render_template("units/form.html", form=form, unit=None)


@bp.route("/<int:unit_id>/edit", methods=["GET", "POST"])
@organizers
@managed_unit
def edit(unit):
    form = _unit_form(obj=unit)
    if form.validate_on_submit():
        with attempt(form) as outcome:
            operations.update_unit(unit, _plan(form), by=current_user)
        if outcome.ok:
            flash(_("Saved."), "success")
            return redirect(url_for(".show", unit_id=unit.id), code=303)
    return render_template("units/form.html", form=form, unit=unit)


def _render(unit, *, equipment_form=None, output_form=None, status=200):
    search = MemberSearchForm(request.args if status == 200 else None)
    found = queries.families_to_add(unit, search.q.data) if search.q.data else []
    return render_template(
        "units/show.html", unit=unit, search=search, found=found, confirm=ConfirmForm(),
        other_units=queries.other_units_of(found, unit),
        equipment_form=equipment_form or _equipment_form(), output_form=output_form or OutputForm(prefix="output"),
        applications=queries.unit_applications([unit.id]), sales=queries.unit_sales(unit)), status


@bp.route("/<int:unit_id>")
@organizers
@managed_unit
def show(unit):
    return _render(unit)


def _family_of(unit, family_id: int) -> Family:
    """A family of the unit's province (404 otherwise: another province's families stay unseen)."""
    family = db.session.get(Family, family_id)
    if family is None or family.province_id != unit.province_id:
        abort(404)
    return family


@bp.route("/<int:unit_id>/members/<int:family_id>", methods=["POST"])
@organizers
@managed_unit
def add_member(unit, family_id):
    family = _family_of(unit, family_id)
    if ConfirmForm().validate_on_submit():
        with attempt() as outcome:
            operations.add_member(unit, family, by=current_user, now=utcnow())
        if outcome.ok:
            flash(_("%(family)s joined the unit.", family=family.name), "success")
    return redirect(url_for(".show", unit_id=unit.id, _anchor="members"), code=303)


@bp.route("/<int:unit_id>/members/<int:family_id>/remove", methods=["POST"])
@organizers
@managed_unit
def remove_member(unit, family_id):
    family = _family_of(unit, family_id)
    if ConfirmForm().validate_on_submit():
        with attempt() as outcome:
            operations.remove_member(unit, family, by=current_user)
        if outcome.ok:
            flash(_("%(family)s left the unit.", family=family.name), "success")
    return redirect(url_for(".show", unit_id=unit.id, _anchor="members"), code=303)


@bp.route("/<int:unit_id>/members/<int:family_id>/representative", methods=["POST"])
@organizers
@managed_unit
def representative(unit, family_id):
    family = _family_of(unit, family_id)
    if ConfirmForm().validate_on_submit():
        with attempt() as outcome:
            operations.name_representative(unit, family, by=current_user)
        if outcome.ok:
            flash(_("%(family)s now applies to markets for the unit.", family=family.name), "success")
    return redirect(url_for(".show", unit_id=unit.id, _anchor="members"), code=303)


@bp.route("/<int:unit_id>/equipment", methods=["POST"])
@organizers
@managed_unit
def add_equipment(unit):
    form = _equipment_form()
    if form.validate_on_submit():
        partner = db.session.get(Partner, form.partner_id.data) if form.partner_id.data else None
        with attempt(form) as outcome:
            operations.add_equipment(unit, operations.EquipmentPlan(
                description=form.description.data, quantity=form.quantity.data, received_on=form.received_on.data,
                partner=partner, value_syp=form.value_syp.data), by=current_user, today=utcnow().date())
        if outcome.ok:
            flash(_("Equipment recorded."), "success")
            return redirect(url_for(".show", unit_id=unit.id, _anchor="equipment"), code=303)
    return _render(unit, equipment_form=form, status=422)


@bp.route("/<int:unit_id>/equipment/<int:equipment_id>/remove", methods=["POST"])
@organizers
@managed_unit
def remove_equipment(unit, equipment_id):
    equipment = queries.equipment_or_404(unit, equipment_id)
    if ConfirmForm().validate_on_submit():
        with attempt() as outcome:
            operations.remove_equipment(unit, equipment, by=current_user)
        if outcome.ok:
            flash(_("Equipment removed."), "success")
    return redirect(url_for(".show", unit_id=unit.id, _anchor="equipment"), code=303)


@bp.route("/<int:unit_id>/outputs", methods=["POST"])
@organizers
@managed_unit
def add_output(unit):
    form = OutputForm(prefix="output")
    if form.validate_on_submit():
        with attempt(form) as outcome:
            operations.add_output(unit, operations.OutputPlan(
                month=form.month.data, description=form.description.data, quantity=form.quantity.data,
                quantity_unit=form.quantity_unit.data or "", value_syp=form.value_syp.data), by=current_user)
        if outcome.ok:
            flash(_("Output recorded."), "success")
            return redirect(url_for(".show", unit_id=unit.id, _anchor="output"), code=303)
    return _render(unit, output_form=form, status=422)


@bp.route("/<int:unit_id>/outputs/<int:output_id>/remove", methods=["POST"])
@organizers
@managed_unit
def remove_output(unit, output_id):
    output = queries.output_or_404(unit, output_id)
    if ConfirmForm().validate_on_submit():
        with attempt() as outcome:
            operations.remove_output(unit, output, by=current_user)
        if outcome.ok:
            flash(_("Output removed."), "success")
    return redirect(url_for(".show", unit_id=unit.id, _anchor="output"), code=303)
