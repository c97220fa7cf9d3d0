"""Production units: registered and edited by the organizers of their province (and admins),
their members, equipment and output; and an application sent for a unit.

Operations flush and never commit. The database holds the rules that must never break
(festival/units/models.py); these functions say no first, with a message under the field.
A member must be a family of the unit's province: that one is checked here only.
"""
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from festival.applications import operations as applications
from festival.applications.models import Application
from festival.applications.states import ACTIVE_STATES
from festival.audit.log import record, record_changes, snapshot
from festival.core.domain import DomainError
from festival.extensions import db
from festival.markets.models import Occurrence
from festival.partners.models import Partner
from festival.units.models import ProductionUnit, UnitEquipment, UnitMember, UnitOutput
from festival.vendors.models import Family

UNIT_FIELDS = ("name", "province", "area", "craft", "active")


@dataclass
class UnitPlan:
    name: str
    province: object  # Province
    craft: object  # CraftCategory
    area: object | None = None  # Area
    active: bool = True


@dataclass
class EquipmentPlan:
    description: str
    quantity: int
    received_on: date
    partner: Partner | None = None  # None: the programme
    value_syp: int | None = None


@dataclass
class OutputPlan:
    month: str  # "2026-11"
    description: str
    quantity: int
    quantity_unit: str = ""
    value_syp: int = 0


def _check_plan(plan: UnitPlan, unit: ProductionUnit | None = None) -> None:
    name = (plan.name or "").strip()
    if not name:
        raise DomainError(_l("Enter the unit's name."), field="name")
    if plan.area is not None and plan.area.province_id != plan.province.id:
        raise DomainError(_l("Choose an area of the unit's province."), field="area_id")
    taken = db.session.scalar(db.select(ProductionUnit.id).where(
        ProductionUnit.province_id == plan.province.id, ProductionUnit.name == name,
        ProductionUnit.id != (unit.id if unit is not None else -1)))
    if taken is not None:
        raise DomainError(_l("A unit of this province already has this name."), field="name")
    if unit is not None and unit.province_id != plan.province.id and unit.members:
        raise DomainError(_l("Remove the unit's members before moving it to another province."), field="province_id")


def create_unit(plan: UnitPlan, *, by) -> ProductionUnit:
    _check_plan(plan)
    unit = ProductionUnit(name=plan.name.strip(), province=plan.province, area=plan.area, craft=plan.craft,
                          active=plan.active)
    db.session.add(unit)
    db.session.flush()
    record("unit.created", unit, actor=by)
    return unit


def update_unit(unit: ProductionUnit, plan: UnitPlan, *, by) -> None:
    _check_plan(plan, unit)
    before = snapshot(unit, UNIT_FIELDS)
    unit.name, unit.province, unit.area, unit.craft, unit.active = (
        plan.name.strip(), plan.province, plan.area, plan.craft, plan.active)
    db.session.flush()
    record_changes("unit.edited", unit, before, snapshot(unit, UNIT_FIELDS), actor=by)


# -- members ----------------------------------------------------------------------------


def _member(unit: ProductionUnit, family: Family) -> UnitMember | None:
    return next((member for member in unit.members if member.family_id == family.id), None)


def add_member(unit: ProductionUnit, family: Family, *, by, now: datetime) -> UnitMember:
    """The first member is the unit's representative until another is named."""
    if family.province_id != unit.province_id:
        raise DomainError(_l("Only families of the unit's province can join it."))
    if family.merged_into_id is not None:
        raise DomainError(_l("This record was merged into another family: add that family instead."))
    if family.erased_at is not None:
        raise DomainError(_l("This family's account was deleted: it cannot join a unit."))
    if _member(unit, family) is not None:
        raise DomainError(_l("This family is already a member of the unit."))
    member = UnitMember(family=family, joined_at=now, representative=not unit.members)
    unit.members.append(member)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as error:  # added at the same moment from another page
        raise DomainError(_l("This family is already a member of the unit.")) from error
    record("unit.member_added", unit, actor=by, family_id=family.id, family=family.name)
    return member


def remove_member(unit: ProductionUnit, family: Family, *, by) -> None:
    """The representative leaves last, or after another member was named in its place."""
    member = _member(unit, family)
    if member is None:
        raise DomainError(_l("This family is not a member of the unit."))
    if member.representative and len(unit.members) > 1:
        raise DomainError(_l("This family represents the unit: name another representative first."))
    unit.members.remove(member)
    db.session.flush()
    record("unit.member_removed", unit, actor=by, family_id=family.id, family=family.name)


def name_representative(unit: ProductionUnit, family: Family, *, by) -> None:
    member = _member(unit, family)
    if member is None:
        raise DomainError(_l("This family is not a member of the unit."))
    if member.representative:
        return
    for other in unit.members:
        if other.representative:
            other.representative = False
    db.session.flush()  # the old representative first: the partial unique index allows one
    member.representative = True
    db.session.flush()
    record("unit.representative_named", unit, actor=by, family_id=family.id, family=family.name)


def hand_over_representation(leaving: Family, *, to: Family | None = None, by) -> None:
    """`leaving` no longer speaks for its units (merged into `to`, or its account erased): in
    each unit it represents, `to` takes over when it is a member, else the member who joined
    first; a unit with no other member keeps none, and its organizers name one. Without this
    nobody could apply for the unit again (only the representative applies)."""
    leaving_rows = db.session.scalars(select(UnitMember).where(
        UnitMember.family_id == leaving.id, UnitMember.representative.is_(True))).all()
    for leaving_row in leaving_rows:
        unit = leaving_row.unit
        others = [member for member in unit.members
                  if member.family_id != leaving.id and member.family.is_live]
        successor = next((member for member in others if to is not None and member.family_id == to.id), None)
        successor = successor or min(others, key=lambda member: (member.joined_at, member.family_id), default=None)
        leaving_row.representative = False
        db.session.flush()  # the partial unique index allows one representative at a time
        if successor is not None:
            successor.representative = True
            db.session.flush()
            record("unit.representative_named", unit, actor=by, family_id=successor.family_id,
                   family=successor.family.name)


# -- equipment and output -----------------------------------------------------------------


def add_equipment(unit: ProductionUnit, plan: EquipmentPlan, *, by, today: date) -> UnitEquipment:
    description = (plan.description or "").strip()
    if not description:
        raise DomainError(_l("Say what the unit received."), field="description")
    if plan.quantity is None or plan.quantity < 1:
        raise DomainError(_l("Enter how many pieces (at least one)."), field="quantity")
    if plan.received_on is None or plan.received_on > today:
        raise DomainError(_l("Enter the day it was received (not in the future)."), field="received_on")
    if plan.value_syp is not None and plan.value_syp < 0:
        raise DomainError(_l("The value cannot be negative."), field="value_syp")
    equipment = UnitEquipment(description=description, quantity=plan.quantity, received_on=plan.received_on,
                              partner=plan.partner, value_syp=plan.value_syp)
    unit.equipment.append(equipment)
    db.session.flush()
    record("unit.equipment_added", unit, actor=by, equipment=description, quantity=plan.quantity,
           partner=plan.partner.name_ar if plan.partner else None, value_syp=plan.value_syp)
    return equipment


def remove_equipment(unit: ProductionUnit, equipment: UnitEquipment, *, by) -> None:
    unit.equipment.remove(equipment)
    db.session.flush()
    record("unit.equipment_removed", unit, actor=by, equipment=equipment.description, quantity=equipment.quantity)


def add_output(unit: ProductionUnit, plan: OutputPlan, *, by) -> UnitOutput:
    description = (plan.description or "").strip()
    if not description:
        raise DomainError(_l("Say what the unit produced."), field="description")
    if plan.quantity is None or plan.quantity < 0:
        raise DomainError(_l("The quantity cannot be negative."), field="quantity")
    if plan.value_syp is None or plan.value_syp < 0:
        raise DomainError(_l("The value cannot be negative."), field="value_syp")
    if any(output.month == plan.month and output.description == description for output in unit.outputs):
        raise DomainError(_l("This output is already recorded for this month: remove it first to correct it."),
                          field="description")
    output = UnitOutput(month=plan.month, description=description, quantity=plan.quantity,
                        quantity_unit=(plan.quantity_unit or "").strip(), value_syp=plan.value_syp)
    unit.outputs.append(output)
    db.session.flush()
    record("unit.output_added", unit, actor=by, month=plan.month, output=description, quantity=plan.quantity,
           value_syp=plan.value_syp)
    return output


def remove_output(unit: ProductionUnit, output: UnitOutput, *, by) -> None:
    unit.outputs.remove(output)
    db.session.flush()
    record("unit.output_removed", unit, actor=by, month=output.month, output=output.description)


# -- applying for a unit -------------------------------------------------------------------


class UnitAlreadyApplied(DomainError):
    def __init__(self):
        super().__init__(_l("Your unit already has an application for one of these dates."), field="occurrences")


def apply_for_unit(unit: ProductionUnit, family: Family, occurrences: list[Occurrence],
                   request: applications.ApplicationRequest, *, now: datetime) -> list[Application]:
    """The representative applies for the whole unit: one stall, the unit's name beside the
    family's. Every member then sees the application (festival/units/queries.py)."""
    member = _member(unit, family)
    if member is None or not member.representative:
        raise DomainError(_l("Only the unit's representative applies for the unit."), field="applicant")
    if not unit.active:
        raise DomainError(_l("This unit is not active."), field="applicant")
    if occurrences and db.session.scalar(db.select(func.count()).select_from(Application).where(
            Application.unit_id == unit.id, Application.occurrence_id.in_([o.id for o in occurrences]),
            Application.status.in_(ACTIVE_STATES))):
        raise UnitAlreadyApplied()
    return applications.apply(family, occurrences, request, now=now, unit_id=unit.id)
