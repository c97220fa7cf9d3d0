"""What the register shows: per craft and province, the families practising it, the markets
they sold at and how many of them reported sales, with small cells suppressed; and the
coming market dates where families of a craft have a stall.

What it promises:
- aggregates only, no personal data: counts and sums, never a family's name or phone;
- small-cell suppression as the open data does it (festival/reports/open_data.py): fewer
  than SUPPRESSION_THRESHOLD families practising a craft (or reporting sales) in a province
  shows as "<5". Markets are public anyway and stay;
- a craft's sales are those of the families that practise it alone in its category.
  Families report sales by category, not by refined craft; a family of two crafts of one
  category would count in both, and one craft's sum minus another's gave back one family's
  sales (found in review: makdous 61,110 − pepper paste 76,665 = family 6's 15,555). So in
  each province and category the families that reported are split into disjoint groups:
  one per craft (those practising only it) and the rest (several crafts, or none said),
  which is never published; the groups hidden, the rest included, always hold 5 families
  or more (festival/reports/open_data.hidden_with_complement), so neither a craft's sum
  nor the category's total minus the crafts shown tells one family's sales;
- a family counts in its own province (Family.province_id), as every statistic counts
  families (Family.is_counted: never a merged record; an erased family still counts, under
  its id only: erasure keeps the aggregates);
- the coming dates list only families that let their profile be shown (the search and the
  event pages' rule, festival/consent has_granted PUBLIC_PROFILE);
- a fixed number of queries, whatever the number of families, crafts or markets.
"""
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from sqlalchemy import and_, case, distinct, func, select

from festival.calendar.queries import in_order, public_occurrences
from festival.consent.models import ConsentChoice, SharingPurpose
from festival.consent.queries import has_granted
from festival.core.access import object_or_404
from festival.crafts.models import Craft, CraftCategory
from festival.extensions import db
from festival.markets.models import Market, MarketStatus, Occurrence, OccurrenceStatus
from festival.provinces.models import Province
from festival.reports.models import SalesReport, SalesReportLine
from festival.reports.open_data import SUPPRESSED_TEXT, SUPPRESSION_THRESHOLD, hidden_with_complement
from festival.stalls.models import StallAssignment
from festival.vendors.models import Family, family_craft_items

UPCOMING_SHOWN = 10


def crafts_in_order() -> list[Craft]:
    """Every craft with its category, by category then position: one query."""
    return list(db.session.scalars(
        select(Craft).join(Craft.category).options(db.contains_eager(Craft.category))
        .order_by(CraftCategory.position, Craft.position, Craft.id)))


def crafts_by_category() -> list[tuple[CraftCategory, list[Craft]]]:
    return [(category, list(crafts)) for category, crafts in groupby(crafts_in_order(), key=lambda c: c.category)]


def craft_of_slug_or_404(slug: str) -> Craft:
    return object_or_404(Craft, slug, db.joinedload(Craft.category), db.selectinload(Craft.photos), column="slug")


def craft_or_404(craft_id: int) -> Craft:
    return object_or_404(Craft, craft_id, db.joinedload(Craft.category), db.selectinload(Craft.photos))


@dataclass(frozen=True)
class Cell:
    """One craft in one province, as published."""

    craft_id: int
    province: Province
    families: int | str  # a count, or "<5"
    markets: int
    reporting: int | str  # families that reported sales at those markets, or "<5"
    sales: int | None  # whole Syrian pounds of the families practising only this craft; None: hidden

    @property
    def suppressed(self) -> bool:
        return SUPPRESSED_TEXT in (self.families, self.reporting) or self.sales is None


def shown(count: int) -> int | str:
    return count if count >= SUPPRESSION_THRESHOLD or count == 0 else SUPPRESSED_TEXT


REST = "rest"  # the families of a category that practise several of its crafts, or none said


def _sales_by_craft(category_ids: list[int] | None, province_ids: list[int] | None) -> dict[tuple[int, int], int]:
    """{(craft id, province id): sales, or None where it must stay hidden} of the crafts whose
    families practising only them reported (see the module: disjoint groups per province and
    category, complementary suppression). One query."""
    crafts_of_family = (select(family_craft_items.c.family_id, Craft.category_id,
                               func.count().label("crafts"), func.min(Craft.id).label("craft_id"))
                        .join(Craft, Craft.id == family_craft_items.c.craft_id)
                        .group_by(family_craft_items.c.family_id, Craft.category_id).subquery())
    alone = case((crafts_of_family.c.crafts == 1, crafts_of_family.c.craft_id), else_=None).label("alone")
    query = (select(Family.province_id, SalesReportLine.craft_id, alone,
                    func.count(distinct(Family.id)), func.sum(SalesReportLine.amount))
             .select_from(SalesReportLine)
             .join(SalesReport, SalesReport.id == SalesReportLine.report_id)
             .join(Family, Family.id == SalesReport.family_id)
             .outerjoin(crafts_of_family, and_(crafts_of_family.c.family_id == Family.id,
                                               crafts_of_family.c.category_id == SalesReportLine.craft_id))
             .where(Family.is_counted, SalesReport.attended.is_(True))
             .group_by(Family.province_id, SalesReportLine.craft_id, alone))
    if category_ids is not None:
        query = query.where(SalesReportLine.craft_id.in_(category_ids))
    if province_ids is not None:
        query = query.where(Family.province_id.in_(province_ids))
    groups: dict[tuple[int, int], dict] = {}
    for province_id, category_id, craft_id, families, amount in db.session.execute(query):
        groups.setdefault((province_id, category_id), {})[craft_id or REST] = (families, int(amount or 0))
    published = {}
    for (province_id, _category_id), found in groups.items():
        hidden = hidden_with_complement({group: families for group, (families, _amount) in found.items()})
        hidden.add(REST)  # never published itself
        published.update({(group, province_id): None if group in hidden else amount
                          for group, (_families, amount) in found.items() if group != REST})
    return published


def _published_sales(amounts: dict, key: tuple[int, int], reporting: int, families: int) -> int | None:
    """A cell's sales: hidden under the threshold, by the complement, or when its families
    reported only as families of several crafts (their sales are not this craft's alone)."""
    if families < SUPPRESSION_THRESHOLD:
        return None
    if key in amounts:
        return amounts[key]
    return 0 if reporting == 0 else None


def cells(*, craft_id: int | None = None, province_ids: list[int] | None = None) -> list[Cell]:
    """Cells by craft and province (three queries, plus the provinces when there are cells)."""
    practising = (select(family_craft_items.c.craft_id, Family.province_id, func.count(distinct(Family.id)))
                  .join(Family, Family.id == family_craft_items.c.family_id).where(Family.is_counted))
    sold = (select(family_craft_items.c.craft_id, Family.province_id,
                   func.count(distinct(Occurrence.market_id)), func.count(distinct(SalesReport.family_id)))
            .select_from(SalesReportLine)
            .join(SalesReport, SalesReport.id == SalesReportLine.report_id)
            .join(Occurrence, Occurrence.id == SalesReport.occurrence_id)
            .join(Family, Family.id == SalesReport.family_id)
            .join(family_craft_items, family_craft_items.c.family_id == Family.id)
            .join(Craft, Craft.id == family_craft_items.c.craft_id)
            .where(Family.is_counted, SalesReport.attended.is_(True), SalesReportLine.craft_id == Craft.category_id))
    category_ids = None
    if craft_id is not None:
        practising = practising.where(family_craft_items.c.craft_id == craft_id)
        sold = sold.where(family_craft_items.c.craft_id == craft_id)
        category_ids = [select(Craft.category_id).where(Craft.id == craft_id).scalar_subquery()]
    if province_ids is not None:
        practising = practising.where(Family.province_id.in_(province_ids))
        sold = sold.where(Family.province_id.in_(province_ids))
    families = {(row[0], row[1]): row[2] for row in db.session.execute(
        practising.group_by(family_craft_items.c.craft_id, Family.province_id))}
    sales = {(row[0], row[1]): row[2:] for row in db.session.execute(
        sold.group_by(family_craft_items.c.craft_id, Family.province_id))}
    keys = set(families) | set(sales)
    if not keys:
        return []
    amounts = _sales_by_craft(category_ids, province_ids)
    provinces = {province.id: province for province in db.session.scalars(
        select(Province).where(Province.id.in_({province_id for _craft, province_id in keys})))}
    found = []
    for craft, province_id in keys:
        markets, reporting = sales.get((craft, province_id), (0, 0))
        count = families.get((craft, province_id), 0)
        found.append(Cell(craft_id=craft, province=provinces[province_id], families=shown(count),
                          markets=markets, reporting=shown(reporting),
                          sales=_published_sales(amounts, (craft, province_id), reporting, count)))
    return sorted(found, key=lambda cell: (cell.craft_id, cell.province.position))


def upcoming_dates(craft: Craft, today: date) -> list[Occurrence]:
    """Coming public market dates where a family practising the craft (and shown publicly) has a stall."""
    family_there = (select(StallAssignment.id)
                    .join(family_craft_items, family_craft_items.c.family_id == StallAssignment.family_id)
                    .join(Family, Family.id == StallAssignment.family_id)
                    .where(StallAssignment.occurrence_id == Occurrence.id, family_craft_items.c.craft_id == craft.id,
                           Family.is_live, has_granted(Family.id, SharingPurpose.PUBLIC_PROFILE)).exists())
    query = public_occurrences().where(Market.status == MarketStatus.PUBLISHED,
                                       Occurrence.status == OccurrenceStatus.SCHEDULED,
                                       Occurrence.last_day >= today, family_there)
    return list(db.session.scalars(in_order(query).limit(UPCOMING_SHOWN)).unique())


def register_fingerprint() -> tuple:
    """What the crafts pages show that the public version does not follow: families' craft
    choices (their profile's time), consent choices, merges and reported sales. One query,
    part of the pages' cache key (festival/markets/public_version.py)."""
    row = db.session.execute(select(
        select(func.count()).select_from(family_craft_items).scalar_subquery(),
        select(func.max(Family.profile_updated_at)).scalar_subquery(),
        select(func.count(Family.id)).where(Family.is_live).scalar_subquery(),
        select(func.max(ConsentChoice.id)).scalar_subquery(),
        select(func.count(SalesReport.id)).scalar_subquery(),
        select(func.max(SalesReport.updated_at)).scalar_subquery(),
        select(func.coalesce(func.sum(SalesReportLine.amount), 0)).scalar_subquery(),
    )).one()
    return tuple(str(value) for value in row)
