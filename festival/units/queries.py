"""Reading production units: the organizers' list (counts in one query), a unit with its
members, equipment and output, the units and applications a family sees, a unit's sales,
and the partners' summary (cells under 5 families suppressed, festival/reports/open_data.py).

A unit's sales are the attended sales reports of the applications sent for it (`unit_id`),
whichever member's report it is.
"""
from dataclasses import dataclass

from flask import abort
from sqlalchemy import distinct, func, select
from sqlalchemy.orm import joinedload, selectinload

from festival.applications.models import Application
from festival.auth.models import User
from festival.core import search
from festival.extensions import db
from festival.markets.models import Market, Occurrence
from festival.provinces.models import Province
from festival.reports.models import SalesReport
from festival.reports.open_data import suppressed
from festival.reports.queries import month_of
from festival.units.models import ProductionUnit, UnitEquipment, UnitMember, UnitOutput
from festival.vendors.models import Family

UNIT_DETAILS = (
    joinedload(ProductionUnit.province), joinedload(ProductionUnit.area), joinedload(ProductionUnit.craft),
    selectinload(ProductionUnit.members).joinedload(UnitMember.family).joinedload(Family.user),
    selectinload(ProductionUnit.equipment).joinedload(UnitEquipment.partner),
    selectinload(ProductionUnit.outputs),
)


def unit_or_404(unit_id: int) -> ProductionUnit:
    unit = db.session.scalar(select(ProductionUnit).where(ProductionUnit.id == unit_id).options(*UNIT_DETAILS))
    if unit is None:
        abort(404)
    return unit


def equipment_or_404(unit: ProductionUnit, equipment_id: int) -> UnitEquipment:
    found = next((equipment for equipment in unit.equipment if equipment.id == equipment_id), None)
    if found is None:
        abort(404)
    return found


def output_or_404(unit: ProductionUnit, output_id: int) -> UnitOutput:
    found = next((output for output in unit.outputs if output.id == output_id), None)
    if found is None:
        abort(404)
    return found


@dataclass(frozen=True)
class UnitRow:
    unit: ProductionUnit
    members: int
    equipment: int
    applications: int


def units_managed_by(user) -> list[UnitRow]:
    """The units of the provinces `user` manages, with their counts: one query."""
    members = select(func.count()).where(UnitMember.unit_id == ProductionUnit.id).correlate(ProductionUnit)
    equipment = select(func.coalesce(func.sum(UnitEquipment.quantity), 0)).where(
        UnitEquipment.unit_id == ProductionUnit.id).correlate(ProductionUnit)
    applied = select(func.count()).where(Application.unit_id == ProductionUnit.id).correlate(ProductionUnit)
    provinces = user.managed_provinces_query().with_only_columns(Province.id).order_by(None)
    rows = db.session.execute(
        select(ProductionUnit, members.scalar_subquery(), equipment.scalar_subquery(), applied.scalar_subquery())
        .join(ProductionUnit.province).where(ProductionUnit.province_id.in_(provinces))
        .options(joinedload(ProductionUnit.province), joinedload(ProductionUnit.area), joinedload(ProductionUnit.craft))
        .order_by(Province.position, ProductionUnit.active.desc(), ProductionUnit.name)
    ).all()
    return [UnitRow(unit, member_count, equipment_count, application_count)
            for unit, member_count, equipment_count, application_count in rows]


def families_to_add(unit: ProductionUnit, typed: str | None, *, limit: int = 20) -> list[Family]:
    """Families of the unit's province matching a name or phone that are not members yet."""
    condition = search.matches(typed, [Family.name, Family.head_name], User.phone)
    if condition is None:
        return []
    return list(db.session.scalars(
        select(Family).join(Family.user).options(joinedload(Family.user))
        .where(Family.province_id == unit.province_id, Family.is_live, condition,
               Family.id.not_in(select(UnitMember.family_id).where(UnitMember.unit_id == unit.id)))
        .order_by(Family.name, Family.id).limit(limit)))


def other_units_of(families: list[Family], unit: ProductionUnit) -> dict[int, list[str]]:
    """{family id: names of the other units it is a member of}, one query: a family may work
    in two units, and the organizer adding it should know."""
    if not families:
        return {}
    rows = db.session.execute(
        select(UnitMember.family_id, ProductionUnit.name).join(ProductionUnit, ProductionUnit.id == UnitMember.unit_id)
        .where(UnitMember.family_id.in_([family.id for family in families]), ProductionUnit.id != unit.id)
        .order_by(ProductionUnit.name))
    found: dict[int, list[str]] = {}
    for family_id, name in rows:
        found.setdefault(family_id, []).append(name)
    return found


def units_of_family(family: Family) -> list[ProductionUnit]:
    return list(db.session.scalars(
        select(ProductionUnit).join(UnitMember, UnitMember.unit_id == ProductionUnit.id)
        .where(UnitMember.family_id == family.id).options(*UNIT_DETAILS).order_by(ProductionUnit.name)))


def represented_units(family: Family) -> list[ProductionUnit]:
    """The active units this family applies for (it is their representative)."""
    return list(db.session.scalars(
        select(ProductionUnit).join(UnitMember, UnitMember.unit_id == ProductionUnit.id)
        .where(UnitMember.family_id == family.id, UnitMember.representative, ProductionUnit.active)
        .order_by(ProductionUnit.name)))


def unit_applications(unit_ids: list[int]) -> list[Application]:
    """The applications sent for these units, latest date first, with what the pages show."""
    if not unit_ids:
        return []
    return list(db.session.scalars(
        select(Application).join(Application.occurrence).where(Application.unit_id.in_(unit_ids))
        .options(joinedload(Application.occurrence).joinedload(Occurrence.market).joinedload(Market.province),
                 joinedload(Application.family))
        .order_by(Occurrence.starts_at.desc(), Application.id)))


def units_by_id(unit_ids) -> dict[int, ProductionUnit]:
    ids = set(unit_ids)
    if not ids:
        return {}
    return {unit.id: unit for unit in db.session.scalars(select(ProductionUnit).where(ProductionUnit.id.in_(ids)))}


def member_unit_applications(family: Family) -> list[Application]:
    """What a member sees on its applications page: the applications of its units sent by
    another member (its own are in its list already)."""
    unit_ids = list(db.session.scalars(select(UnitMember.unit_id).where(UnitMember.family_id == family.id)))
    return [application for application in unit_applications(unit_ids) if application.family_id != family.id]


@dataclass(frozen=True)
class UnitSales:
    market: Market
    month: str
    dates: int
    sales: int  # whole Syrian pounds


def unit_sales(unit: ProductionUnit) -> list[UnitSales]:
    """The unit's reported sales per market and month (attended reports of its applications)."""
    month = month_of(Occurrence.day)
    rows = db.session.execute(
        select(Market, month.label("month"), func.count(distinct(Occurrence.id)), func.sum(SalesReport.total_sales))
        .select_from(SalesReport)
        .join(Application, Application.id == SalesReport.application_id)
        .join(Occurrence, Occurrence.id == SalesReport.occurrence_id)
        .join(Market, Market.id == Occurrence.market_id)
        .where(Application.unit_id == unit.id, SalesReport.attended)
        .group_by(Market.id, month).order_by(month.desc(), Market.id)
    ).all()
    return [UnitSales(market, row_month, dates, int(total or 0)) for market, row_month, dates, total in rows]


@dataclass(frozen=True)
class ProvinceUnits:
    """One province's row of the partners' summary. `None`: suppressed (fewer than 5 families)."""

    province: Province
    units: int
    families: int | None
    equipment_items: int | None
    equipment_value: int | None  # whole Syrian pounds, of the equipment whose value is known
    sales: int | None

    @property
    def suppressed(self) -> bool:
        return self.families is None


def partner_summary(provinces: list[int] | None) -> list[ProvinceUnits]:
    """Per province (None: every province; else these province ids): active units, their
    member families, the equipment they received and the sales reported for their
    applications. A province with fewer than 5 member families shows only its number of
    units; no totals are given beside the rows (a suppressed row cannot be found again by
    subtraction). Four grouped queries, whatever the number of units."""
    where = [ProductionUnit.active]
    if provinces is not None:
        if not provinces:
            return []
        where.append(ProductionUnit.province_id.in_(provinces))
    people = dict(db.session.execute(
        select(ProductionUnit.province_id, func.count(distinct(UnitMember.family_id)))
        .join(UnitMember, UnitMember.unit_id == ProductionUnit.id)
        # A merged record's membership stays when the kept family was a member too: not a family.
        .join(Family, Family.id == UnitMember.family_id).where(*where, Family.is_counted)
        .group_by(ProductionUnit.province_id)).all())
    equipment = {province_id: (items, value) for province_id, items, value in db.session.execute(
        select(ProductionUnit.province_id, func.coalesce(func.sum(UnitEquipment.quantity), 0),
               func.coalesce(func.sum(UnitEquipment.value_syp), 0))
        .join(UnitEquipment, UnitEquipment.unit_id == ProductionUnit.id).where(*where)
        .group_by(ProductionUnit.province_id))}
    sales = dict(db.session.execute(
        select(ProductionUnit.province_id, func.coalesce(func.sum(SalesReport.total_sales), 0))
        .join(Application, Application.unit_id == ProductionUnit.id)
        .join(SalesReport, SalesReport.application_id == Application.id)
        .where(*where, SalesReport.attended).group_by(ProductionUnit.province_id)).all())
    rows = db.session.execute(
        select(Province, func.count(ProductionUnit.id)).join(ProductionUnit, ProductionUnit.province_id == Province.id)
        .where(*where).group_by(Province.id).order_by(Province.position)).all()
    summary = []
    for province, units in rows:
        families, province_sales = suppressed(people.get(province.id, 0), int(sales.get(province.id, 0)))
        items, value = equipment.get(province.id, (0, 0))
        shown = families is not None
        summary.append(ProvinceUnits(province=province, units=units, families=families,
                                     equipment_items=int(items) if shown else None,
                                     equipment_value=int(value) if shown else None, sales=province_sales))
    return summary
