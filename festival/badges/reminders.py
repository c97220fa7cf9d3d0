"""The evening before a market day: each family with a stall hears its stall, the opening time
and where its badge is.

Run every ten minutes by the schedule (festival/schedules.py). A date is due from
REMINDER_HOUR (Damascus) on the day before until it opens; it is marked when its
reminders go out, so a consumer that was down all evening sends them once when it is
back, and not at all after the market has opened.
"""
from datetime import datetime, time, timedelta

from flask import current_app
from sqlalchemy.orm import joinedload

from festival.core.timezones import local_to_utc
from festival.extensions import db
from festival.markets.models import Market, MarketStatus, Occurrence, OccurrenceStatus
from festival.notifications.service import notify
from festival.stalls.models import StallAssignment
from festival.vendors.models import Family

LOOK_AHEAD = timedelta(hours=36)  # the day before at any reminder hour, whatever the opening time


def reminder_due_at(occurrence: Occurrence) -> datetime:
    hour = int(current_app.config.get("REMINDER_HOUR", 18))
    return local_to_utc(occurrence.day - timedelta(days=1), time(hour))


def remind_placed_families(now: datetime) -> int:
    occurrences = db.session.scalars(
        db.select(Occurrence).join(Market).where(
            Occurrence.reminders_sent_at.is_(None), Occurrence.status == OccurrenceStatus.SCHEDULED,
            Market.status == MarketStatus.PUBLISHED,
            Occurrence.starts_at > now, Occurrence.starts_at <= now + LOOK_AHEAD,
        ).options(joinedload(Occurrence.market))
    ).all()
    reminded = 0
    for occurrence in occurrences:
        if now < reminder_due_at(occurrence):
            continue
        occurrence.reminders_sent_at = now
        reminded += _remind(occurrence)
    db.session.flush()
    return reminded


def _remind(occurrence: Occurrence) -> int:
    market = occurrence.market
    assignments = db.session.scalars(
        db.select(StallAssignment).where(StallAssignment.occurrence_id == occurrence.id)
        .options(joinedload(StallAssignment.family).joinedload(Family.user), joinedload(StallAssignment.stall))
    ).unique().all()
    for assignment in assignments:
        notify(assignment.family.user, "market.tomorrow",
               key=f"market.tomorrow:{occurrence.id}:family{assignment.family_id}",
               link=f"/family/badges/{assignment.application_id}", market_id=market.id,
               application_id=assignment.application_id,
               market_title_ar=market.title_ar, market_title_en=market.title_en or market.title_ar,
               day=occurrence.day.isoformat(), stall_code=assignment.stall.code,
               opens_at=market.opens_at.isoformat(timespec="minutes"))
    return len(assignments)
