"""Every dashboard table as plain data: shown on the page, and exported as CSV or XLSX.

A Table is built once from the aggregated rows; the page and the download read the
same rows, so an export is always "the table on screen, filtered as on screen".
Cells hold raw values (int pounds, int percent, date, str); the template formats them
by column kind, the export writes them as they are.
"""
from dataclasses import dataclass, field

from flask import Response, abort
from flask_babel import gettext as _

from festival.core import spreadsheets
from festival.core.i18n import is_arabic
from festival.reports import queries
from festival.reports.charts import month_label

EXPORT_FORMATS = spreadsheets.EXPORT_FORMATS
TEXT, MONEY, COUNT, PERCENT, DATE, RATING = "text", "money", "count", "percent", "date", "rating"


@dataclass
class Column:
    label: str
    kind: str = TEXT


@dataclass
class Table:
    key: str  # in the export URL and file name
    title: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)

    def headers(self) -> list[str]:
        return [f"{column.label} (%)" if column.kind == PERCENT else column.label for column in self.columns]


def _cells(table: Table) -> list[list]:
    return [["" if value is None else value for value in row] for row in table.rows]


def export_response(table: Table, fmt: str, filename: str) -> Response:
    return spreadsheets.export_response(table.headers(), _cells(table), fmt, f"{filename}-{table.key}",
                                        sheet_title=table.title)


def export_file(table: Table, fmt: str, filename: str) -> tuple[bytes, str, str]:
    """(content, content type, file name) of the table's export, for a job."""
    content, content_type = spreadsheets.export_bytes(table.headers(), _cells(table), fmt, sheet_title=table.title)
    return content, content_type, f"{filename}-{table.key}.{fmt}"


def pick(tables: list[Table], key: str) -> Table:
    table = next((table for table in tables if table.key == key), None)
    if table is None:
        abort(404)
    return table


def bilingual_name(row_ar: str | None, row_en: str | None) -> str:
    return (row_en or row_ar or "") if not is_arabic() else (row_ar or row_en or "")


def _join(names) -> str:
    return ("، " if is_arabic() else ", ").join(names)


def average_of(total: int, count: int) -> int | None:
    return round(total / count) if count else None


def percent_of(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


# -- shared -------------------------------------------------------------------------------


def categories_table(rows) -> Table:
    return Table("categories", _("Sales per craft category"), [
        Column(_("Craft category")), Column(_("Sales"), MONEY), Column(_("Items sold"), COUNT),
        Column(_("Families"), COUNT),
    ], [[craft.name, int(amount or 0), int(items or 0), families] for craft, amount, items, families in rows])


# -- one occurrence -----------------------------------------------------------------------


def report_state(report) -> str:
    if report is None:
        return _("Not reported yet")
    return _("Did not attend") if not report.attended else _("Reported")


def event_tables(occurrence) -> tuple[queries.EventSummary, list[Table], list]:
    families = queries.event_families(occurrence)
    yes = _("Yes")
    family_table = Table("families", _("Families and their reports"), [
        Column(_("Stall")), Column(_("Family")), Column(_("Checked in at the gate")), Column(_("Report")),
        Column(_("Total sales"), MONEY), Column(_("Rating"), RATING), Column(_("Entered by an organizer")),
        Column(_("Best-selling product")), Column(_("Problems met")),
    ], [[
        row.stall_code, row.family_name, yes if row.checked_in else "", report_state(row.SalesReport),
        row.SalesReport.total_sales if row.SalesReport and row.SalesReport.attended else None,
        row.SalesReport.rating if row.SalesReport else None,
        yes if row.SalesReport and row.SalesReport.entered_by_id else "",
        row.SalesReport.best_product if row.SalesReport else "",
        row.SalesReport.problems if row.SalesReport else "",
    ] for row in families])
    missing = [row for row in families if row.SalesReport is None]
    missing_table = Table("missing", _("Families that have not reported yet"), [
        Column(_("Stall")), Column(_("Family")), Column(_("Checked in at the gate")),
    ], [[row.stall_code, row.family_name, yes if row.checked_in else ""] for row in missing])
    tables = [family_table, categories_table(queries.event_categories(occurrence)), missing_table]
    return queries.event_summary(occurrence), tables, families


# -- a market series ------------------------------------------------------------------------


def series_tables(market) -> tuple[list[Table], list]:
    rows = queries.series_rows(market)
    dates = Table("dates", _("Sales per date"), [
        Column(_("Date"), DATE), Column(_("Families with a stall"), COUNT), Column(_("Checked in at the gate"), COUNT),
        Column(_("Reports"), COUNT), Column(_("Total sales"), MONEY), Column(_("Average per family"), MONEY),
        Column(_("First-timers"), COUNT),
    ], [[row.day, row.assigned, row.checked_in, row.reported, int(row.total),
         average_of(int(row.total), row.reported_attended), row.first_timers] for row in rows if row.assigned])
    return [dates, categories_table(queries.market_categories(market))], rows


def comparison(rows) -> dict | None:
    """The last date with reports against the average of the (up to four) dates before it."""
    held = [row for row in rows if row.reported]
    if not held:
        return None
    latest, previous = held[-1], held[-5:-1]
    average = average_of(sum(int(row.total) for row in previous), len(previous)) if previous else None
    change = percent_of(int(latest.total) - average, average) if average else None
    return {"latest": latest, "previous_count": len(previous), "previous_average": average, "change": change}


# -- a province / the country over one year ---------------------------------------------------


def months_table(rows) -> Table:
    by_month: dict[str, list[int]] = {}
    for row in rows:
        total, reports, families = by_month.setdefault(row.month, [0, 0, 0])
        by_month[row.month] = [total + int(row.total or 0), reports + row.reports, families + row.families]
    return Table("months", _("Sales per month"), [
        Column(_("Month")), Column(_("Total sales"), MONEY), Column(_("Reports"), COUNT),
        Column(_("Families that reported"), COUNT),
    ], [[month_label(month), *values] for month, values in sorted(by_month.items())])


def markets_table(rows) -> Table:
    return Table("markets", _("Sales per market"), [
        Column(_("Market")), Column(_("Dates held"), COUNT), Column(_("Families with a stall"), COUNT),
        Column(_("Reports"), COUNT), Column(_("Total sales"), MONEY),
    ], [[row.Market.title, row.held, row.families, row.reports, int(row.total)] for row in rows])


def provinces_table(rows) -> Table:
    return Table("provinces", _("Provinces side by side"), [
        Column(_("Province")), Column(_("Families with a stall"), COUNT), Column(_("First-timers"), COUNT),
        Column(_("Attendance rate"), PERCENT), Column(_("Reports"), COUNT), Column(_("Report completion"), PERCENT),
        Column(_("Total sales"), MONEY), Column(_("Average per report"), MONEY),
    ], [[row.Province.name, row.families, row.first_timers, percent_of(row.checked_in, row.assigned), row.reports,
         percent_of(row.reports, row.assigned), int(row.total), average_of(int(row.total), row.reported_attended)]
        for row in rows])


def province_months_table(monthly, provinces) -> Table:
    """Provinces (rows) by month (columns): the national side-by-side view."""
    months = sorted({row.month for row in monthly})
    cells = {(row.province_id, row.month): int(row.total or 0) for row in monthly}
    columns = [Column(_("Province"))] + [Column(month_label(month), MONEY) for month in months]
    columns.append(Column(_("Total"), MONEY))
    rows = []
    for row in provinces:
        values = [cells.get((row.Province.id, month), 0) for month in months]
        rows.append([row.Province.name, *values, sum(values)])
    return Table("province-months", _("Sales per province and month"), columns, rows)


# -- the national register --------------------------------------------------------------------


def register_table(rows, crafts_by_family) -> Table:
    return Table("register", _("National register of productive families"), [
        Column(_("Family")), Column(_("Head of the family")), Column(_("Province")), Column(_("Area")),
        Column(_("Crafts")), Column(_("Markets taken part in"), COUNT), Column(_("Dates with a stall"), COUNT),
        Column(_("Dates attended"), COUNT), Column(_("Reports"), COUNT), Column(_("Total sales"), MONEY),
        Column(_("Registered on"), DATE),
    ], [[row.name, row.head_name or "", bilingual_name(row.province_ar, row.province_en),
         bilingual_name(row.area_ar, row.area_en),
         _join(craft.name for craft in crafts_by_family.get(row.id, [])), row.markets, row.dates, row.attended,
         row.reports, int(row.total), row.created_at.date()] for row in rows])


# -- one family -------------------------------------------------------------------------------------


def family_table(history) -> Table:
    yes = _("Yes")
    return Table("my-sales", _("My sales per market date"), [
        Column(_("Date"), DATE), Column(_("Market")), Column(_("Stall")), Column(_("Checked in at the gate")),
        Column(_("Report")), Column(_("Total sales"), MONEY),
    ], [[row.Occurrence.day, row.Market.title, row.stall_code, yes if row.checked_in else "",
         report_state(row.SalesReport),
         row.SalesReport.total_sales if row.SalesReport and row.SalesReport.attended else None]
        for row in history])
