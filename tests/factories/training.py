"""Training: a course of the art of selling with one group and its sessions."""
from datetime import datetime, timedelta

from festival.extensions import db
from festival.training import operations
from festival.training.models import Cohort
from tests.factories.people import province


def art_of_selling_plan(sessions=2, to_complete=2, hours=2) -> operations.CoursePlan:
    return operations.CoursePlan(title_ar="فن البيع", title_en="The art of selling", description_ar="دورة عملية",
                                 description_en=None, topics="التسعير\nالعرض", planned_sessions=sessions,
                                 sessions_to_complete=to_complete, hours_per_session=hours)


def make_cohort(organizer, starts: list[datetime], *, capacity=20, to_complete=None, province_slug="damascus",
                planned=None) -> Cohort:
    """A course in `province_slug` with one group whose sessions start at `starts` (2 hours each)."""
    organizer = db.session.merge(organizer)
    course = operations.create_course(
        province(province_slug),
        art_of_selling_plan(planned or max(len(starts), 1), to_complete or max(len(starts), 1)), by=organizer)
    cohort = operations.add_cohort(course, name="مجموعة كانون الأول", capacity=capacity, by=organizer)
    for start in starts:
        operations.add_session(cohort, starts_at=start, ends_at=start + timedelta(hours=2), venue=None, room="القاعة 1",
                               trainer=organizer, by=organizer)
    db.session.commit()
    db.session.refresh(cohort)
    return cohort
