"""From the organizer's form to a MarketPlan for the scheduling rules."""
from festival.extensions import db
from festival.markets.forms import MarketForm
from festival.markets.operations import MarketPlan
from festival.markets.queries import crafts_by_ids
from festival.venues.models import Venue


def plan_from_form(form: MarketForm) -> MarketPlan:
    """What was typed; a field that did not parse is None and its rules wait (operations.plan_days)."""
    venue = db.session.get(Venue, form.venue.data) if form.venue.data is not None else None
    return MarketPlan(
        kind=form.kind.data,
        title_ar=form.title_ar.data,
        title_en=form.title_en.data or None,
        description_ar=form.description_ar.data or "",
        description_en=form.description_en.data or None,
        venue=venue,
        first_day=form.first_day.data,
        last_day=form.last_day.data,
        occurrence_count=form.occurrence_count.data,
        opens_at=form.opens_at.data,
        closes_at=form.closes_at.data,
        cancelled_days=form.cancelled_days.data or [],
        applications_open_at=form.applications_open_at.utc,
        applications_close_at=form.applications_close_at.utc,
        stall_fee=form.stall_fee.data,
        contact=form.contact.data or "",
        crafts=crafts_by_ids(form.crafts.data or []),
    )
