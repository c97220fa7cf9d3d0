"""The numbers behind the sales dashboards, summed by the database.

Every function runs a fixed number of aggregate queries (GROUP BY, window functions),
however many reports there are; Python only reshapes the few aggregated rows.
"Sales" always means the reports of families that attended; a "did not attend"
report counts as reported, with no sales.
"""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, distinct, func, literal, or_, select

from festival.auth.models import User
from festival.checkin.models import CheckIn
from festival.core import search
from festival.crafts.models import CraftCategory
from festival.extensions import db
from festival.markets.models import Market, Occurrence, OccurrenceStatus
from festival.provinces.models import Area, Province
from festival.reports.models import SalesReport, SalesReportLine
from festival.reports.operations import family_may_edit
from festival.stalls.models import StallAssignment
from festival.vendors.models import Family, family_crafts
from festival.venues.models import Stall

sold = case((SalesReport.attended, SalesReport.total_sales), else_=0)


def month_of(day_column):
    """'2026-03' for a date column, on SQLite and PostgreSQL alike."""
    if db.engine.dialect.name == "postgresql":
        return func.to_char(day_column, "YYYY-MM")
    return func.strftime("%Y-%m", day_column)


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _ratio(part: int, whole: int) -> int | None:
    """A percentage rounded to whole numbers, None when there is nothing to divide by."""
    return round(100 * part / whole) if whole else None


# -- one occurrence -----------------------------------------------------------------------


@dataclass
class EventSummary:
    assigned: int
    checked_in: int
    reported: int
    reported_attended: int
    did_not_attend: int
    entered_by_organizers: int
    total: int
    median: int | None
    rating_average: float | None
    ratings: int

    @property
    def average(self) -> int | None:
        return round(self.total / self.reported_attended) if self.reported_attended else None

    @property
    def completion(self) -> int | None:
        return _ratio(self.reported, self.assigned)

    @property
    def attendance(self) -> int | None:
        return _ratio(self.checked_in, self.assigned)


def _count(model, *conditions):
    return select(func.count()).select_from(model).where(*conditions).scalar_subquery()


def median_sales(*conditions) -> int | None:
    """The median total of attended reports matching `conditions`, by a window query."""
    ranked = (
        select(SalesReport.total_sales.label("total"),
               func.row_number().over(order_by=SalesReport.total_sales).label("position"),
               func.count().over().label("size"))
        .where(SalesReport.attended, *conditions).subquery()
    )
    middle = select(func.avg(ranked.c.total)).where(
        ranked.c.position.in_([(ranked.c.size + 1) // 2, (ranked.c.size + 2) // 2]))
    value = db.session.scalar(middle)
    return round(value) if value is not None else None


def event_summary(occurrence: Occurrence) -> EventSummary:
    here = SalesReport.occurrence_id == occurrence.id
    reports = (
        select(func.count().label("reported"),
               func.count(case((SalesReport.attended, 1))).label("attended"),
               func.count(SalesReport.entered_by_id).label("by_organizers"),
               func.coalesce(func.sum(sold), 0).label("total"),
               func.avg(SalesReport.rating).label("rating_average"),
               func.count(SalesReport.rating).label("ratings"))
        .where(here).subquery()
    )
    counts = db.session.execute(select(
        _count(StallAssignment, StallAssignment.occurrence_id == occurrence.id).label("assigned"),
        _count(CheckIn, CheckIn.occurrence_id == occurrence.id).label("checked_in"),
        reports,
    )).one()
    return EventSummary(
        assigned=counts.assigned, checked_in=counts.checked_in, reported=counts.reported,
        reported_attended=counts.attended, did_not_attend=counts.reported - counts.attended,
        entered_by_organizers=counts.by_organizers, total=int(counts.total),
        median=median_sales(here),
        rating_average=float(counts.rating_average) if counts.rating_average is not None else None,
        ratings=counts.ratings,
    )


def categories(*conditions, joins=()) -> list:
    """Rows (craft, amount, items, families) over the report lines matching `conditions`."""
    query = (
        select(CraftCategory, func.sum(SalesReportLine.amount).label("amount"),
               func.sum(SalesReportLine.items).label("items"),
               func.count(distinct(SalesReport.family_id)).label("families"))
        .join(SalesReportLine, SalesReportLine.craft_id == CraftCategory.id)
        .join(SalesReport, SalesReport.id == SalesReportLine.report_id)
    )
    for target, on in joins:
        query = query.join(target, on)
    query = query.where(*conditions).group_by(CraftCategory.id).order_by(func.sum(SalesReportLine.amount).desc())
    return db.session.execute(query).all()


def event_categories(occurrence: Occurrence) -> list:
    return categories(SalesReport.occurrence_id == occurrence.id)


def event_families(occurrence: Occurrence) -> list:
    """Every family with a stall, with its check-in and report (None when missing): one query."""
    return db.session.execute(
        select(StallAssignment.family_id, Family.name.label("family_name"), Stall.code.label("stall_code"),
               CheckIn.id.isnot(None).label("checked_in"), SalesReport)
        .join(Family, Family.id == StallAssignment.family_id)
        .join(Stall, Stall.id == StallAssignment.stall_id)
        .outerjoin(CheckIn, and_(CheckIn.occurrence_id == StallAssignment.occurrence_id,
                                 CheckIn.family_id == StallAssignment.family_id))
        .outerjoin(SalesReport, and_(SalesReport.occurrence_id == StallAssignment.occurrence_id,
                                     SalesReport.family_id == StallAssignment.family_id))
        .where(StallAssignment.occurrence_id == occurrence.id)
        .order_by(Stall.code)
    ).all()


def published_total(occurrence: Occurrence) -> tuple[int, int] | None:
    """(total, families that reported sales) for the public page; None when nothing to show.
    Families as every statistic counts them (Family.is_counted): a merged record's report
    left on the same date is the same family, and must not lift four families to five."""
    row = db.session.execute(
        select(func.coalesce(func.sum(sold), 0),
               func.count(distinct(case((SalesReport.attended, SalesReport.family_id)))))
        .join(Family, Family.id == SalesReport.family_id)
        .where(SalesReport.occurrence_id == occurrence.id, Family.is_counted)
    ).one()
    return (int(row[0]), row[1]) if row[1] else None


# -- a market series ------------------------------------------------------------------------


def _first_days(family_filter=None):
    """Subquery: each family's first day with a stall, anywhere."""
    query = (select(StallAssignment.family_id.label("family_id"), func.min(Occurrence.day).label("first_day"))
             .join(Occurrence, Occurrence.id == StallAssignment.occurrence_id))
    if family_filter is not None:
        query = query.where(StallAssignment.family_id.in_(family_filter))
    return query.group_by(StallAssignment.family_id).subquery()


def _per_occurrence(occurrence_ids):
    """Per occurrence among `occurrence_ids` (a select): assigned, checked in, reports, sales."""
    assignments = (select(StallAssignment.occurrence_id.label("id"), func.count().label("n"))
                   .where(StallAssignment.occurrence_id.in_(occurrence_ids))
                   .group_by(StallAssignment.occurrence_id).subquery())
    arrivals = (select(CheckIn.occurrence_id.label("id"), func.count().label("n"))
                .where(CheckIn.occurrence_id.in_(occurrence_ids))
                .group_by(CheckIn.occurrence_id).subquery())
    reports = (select(SalesReport.occurrence_id.label("id"), func.count().label("n"),
                      func.count(case((SalesReport.attended, 1))).label("attended"),
                      func.sum(sold).label("total"))
               .where(SalesReport.occurrence_id.in_(occurrence_ids))
               .group_by(SalesReport.occurrence_id).subquery())
    return assignments, arrivals, reports


def series_rows(market: Market) -> list:
    """One row per held (not cancelled) occurrence of the market, oldest first."""
    assignments, arrivals, reports = _per_occurrence(select(Occurrence.id).where(Occurrence.market_id == market.id))
    market_families = select(StallAssignment.family_id).join(Occurrence).where(Occurrence.market_id == market.id)
    first = _first_days(market_families)
    first_timers = (
        select(StallAssignment.occurrence_id.label("id"), func.count().label("n"))
        .join(Occurrence, Occurrence.id == StallAssignment.occurrence_id)
        .join(first, and_(first.c.family_id == StallAssignment.family_id, first.c.first_day == Occurrence.day))
        .where(Occurrence.market_id == market.id).group_by(StallAssignment.occurrence_id).subquery()
    )
    return db.session.execute(
        select(Occurrence.id, Occurrence.day,
               func.coalesce(assignments.c.n, 0).label("assigned"),
               func.coalesce(arrivals.c.n, 0).label("checked_in"),
               func.coalesce(reports.c.n, 0).label("reported"),
               func.coalesce(reports.c.attended, 0).label("reported_attended"),
               func.coalesce(reports.c.total, 0).label("total"),
               func.coalesce(first_timers.c.n, 0).label("first_timers"))
        .outerjoin(assignments, assignments.c.id == Occurrence.id)
        .outerjoin(arrivals, arrivals.c.id == Occurrence.id)
        .outerjoin(reports, reports.c.id == Occurrence.id)
        .outerjoin(first_timers, first_timers.c.id == Occurrence.id)
        .where(Occurrence.market_id == market.id, Occurrence.status == OccurrenceStatus.SCHEDULED)
        .order_by(Occurrence.day)
    ).all()


def market_families_count(market: Market) -> int:
    return db.session.scalar(
        select(func.count(distinct(StallAssignment.family_id))).join(Occurrence)
        .where(Occurrence.market_id == market.id)) or 0


def market_categories(market: Market) -> list:
    return categories(Occurrence.market_id == market.id,
                      joins=[(Occurrence, Occurrence.id == SalesReport.occurrence_id)])


# -- a province, or the whole country, over one year --------------------------------------------


def _in_year(year: int):
    first, last = year_bounds(year)
    return Occurrence.day.between(first, last)


def monthly_rows(year: int, province_id: int | None = None) -> list:
    """(month 'YYYY-MM', province id, total, reports, families) grouped by month and province."""
    month = month_of(Occurrence.day)
    query = (
        select(month.label("month"), Market.province_id, func.sum(sold).label("total"),
               func.count().label("reports"), func.count(distinct(SalesReport.family_id)).label("families"))
        .select_from(SalesReport)
        .join(Occurrence, Occurrence.id == SalesReport.occurrence_id)
        .join(Market, Market.id == Occurrence.market_id)
        .where(_in_year(year))
        .group_by(month, Market.province_id).order_by(month)
    )
    if province_id is not None:
        query = query.where(Market.province_id == province_id)
    return db.session.execute(query).all()


def market_rows(year: int, province_id: int) -> list:
    """Per market of the province: dates held, families, reports, total, in the year."""
    assigned = (select(Occurrence.market_id.label("id"), func.count(distinct(Occurrence.id)).label("held"),
                       func.count(distinct(StallAssignment.family_id)).label("families"))
                .join(StallAssignment, StallAssignment.occurrence_id == Occurrence.id)
                .where(_in_year(year)).group_by(Occurrence.market_id).subquery())
    reported = (select(Occurrence.market_id.label("id"), func.count().label("reports"), func.sum(sold).label("total"))
                .select_from(SalesReport).join(Occurrence, Occurrence.id == SalesReport.occurrence_id)
                .where(_in_year(year)).group_by(Occurrence.market_id).subquery())
    return db.session.execute(
        select(Market, func.coalesce(assigned.c.held, 0).label("held"),
               func.coalesce(assigned.c.families, 0).label("families"),
               func.coalesce(reported.c.reports, 0).label("reports"), func.coalesce(reported.c.total, 0).label("total"))
        .join(assigned, assigned.c.id == Market.id)
        .outerjoin(reported, reported.c.id == Market.id)
        .where(Market.province_id == province_id)
        .order_by(func.coalesce(reported.c.total, 0).desc())
    ).all()


def year_categories(year: int, province_id: int | None = None) -> list:
    conditions = [_in_year(year)]
    joins = [(Occurrence, Occurrence.id == SalesReport.occurrence_id)]
    if province_id is not None:
        joins.append((Market, Market.id == Occurrence.market_id))
        conditions.append(Market.province_id == province_id)
    return categories(*conditions, joins=joins)


def province_rows(year: int, province_id: int | None = None) -> list:
    """Per province: assigned, checked in, families taking part, first-timers, reports, total."""
    by_province = Market.province_id
    participation = (
        select(by_province.label("id"), func.count().label("assigned"),
               func.count(distinct(StallAssignment.family_id)).label("families"))
        .select_from(StallAssignment).join(Occurrence, Occurrence.id == StallAssignment.occurrence_id)
        .join(Market, Market.id == Occurrence.market_id).where(_in_year(year)).group_by(by_province).subquery()
    )
    arrivals = (
        select(by_province.label("id"), func.count().label("checked_in"))
        .select_from(CheckIn).join(Occurrence, Occurrence.id == CheckIn.occurrence_id)
        .join(Market, Market.id == Occurrence.market_id).where(_in_year(year)).group_by(by_province).subquery()
    )
    first = _first_days()
    newcomers = (
        select(by_province.label("id"), func.count(distinct(StallAssignment.family_id)).label("first_timers"))
        .select_from(StallAssignment).join(Occurrence, Occurrence.id == StallAssignment.occurrence_id)
        .join(Market, Market.id == Occurrence.market_id)
        .join(first, and_(first.c.family_id == StallAssignment.family_id, first.c.first_day == Occurrence.day))
        .where(_in_year(year)).group_by(by_province).subquery()
    )
    reports = (
        select(by_province.label("id"), func.count().label("reports"),
               func.count(case((SalesReport.attended, 1))).label("reported_attended"),
               func.sum(sold).label("total"))
        .select_from(SalesReport).join(Occurrence, Occurrence.id == SalesReport.occurrence_id)
        .join(Market, Market.id == Occurrence.market_id).where(_in_year(year)).group_by(by_province).subquery()
    )
    query = (
        select(Province,
               func.coalesce(participation.c.assigned, 0).label("assigned"),
               func.coalesce(participation.c.families, 0).label("families"),
               func.coalesce(arrivals.c.checked_in, 0).label("checked_in"),
               func.coalesce(newcomers.c.first_timers, 0).label("first_timers"),
               func.coalesce(reports.c.reports, 0).label("reports"),
               func.coalesce(reports.c.reported_attended, 0).label("reported_attended"),
               func.coalesce(reports.c.total, 0).label("total"))
        .outerjoin(participation, participation.c.id == Province.id)
        .outerjoin(arrivals, arrivals.c.id == Province.id)
        .outerjoin(newcomers, newcomers.c.id == Province.id)
        .outerjoin(reports, reports.c.id == Province.id)
        .order_by(Province.position)
    )
    if province_id is not None:
        query = query.where(Province.id == province_id)
    return db.session.execute(query).all()


def years_with_data() -> list[int]:
    """The years from the first occurrence with a stall to the last (for the year filter)."""
    first, last = db.session.execute(
        select(func.min(Occurrence.day), func.max(Occurrence.day)).join(
            StallAssignment, StallAssignment.occurrence_id == Occurrence.id)).one()
    if first is None:
        return []
    return list(range(last.year, first.year - 1, -1))


# -- the national register of productive families --------------------------------------------------


def register_rows(province_id: int | None = None, craft_id: int | None = None, typed: str = "") -> list:
    """Every registered family with its participation, attendance and sales, in one query."""
    participation = (
        select(StallAssignment.family_id.label("id"), func.count().label("dates"),
               func.count(distinct(Occurrence.market_id)).label("markets"))
        .join(Occurrence, Occurrence.id == StallAssignment.occurrence_id)
        .group_by(StallAssignment.family_id).subquery()
    )
    arrivals = select(CheckIn.family_id.label("id"), func.count().label("n")).group_by(CheckIn.family_id).subquery()
    reports = (select(SalesReport.family_id.label("id"), func.count().label("reports"), func.sum(sold).label("total"))
               .group_by(SalesReport.family_id).subquery())
    query = (
        select(Family.id, Family.name, Family.head_name, Family.created_at,
               Province.name_ar.label("province_ar"), Province.name_en.label("province_en"),
               Area.name_ar.label("area_ar"), Area.name_en.label("area_en"),
               func.coalesce(participation.c.markets, 0).label("markets"),
               func.coalesce(participation.c.dates, 0).label("dates"),
               func.coalesce(arrivals.c.n, 0).label("attended"),
               func.coalesce(reports.c.reports, 0).label("reports"),
               func.coalesce(reports.c.total, 0).label("total"))
        .join(Province, Province.id == Family.province_id)
        .outerjoin(Area, Area.id == Family.area_id)
        .outerjoin(participation, participation.c.id == Family.id)
        .outerjoin(arrivals, arrivals.c.id == Family.id)
        .outerjoin(reports, reports.c.id == Family.id)
        .order_by(Province.position, Family.name, Family.id)
    )
    return db.session.execute(_register_filter(query, province_id, craft_id, typed)).all()


def _register_filter(query, province_id: int | None, craft_id: int | None, typed: str = ""):
    query = query.where(Family.is_live)  # a merged record is history, not a family of the register
    found = search.matches(typed, [Family.name, Family.head_name], User.phone)
    if found is not None:
        query = query.join(User, User.id == Family.user_id).where(found)
    if province_id is not None:
        query = query.where(Family.province_id == province_id)
    if craft_id is not None:
        query = query.where(select(literal(1)).where(family_crafts.c.family_id == Family.id,
                                                     family_crafts.c.craft_id == craft_id).exists())
    return query


def crafts_of_families(province_id: int | None = None, craft_id: int | None = None, typed: str = "") -> dict[int, list]:
    """family id -> its crafts, for the families of the register filter, in one query."""
    families = _register_filter(select(Family.id), province_id, craft_id, typed)
    query = (select(family_crafts.c.family_id, CraftCategory)
             .join(CraftCategory, CraftCategory.id == family_crafts.c.craft_id)
             .where(family_crafts.c.family_id.in_(families))
             .order_by(CraftCategory.position))
    crafts: dict[int, list[CraftCategory]] = {}
    for family_id, craft in db.session.execute(query):
        crafts.setdefault(family_id, []).append(craft)
    return crafts


# -- one family -------------------------------------------------------------------------------------


def family_history(family: Family, now) -> list:
    """Every date the family had a stall that has ended by `now` (a date that can be
    reported on), oldest first, with check-in and report: one query. Dates to come are
    applications, not sales."""
    return db.session.execute(
        select(Occurrence, Market, Stall.code.label("stall_code"),
               CheckIn.id.isnot(None).label("checked_in"), SalesReport)
        .select_from(StallAssignment)
        .join(Occurrence, Occurrence.id == StallAssignment.occurrence_id)
        .join(Market, Market.id == Occurrence.market_id)
        .join(Stall, Stall.id == StallAssignment.stall_id)
        .outerjoin(CheckIn, and_(CheckIn.occurrence_id == StallAssignment.occurrence_id,
                                 CheckIn.family_id == StallAssignment.family_id))
        .outerjoin(SalesReport, and_(SalesReport.occurrence_id == StallAssignment.occurrence_id,
                                     SalesReport.family_id == StallAssignment.family_id))
        .where(StallAssignment.family_id == family.id, Occurrence.ends_at <= now,
               or_(Occurrence.status == OccurrenceStatus.SCHEDULED, SalesReport.id.isnot(None)))
        .order_by(Occurrence.day)
    ).all()


def pending_reports(family: Family, now) -> list:
    """The dates where the family had a stall, that ended, and still wait for its report."""
    return [row for row in family_history(family, now)
            if row.SalesReport is None and family_may_edit(row.Occurrence, now)]
