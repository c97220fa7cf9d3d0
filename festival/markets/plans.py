"""From the organizer's form to a MarketPlan for the scheduling rules."""
from festival.extensions import db
from festival.markets.forms import MarketForm
from festival.markets.operations import MarketPlan
from festival.markets.queries import crafts_by_ids
from festival.training.models import Course
from festival.venues.models import Venue


def plan_from_form(form: MarketForm) -> MarketPlan:
    """What was typed. A field with an error of its own is None, so its rules wait
    (operations.plan_days) and no message says the same thing twice."""

    def value(field, *data):
        return None if field.errors else (data[0] if data else field.data)

    venue_id = value(form.venue)
    return MarketPlan(
        kind=value(form.kind),
        title_ar=form.title_ar.data,
        title_en=form.title_en.data or None,
        description_ar=form.description_ar.data or "",
        description_en=form.description_en.data or None,
        venue=db.session.get(Venue, venue_id) if venue_id is not None else None,
        first_day=value(form.first_day),
        last_day=value(form.last_day),
        occurrence_count=value(form.occurrence_count),
        opens_at=value(form.opens_at),
        closes_at=value(form.closes_at),
        cancelled_days=value(form.cancelled_days) or [],
        applications_open_at=value(form.applications_open_at, form.applications_open_at.utc),
        applications_close_at=value(form.applications_close_at, form.applications_close_at.utc),
        stall_fee=value(form.stall_fee),
        contact=form.contact.data or "",
        crafts=crafts_by_ids(form.crafts.data or []),
        required_course=db.session.get(Course, form.required_course.data) if form.required_course.data else None,
    )
