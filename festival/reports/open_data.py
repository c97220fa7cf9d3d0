"""Open data: the families' reported sales as anonymised aggregates anyone may download.

One table, one row ("cell") per month × province × craft category that has reported sales:
the markets and market dates those sales were made at, the families that reported them,
and their sum in whole Syrian pounds. Summed by the database in one query.

What it promises:
- no personal data: no names, phones, ids of families, applications or reports, only
  counts and sums;
- small-cell suppression: a cell with fewer than SUPPRESSION_THRESHOLD families gives
  neither its number of families nor its sales (`suppressed`), so one family's (or two,
  three, four families') sales cannot be read or guessed from it. Markets and dates are
  public anyway (the calendar) and stay;
- no totals (per province, per month, per craft) are published beside the cells, so a
  suppressed cell cannot be found again by subtracting the others from a total;
- complementary suppression within a province and month: a province-month's sum is known
  elsewhere (an event page may publish its date's total, festival/reports/public.py, and a
  partner's province totals read twice differ by the dates in between), and that sum
  minus the cells shown would give back a suppressed cell. So the suppressed cells of a
  province-month together always hold at least SUPPRESSION_THRESHOLD distinct families:
  where they hold fewer, the smallest cells shown are suppressed too until they do (or
  the whole province-month is). What subtraction still gives is then a sum over five
  families or more, as any cell shown is.

Sales are those of attended reports, as on the dashboards (festival/reports/queries.py);
a family counts in every craft category it reported sales in.
"""
from dataclasses import dataclass

from sqlalchemy import distinct, func, select

from festival.crafts.models import CraftCategory
from festival.extensions import db
from festival.markets.models import Market, Occurrence
from festival.provinces.models import Province
from festival.reports.models import SalesReport, SalesReportLine
from festival.reports.queries import month_of
from festival.vendors.models import Family

SUPPRESSION_THRESHOLD = 5
SUPPRESSED_TEXT = "<5"  # what the CSV says instead of a small number of families
LICENCE = {
    "name": "CC BY 4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/",
    "attribution": "Source: the regional office for productive families (المكتب الإقليمي للأسر المنتجة)",
}
CSV_HEADERS = ("month", "province", "province_ar", "province_en", "craft", "craft_ar", "craft_en",
               "markets", "market_dates", "families", "sales_syp", "suppressed")


@dataclass(frozen=True)
class SalesCell:
    month: str  # "2026-03"
    province: str  # slug
    province_ar: str
    province_en: str
    craft: str  # slug
    craft_ar: str
    craft_en: str
    markets: int
    market_dates: int
    families: int | None  # None when suppressed
    sales: int | None  # whole Syrian pounds; None when suppressed

    @property
    def suppressed(self) -> bool:
        return self.families is None

    def as_json(self) -> dict:
        return {"month": self.month, "province": self.province, "craft": self.craft, "markets": self.markets,
                "market_dates": self.market_dates, "families": self.families, "sales": self.sales,
                "suppressed": self.suppressed}

    def as_csv_row(self) -> tuple:
        return (self.month, self.province, self.province_ar, self.province_en, self.craft, self.craft_ar,
                self.craft_en, self.markets, self.market_dates,
                SUPPRESSED_TEXT if self.suppressed else self.families,
                None if self.suppressed else self.sales, "true" if self.suppressed else "false")


def suppressed(families: int, sales: int) -> tuple[int | None, int | None]:
    """(families, sales) as published: both hidden below the threshold."""
    if families < SUPPRESSION_THRESHOLD:
        return None, None
    return families, sales


def hidden_with_complement(counts: dict) -> set:
    """The groups of a breakdown to hide, given {group: families} whose sum is shown beside
    them: every group under the threshold, and then the smallest shown groups until the
    hidden ones together hold SUPPRESSION_THRESHOLD families or more (else the total minus
    the shown groups counts fewer than 5 families: 5 / <5 / <5 beside a total of 9 gave 4).
    Groups are taken as disjoint; a breakdown with nothing under the threshold hides nothing."""
    hidden = {group for group, families in counts.items() if families < SUPPRESSION_THRESHOLD}
    shown = sorted((families, str(group), group) for group, families in counts.items() if group not in hidden)
    while hidden and sum(counts[group] for group in hidden) < SUPPRESSION_THRESHOLD and shown:
        hidden.add(shown.pop(0)[2])
    return hidden


def sales_cells() -> list[SalesCell]:
    """Every cell, by month, then province and craft in their usual order: one query."""
    month = month_of(Occurrence.day)
    rows = db.session.execute(
        select(month.label("month"), Province.slug.label("province"), Province.name_ar.label("province_ar"),
               Province.name_en.label("province_en"), CraftCategory.slug.label("craft"),
               CraftCategory.name_ar.label("craft_ar"), CraftCategory.name_en.label("craft_en"),
               func.count(distinct(Occurrence.market_id)).label("markets"),
               func.count(distinct(Occurrence.id)).label("market_dates"),
               func.count(distinct(SalesReport.family_id)).label("families"),
               func.sum(SalesReportLine.amount).label("sales"))
        .select_from(SalesReportLine)
        .join(SalesReport, SalesReport.id == SalesReportLine.report_id)
        .join(Family, Family.id == SalesReport.family_id)
        .join(Occurrence, Occurrence.id == SalesReport.occurrence_id)
        .join(Market, Market.id == Occurrence.market_id)
        .join(Province, Province.id == Market.province_id)
        .join(CraftCategory, CraftCategory.id == SalesReportLine.craft_id)
        .where(SalesReport.attended, Family.is_counted)  # a merged record's report would count its family twice
        .group_by(month, Province.id, CraftCategory.id)
        .order_by(month, Province.position, CraftCategory.position)
    ).all()
    hidden = _complementary(rows)
    cells = []
    for row in rows:
        families, sales = suppressed(row.families, int(row.sales or 0))
        if (row.month, row.province, row.craft) in hidden:
            families, sales = None, None
        cells.append(SalesCell(month=row.month, province=row.province, province_ar=row.province_ar,
                               province_en=row.province_en, craft=row.craft, craft_ar=row.craft_ar,
                               craft_en=row.craft_en, markets=row.markets, market_dates=row.market_dates,
                               families=families, sales=sales))
    return cells


def _complementary(rows) -> set[tuple[str, str, str]]:
    """The (month, province, craft) cells shown by the threshold that must be suppressed so
    that each province-month's suppressed cells hold SUPPRESSION_THRESHOLD families or more.
    One more query, only when some province-month needs it."""
    groups: dict[tuple[str, str], list] = {}
    for row in rows:
        groups.setdefault((row.month, row.province), []).append(row)
    exposed = {key: cells for key, cells in groups.items()
               if any(cell.families < SUPPRESSION_THRESHOLD for cell in cells)
               and any(cell.families >= SUPPRESSION_THRESHOLD for cell in cells)}
    if not exposed:
        return set()
    members = _families_of_cells({province for _month, province in exposed})
    hidden = set()
    for (month, province), cells in exposed.items():
        covered = set().union(*(members.get((month, province, cell.craft), set())
                                for cell in cells if cell.families < SUPPRESSION_THRESHOLD))
        shown = sorted((cell for cell in cells if cell.families >= SUPPRESSION_THRESHOLD),
                       key=lambda cell: (cell.families, cell.sales or 0))
        while len(covered) < SUPPRESSION_THRESHOLD and shown:
            cell = shown.pop(0)
            hidden.add((month, province, cell.craft))
            covered |= members.get((month, province, cell.craft), set())
    return hidden


def _families_of_cells(province_slugs: set[str]) -> dict[tuple[str, str, str], set[int]]:
    """{(month, province, craft): family ids} of these provinces' cells."""
    month = month_of(Occurrence.day)
    rows = db.session.execute(
        select(month, Province.slug, CraftCategory.slug, SalesReport.family_id).distinct()
        .select_from(SalesReportLine)
        .join(SalesReport, SalesReport.id == SalesReportLine.report_id)
        .join(Family, Family.id == SalesReport.family_id)
        .join(Occurrence, Occurrence.id == SalesReport.occurrence_id)
        .join(Market, Market.id == Occurrence.market_id)
        .join(Province, Province.id == Market.province_id)
        .join(CraftCategory, CraftCategory.id == SalesReportLine.craft_id)
        .where(SalesReport.attended, Family.is_counted, Province.slug.in_(province_slugs)))
    members: dict[tuple[str, str, str], set[int]] = {}
    for cell_month, province, craft, family_id in rows:
        members.setdefault((cell_month, province, craft), set()).add(family_id)
    return members


def sales_fingerprint() -> tuple:
    """What changes whenever a cell may change that the public version does not follow (a
    report saved, edited or removed): one query, for the download's cache key."""
    row = db.session.execute(select(
        select(func.count(SalesReport.id)).scalar_subquery(),
        select(func.max(SalesReport.updated_at)).scalar_subquery(),
        select(func.count()).select_from(SalesReportLine).scalar_subquery(),
        select(func.coalesce(func.sum(SalesReportLine.amount), 0)).scalar_subquery(),
        select(func.count(Family.id)).where(~Family.is_counted).scalar_subquery(),  # a merge moves reports
    )).one()
    return tuple(str(value) for value in row)


def sales_document(cells: list[SalesCell]) -> dict:
    """The JSON download (festival/api/openapi.py describes it as OpenDataSales)."""
    return {
        "dataset": "sales-by-month-province-craft",
        "licence": LICENCE,
        "suppression": {"threshold": SUPPRESSION_THRESHOLD,
                        "rule": "A cell with fewer families than the threshold gives neither its number of "
                                "families nor its sales: both are null and suppressed is true."},
        "currency": "SYP",
        "cells": [cell.as_json() for cell in cells],
    }
