"""A partner's dashboard: its scope's indicators, disaggregated as partners report them.

Scope: national, or the partner's provinces (families by their province; markets, stalls
and sales by the market's province; training by the course's province). Families are the
records that count in statistics (`Family.is_counted`: an erased family counts, with its
statistics answers "not said"; a merged record does not, its data moved).

Every count of families under SUPPRESSION_THRESHOLD is shown as "<5" (`shown`), and a
sum of sales is hidden with it; in a breakdown whose groups add up to the total shown, the
smallest shown groups are hidden too until the hidden ones hold 5 families or more
(festival/reports/open_data.hidden_with_complement), so that no subtraction from the total
counts fewer than 5 families. Counts of markets, market days, stalls, courses and groups are not
families and are shown as they are.

A fixed number of queries whatever the data (tests/partners/test_dashboard.py counts them):
families by (province, head's sex, age band, displacement, disability) in one grouped
query, every breakdown summed from it; markets and stalls; sales by province and month;
training. Families by province and by craft are festival/partners/queries.py's.
"""
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import and_, case, distinct, func, literal, select, true

from festival.core.timezones import today_in_damascus
from festival.extensions import db
from festival.markets.models import Market, Occurrence, OccurrenceStatus
from festival.partners.models import Partner
from festival.partners.queries import shown
from festival.provinces.models import Province
from festival.reports.charts import month_label
from festival.reports.models import SalesReport
from festival.reports.open_data import SUPPRESSED_TEXT, hidden_with_complement
from festival.reports.queries import month_of
from festival.stalls.models import StallAssignment
from festival.training.models import Certificate, Cohort, Course, Enrolment, EnrolmentStatus
from festival.vendors.models import Family, HeadSex
from festival.vendors.statistics import (
    UNKNOWN,
    age_band,
    age_band_labels,
    disability_labels,
    displacement_labels,
    head_sex_labels,
)


@dataclass(frozen=True)
class Row:
    label: str
    families: int | str  # a number, or "<5"
    sales: int | None = None  # None where hidden or not asked


@dataclass(frozen=True)
class Dashboard:
    total: int | str
    women_led: int | str
    by_sex: list[Row]
    by_age: list[Row]
    by_displacement: list[Row]
    by_disability: list[Row]
    markets: int
    market_days: int
    stalls_taken: int
    sales: list[tuple[str, str, int | str, int | None]]  # (province, month's name, families, sales)
    courses: int
    cohorts: int
    participants: int | str
    completed: int | str


def _provinces_of(partner: Partner, column):
    if partner.national:
        return true()
    return column.in_([province.id for province in partner.provinces])


def _rows(counter: Counter, labels: dict) -> list[Row]:
    """One breakdown's rows. Its groups add up to the total shown above, so hidden groups
    must hold 5 families together (complementary suppression, as the open data does)."""
    present = [(code, label, counter[code]) for code, label in labels.items() if counter.get(code)]
    hidden = hidden_with_complement({code: count for code, _label, count in present})
    return [Row(str(label), SUPPRESSED_TEXT if code in hidden else count) for code, label, count in present]


def _families(partner: Partner, year: int) -> dict:
    # Labelled, and grouped by their labels: PostgreSQL then sees the same expressions.
    sex = func.coalesce(Family.head_sex, UNKNOWN).label("sex")
    band = age_band(Family.head_birth_year, year).label("band")
    displacement = func.coalesce(Family.displacement, UNKNOWN).label("displacement")
    disability = case((Family.disability_in_family.is_(True), literal("yes")),
                      (Family.disability_in_family.is_(False), literal("no")),
                      else_=literal(UNKNOWN)).label("disability")
    rows = db.session.execute(
        select(Family.province_id, sex, band, displacement, disability, func.count(Family.id))
        .where(Family.is_counted, _provinces_of(partner, Family.province_id))
        .group_by(Family.province_id, sex, band, displacement, disability)).all()
    counters = {name: Counter() for name in ("province", "sex", "age", "displacement", "disability")}
    for province_id, sex, age, displacement, disabled, count in rows:
        for name, key in zip(counters, (province_id, sex, age, displacement, disabled), strict=True):
            counters[name][key] += count
    return counters


def _markets(partner: Partner, now) -> tuple[int, int, int]:
    held = and_(Occurrence.ends_at <= now, Occurrence.status != OccurrenceStatus.CANCELLED,
                _provinces_of(partner, Market.province_id))
    markets, days, stalls = db.session.execute(
        select(func.count(distinct(Market.id)), func.count(distinct(Occurrence.id)),
               func.count(distinct(StallAssignment.id)))
        .select_from(Occurrence).join(Market, Market.id == Occurrence.market_id)
        .outerjoin(StallAssignment, StallAssignment.occurrence_id == Occurrence.id).where(held)).one()
    return markets or 0, days or 0, stalls or 0


def _sales(partner: Partner) -> list[tuple[str, str, int | str, int | None]]:
    month = month_of(Occurrence.day).label("month")
    rows = db.session.execute(
        select(Province, month, func.count(distinct(SalesReport.family_id)), func.sum(SalesReport.total_sales))
        .select_from(SalesReport).join(Occurrence, Occurrence.id == SalesReport.occurrence_id)
        .join(Market, Market.id == Occurrence.market_id).join(Province, Province.id == Market.province_id)
        .join(Family, Family.id == SalesReport.family_id)
        .where(SalesReport.attended.is_(True), Family.is_counted, _provinces_of(partner, Market.province_id))
        .group_by(Province.id, month).order_by(Province.position, month))
    rows = list(rows)
    hidden = set()
    for province_id in {province.id for province, _month, _families, _total in rows}:
        # A province's total is on the page: its hidden months together hold 5 families or more.
        hidden |= {(province_id, month) for month in hidden_with_complement(
            {month: families for province, month, families, _total in rows if province.id == province_id})}
    return [(province.name, month_label(month), SUPPRESSED_TEXT if (province.id, month) in hidden else families,
             None if (province.id, month) in hidden else int(total or 0))
            for province, month, families, total in rows]


def _training(partner: Partner) -> tuple[int, int, int | str, int | str]:
    in_scope = _provinces_of(partner, Course.province_id)
    courses = select(func.count(Course.id)).where(in_scope).scalar_subquery()
    cohorts = select(func.count(Cohort.id)).join(Course, Course.id == Cohort.course_id).where(in_scope) \
        .scalar_subquery()
    participants = (select(func.count(distinct(Enrolment.family_id))).join(Cohort, Cohort.id == Enrolment.cohort_id)
                    .join(Course, Course.id == Cohort.course_id)
                    .where(in_scope, Enrolment.status == EnrolmentStatus.ENROLLED).scalar_subquery())
    completed = (select(func.count(distinct(Certificate.family_id))).join(Course, Course.id == Certificate.course_id)
                 .where(in_scope, Certificate.revoked_at.is_(None)).scalar_subquery())
    row = db.session.execute(select(courses, cohorts, participants, completed)).one()
    return row[0], row[1], shown(row[2]), shown(row[3])


def dashboard(partner: Partner, now) -> Dashboard:
    counters = _families(partner, today_in_damascus().year)
    markets, days, stalls = _markets(partner, now)
    courses, cohorts, participants, completed = _training(partner)
    by_sex = _rows(counters["sex"], head_sex_labels())
    women = head_sex_labels()[HeadSex.FEMALE.value]
    return Dashboard(
        total=shown(sum(counters["province"].values())),
        women_led=next((row.families for row in by_sex if row.label == str(women)), 0),  # hidden with its row
        by_sex=by_sex,
        by_age=_rows(counters["age"], age_band_labels()),
        by_displacement=_rows(counters["displacement"], displacement_labels()),
        by_disability=_rows(counters["disability"], disability_labels()),
        markets=markets, market_days=days, stalls_taken=stalls, sales=_sales(partner),
        courses=courses, cohorts=cohorts, participants=participants, completed=completed)


