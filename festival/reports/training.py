"""What the training achieves, as donors ask it: families enrolled and trained by province,
course and group, the completion rate, and for trained families their market attendance
and reported sales before and after the certificate.

Every figure is aggregated in SQL (a fixed number of queries, whatever the number of
families); the tables are `reports.tables.Table`s, shown on the page and exported as
CSV/XLSX alike. "Before" and "after" split each trained family's market dates at the day
its certificate was issued.

Women-led families are those whose profile says a woman heads them (the family may leave
it unsaid, so the figure is a floor); the "rural women's project" flag is shown beside it.
"""
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import Integer, case, distinct, func, select

from festival.checkin.models import CheckIn
from festival.core.timezones import to_damascus
from festival.extensions import db
from festival.markets.models import Occurrence
from festival.provinces.models import Province
from festival.reports.models import SalesReport
from festival.reports.tables import (
    COUNT,
    DATE,
    MONEY,
    PERCENT,
    Column,
    Table,
    average_of,
    bilingual_name,
    percent_of,
)
from festival.training.models import Certificate, Cohort, Course, Enrolment, EnrolmentStatus, TrainingSession
from festival.vendors.models import Family, HeadSex


@dataclass
class TrainingSummary:
    enrolled: int
    trained: int
    hours: int
    completion_rate: int | None = None  # of the groups whose last session is over (others are still going)


def _in_scope(query, province_ids):
    return query if province_ids is None else query.where(Course.province_id.in_(province_ids))


def _standing():
    return Certificate.revoked_at.is_(None)


def summary(province_ids) -> TrainingSummary:
    enrolled = db.session.scalar(_in_scope(
        select(func.count(distinct(Enrolment.family_id))).join(Cohort, Cohort.id == Enrolment.cohort_id)
        .join(Course, Course.id == Cohort.course_id).where(Enrolment.status == EnrolmentStatus.ENROLLED),
        province_ids))
    trained, hours = db.session.execute(_in_scope(
        select(func.count(distinct(Certificate.family_id)), func.coalesce(func.sum(Certificate.hours), 0))
        .join(Course, Course.id == Certificate.course_id).where(_standing()), province_ids)).one()
    return TrainingSummary(enrolled or 0, trained or 0, int(hours or 0))


def cohorts_table(province_ids, now) -> tuple[Table, int | None]:
    """The groups, and the completion rate of those that are over (trained / enrolled)."""
    enrolled = (select(Enrolment.cohort_id, func.count(Enrolment.id).label("count"))
                .where(Enrolment.status == EnrolmentStatus.ENROLLED).group_by(Enrolment.cohort_id).subquery())
    completed = (select(Enrolment.cohort_id, func.count(Certificate.id).label("count"),
                        func.sum(case((Family.head_sex == HeadSex.FEMALE, 1), else_=0)).label("women_led"),
                        func.sum(case((Family.rural_women_project, 1), else_=0)).label("women"))
                 .join(Certificate, Certificate.enrolment_id == Enrolment.id)
                 .join(Family, Family.id == Enrolment.family_id)
                 .where(_standing()).group_by(Enrolment.cohort_id).subquery())
    first = (select(TrainingSession.cohort_id, func.min(TrainingSession.starts_at).label("starts"),
                    func.max(TrainingSession.ends_at).label("ends"))
             .group_by(TrainingSession.cohort_id).subquery())
    rows = db.session.execute(_in_scope(
        select(Course.title_ar, Course.title_en, Province.name_ar, Province.name_en, Cohort.name, first.c.starts,
               first.c.ends,
               func.coalesce(enrolled.c.count, 0), func.coalesce(completed.c.count, 0),
               func.coalesce(completed.c.women_led, 0), func.coalesce(completed.c.women, 0))
        .join(Course, Course.id == Cohort.course_id).join(Province, Province.id == Course.province_id)
        .outerjoin(enrolled, enrolled.c.cohort_id == Cohort.id).outerjoin(completed, completed.c.cohort_id == Cohort.id)
        .outerjoin(first, first.c.cohort_id == Cohort.id)
        .order_by(first.c.starts.desc().nulls_last(), Cohort.id), province_ids)).all()
    table_rows, over_enrolled, over_trained = [], 0, 0
    for (title_ar, title_en, province_ar, province_en, name, starts, ends, enrolled_count, trained, women_led,
         women) in rows:
        over = ends is not None and ends < now
        if over:
            over_enrolled, over_trained = over_enrolled + int(enrolled_count), over_trained + int(trained)
        table_rows.append([
            bilingual_name(title_ar, title_en), bilingual_name(province_ar, province_en), name,
            to_damascus(starts).date() if starts else None, int(enrolled_count), int(trained),
            percent_of(int(trained), int(enrolled_count)) if over else None, int(women_led), int(women)])
    return Table("groups", _("Groups"), [
        Column(_("Course")), Column(_("Province")), Column(_("Group")), Column(_("First session"), DATE),
        Column(_("Families enrolled"), COUNT), Column(_("Families trained"), COUNT),
        Column(_("Completion rate (groups that are over)"), PERCENT),
        Column(_("Trained, headed by a woman"), COUNT), Column(_("Trained, in the rural women's project"), COUNT),
    ], table_rows), percent_of(over_trained, over_enrolled)


def outcomes_table(province_ids) -> Table:
    """Per course: trained families' market dates and sales per date, before and after their certificate."""
    before = Occurrence.starts_at < Certificate.issued_at
    visits = db.session.execute(_in_scope(
        select(Course.id, func.sum(case((before, 1), else_=0)), func.sum(case((before, 0), else_=1)))
        .join(Certificate, Certificate.course_id == Course.id)
        .join(CheckIn, CheckIn.family_id == Certificate.family_id)
        .join(Occurrence, Occurrence.id == CheckIn.occurrence_id)
        .where(_standing()).group_by(Course.id), province_ids)).all()
    attended = SalesReport.attended
    sales = db.session.execute(_in_scope(
        select(Course.id,
               func.sum(case((before & attended, SalesReport.total_sales), else_=0)),
               func.sum(case((before & attended, 1), else_=0)),
               func.sum(case((~before & attended, SalesReport.total_sales), else_=0)),
               func.sum(case((~before & attended, 1), else_=0)))
        .join(Certificate, Certificate.course_id == Course.id)
        .join(SalesReport, SalesReport.family_id == Certificate.family_id)
        .join(Occurrence, Occurrence.id == SalesReport.occurrence_id)
        .where(_standing()).group_by(Course.id), province_ids)).all()
    courses = db.session.execute(_in_scope(
        select(Course.id, Course.title_ar, Course.title_en, func.count(distinct(Certificate.family_id)).cast(Integer))
        .join(Certificate, Certificate.course_id == Course.id).where(_standing())
        .group_by(Course.id, Course.title_ar, Course.title_en).order_by(Course.title_ar), province_ids)).all()
    visits_of = {course_id: (int(b or 0), int(a or 0)) for course_id, b, a in visits}
    sales_of = {course_id: tuple(int(value or 0) for value in values) for course_id, *values in sales}
    rows = []
    for course_id, title_ar, title_en, families in courses:
        dates_before, dates_after = visits_of.get(course_id, (0, 0))
        sold_before, reports_before, sold_after, reports_after = sales_of.get(course_id, (0, 0, 0, 0))
        rows.append([bilingual_name(title_ar, title_en), families, dates_before, dates_after,
                     average_of(sold_before, reports_before), average_of(sold_after, reports_after)])
    return Table("outcomes", _("Trained families at the markets, before and after the course"), [
        Column(_("Course")), Column(_("Families trained"), COUNT),
        Column(_("Market dates attended before"), COUNT), Column(_("Market dates attended after"), COUNT),
        Column(_("Sales per date before"), MONEY), Column(_("Sales per date after"), MONEY),
    ], rows)


def training_tables(province_ids, now) -> tuple[TrainingSummary, list[Table]]:
    """`province_ids`: the provinces shown (None: the whole country)."""
    groups, completion_rate = cohorts_table(province_ids, now)
    totals = summary(province_ids)
    totals.completion_rate = completion_rate
    return totals, [groups, outcomes_table(province_ids)]
