"""Sales dashboards above one occurrence: a market series, a province, the country,
and the national register of productive families (admins)."""
from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload

from festival.auth.models import MANAGER_ROLES, Role
from festival.core import query_args
from festival.core.access import roles_required
from festival.core.formatting import long_date
from festival.core.i18n import is_arabic
from festival.core.timezones import today_in_damascus
from festival.core.types import utcnow
from festival.crafts.models import CraftCategory
from festival.extensions import db
from festival.jobs.operations import start_job
from festival.jobs.params import job_params
from festival.markets.access import managed_market
from festival.markets.models import Market, MarketStatus, Occurrence, OccurrenceStatus
from festival.provinces.models import Province
from festival.provinces.queries import managed_province
from festival.reports import queries, tables
from festival.reports import training as training_report
from festival.reports.charts import Point, bar_chart, line_chart

bp = Blueprint("dashboards", __name__)
organizers = roles_required(*MANAGER_ROLES)
admins = roles_required(Role.ADMIN)
REGISTER_PREVIEW = 100
RECENT_DATES = 30


def _year() -> int:
    year = query_args.whole_number(request.args, "year")
    current = today_in_damascus().year
    return year if year and 2000 <= year <= current + 1 else current


def _years(year: int) -> list[int]:
    return sorted(set(queries.years_with_data()) | {year, today_in_damascus().year}, reverse=True)


@bp.route("/manage/sales")
@organizers
def index():
    """Where an organizer starts: their provinces and the latest dates that ended."""
    provinces = list(db.session.scalars(current_user.managed_provinces_query()))
    recent = db.session.scalars(
        db.select(Occurrence).join(Market)
        .where(Market.province_id.in_([province.id for province in provinces]), Occurrence.ends_at <= utcnow(),
               Occurrence.status == OccurrenceStatus.SCHEDULED, Market.status != MarketStatus.CANCELLED)
        .options(joinedload(Occurrence.market)).order_by(Occurrence.day.desc()).limit(RECENT_DATES)).all()
    return render_template("reports/index.html", provinces=provinces, recent=recent)


# -- training -----------------------------------------------------------------------------------
# What the training achieves, per province (its organizers) and for the country (admins), as the
# sales dashboards are.


@bp.route("/manage/provinces/<slug>/training")
@organizers
@managed_province
def training_province(province):
    summary, training_tables_ = training_report.training_tables([province.id], utcnow())
    return render_template("reports/training.html", summary=summary, tables=training_tables_, province=province,
                           export="dashboards.training_province_export", export_args={"slug": province.slug})


@bp.route("/manage/provinces/<slug>/training/<table>.<fmt>")
@organizers
@managed_province
def training_province_export(province, table, fmt):
    _summary, training_tables_ = training_report.training_tables([province.id], utcnow())
    return tables.export_response(tables.pick(training_tables_, table), fmt, f"training-{province.slug}")


@bp.route("/admin/training")
@admins
def training_national():
    summary, training_tables_ = training_report.training_tables(None, utcnow())
    return render_template("reports/training.html", summary=summary, tables=training_tables_, province=None,
                           export="dashboards.training_national_export", export_args={})


@bp.route("/admin/training/<table>.<fmt>")
@admins
def training_national_export(table, fmt):
    _summary, training_tables_ = training_report.training_tables(None, utcnow())
    return tables.export_response(tables.pick(training_tables_, table), fmt, "training-national")


# -- a market series ------------------------------------------------------------------------------


def _market_tables(market):
    return tables.series_tables(market)


@bp.route("/manage/markets/<int:market_id>/sales")
@organizers
@managed_market
def market(market):
    market_tables, rows = _market_tables(market)
    dates = tables.pick(market_tables, "dates")
    chart = line_chart([Point(long_date(row[0]), row[4]) for row in dates.rows], title=dates.title,
                       rtl=is_arabic()) if dates.rows else None
    return render_template("reports/market.html", market=market, tables=market_tables, chart=chart,
                           comparison=tables.comparison(rows), families=queries.market_families_count(market))


@bp.route("/manage/markets/<int:market_id>/sales/<table>.<fmt>")
@organizers
@managed_market
def market_export(market, table, fmt):
    market_tables, _rows = _market_tables(market)
    return tables.export_response(tables.pick(market_tables, table), fmt, f"sales-market-{market.id}")


# -- a province ------------------------------------------------------------------------------------


def _province_tables(province: Province, year: int):
    monthly = queries.monthly_rows(year, province.id)
    summary = queries.province_rows(year, province.id)[0]
    return summary, [
        tables.months_table(monthly),
        tables.markets_table(queries.market_rows(year, province.id)),
        tables.categories_table(queries.year_categories(year, province.id)),
    ]


@bp.route("/manage/provinces/<slug>/sales")
@organizers
@managed_province
def province(province):
    year = _year()
    summary, province_tables = _province_tables(province, year)
    months = tables.pick(province_tables, "months")
    chart = bar_chart([Point(row[0], row[1]) for row in months.rows], title=months.title,
                      rtl=is_arabic()) if months.rows else None
    return render_template("reports/province.html", province=province, year=year, years=_years(year),
                           summary=summary, tables=province_tables, chart=chart)


@bp.route("/manage/provinces/<slug>/sales/<table>.<fmt>")
@organizers
@managed_province
def province_export(province, table, fmt):
    year = _year()
    _summary, province_tables = _province_tables(province, year)
    return tables.export_response(tables.pick(province_tables, table), fmt, f"sales-{province.slug}-{year}")


# -- the country -------------------------------------------------------------------------------------


def _national_tables(year: int):
    monthly = queries.monthly_rows(year)
    provinces = queries.province_rows(year)
    return monthly, provinces, [
        tables.provinces_table(provinces),
        tables.province_months_table(monthly, provinces),
        tables.months_table(monthly),
        tables.categories_table(queries.year_categories(year)),
    ]


@bp.route("/admin/sales")
@admins
def national():
    year = _year()
    _monthly, provinces, national_tables = _national_tables(year)
    months = tables.pick(national_tables, "months")
    totals = {key: sum(getattr(row, key) for row in provinces)
              for key in ("assigned", "families", "checked_in", "first_timers", "reports", "reported_attended")}
    totals["total"] = sum(int(row.total) for row in provinces)
    month_chart = line_chart([Point(row[0], row[1]) for row in months.rows], title=months.title,
                             rtl=is_arabic()) if months.rows else None
    province_chart = bar_chart([Point(row.Province.name, int(row.total)) for row in provinces if row.total],
                               title=_("Total sales per province"), rtl=is_arabic()) if totals["total"] else None
    return render_template("reports/national.html", year=year, years=_years(year), totals=totals,
                           tables=national_tables, month_chart=month_chart, province_chart=province_chart)


@bp.route("/admin/sales/<table>.<fmt>")
@admins
def national_export(table, fmt):
    year = _year()
    _monthly, _provinces, national_tables = _national_tables(year)
    return tables.export_response(tables.pick(national_tables, table), fmt, f"sales-national-{year}")


# -- the national register -------------------------------------------------------------------------------


def _register_filter():
    province = db.session.scalar(db.select(Province).where(Province.slug == request.args.get("province", "")))
    craft = db.session.scalar(db.select(CraftCategory).where(CraftCategory.slug == request.args.get("craft", "")))
    return province, craft, query_args.text(request.args, "q")


def _register_table(province, craft, typed):
    province_id, craft_id = (province.id if province else None), (craft.id if craft else None)
    rows = queries.register_rows(province_id, craft_id, typed)
    crafts = queries.crafts_of_families(province_id, craft_id, typed)
    return tables.register_table(rows, crafts)


@bp.route("/admin/sales/register")
@admins
def register():
    province, craft, typed = _register_filter()
    table = _register_table(province, craft, typed)
    return render_template(
        "reports/register.html", table=table, preview=table.rows[:REGISTER_PREVIEW], province=province, craft=craft,
        search=typed,
        provinces=db.session.scalars(db.select(Province).order_by(Province.position)).all(),
        crafts=db.session.scalars(db.select(CraftCategory).order_by(CraftCategory.position)).all(),
        filter_args={key: value for key, value in (("province", province.slug if province else None),
                                                   ("craft", craft.slug if craft else None), ("q", typed)) if value},
    )


@bp.route("/admin/sales/register.<any(csv, xlsx):fmt>", methods=["POST"])
@admins
def register_export(fmt):
    """Every family of the country can be many thousand rows: a job builds the file."""
    province, craft, typed = _register_filter()
    filters = {"province_id": province.id if province else None, "craft_id": craft.id if craft else None,
               "typed": typed}
    job = start_job("reports.register", f"register:{filters['province_id']}:{filters['craft_id']}:{typed}:{fmt}"[:200],
                    by=current_user, province_id=None, params=job_params(fmt=fmt, **filters))
    return redirect(url_for("jobs.show", job_id=job.id), code=303)
