"""The day before each session: every family enrolled in the group hears when and where,
through the outbox (SMS where configured), as the market-day reminders do
(festival/badges/reminders.py).

Run every ten minutes by the schedule (festival/schedules.py). A session is due from
REMINDER_HOUR (Damascus) the day before until it starts; it is marked when its reminders
go out, and each reminder's key names the session and the family, so a second run, or two
consumers, send nothing twice.
"""
from datetime import datetime, time, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from festival.core.timezones import local_to_utc, to_damascus
from festival.extensions import db
from festival.notifications.service import notify
from festival.training.models import Cohort, Enrolment, EnrolmentStatus, TrainingSession
from festival.vendors.models import Family

LOOK_AHEAD = timedelta(hours=36)


def reminder_due_at(session: TrainingSession) -> datetime:
    hour = int(current_app.config.get("REMINDER_HOUR", 18))
    return local_to_utc(to_damascus(session.starts_at).date() - timedelta(days=1), time(hour))


def remind_enrolled_families(now: datetime) -> int:
    sessions = db.session.scalars(
        select(TrainingSession).where(TrainingSession.reminded_at.is_(None), TrainingSession.starts_at > now,
                                      TrainingSession.starts_at <= now + LOOK_AHEAD)
        .options(joinedload(TrainingSession.venue),
                 joinedload(TrainingSession.cohort).joinedload(Cohort.course),
                 joinedload(TrainingSession.cohort).selectinload(Cohort.enrolments)
                 .joinedload(Enrolment.family).joinedload(Family.user))).unique().all()
    reminded = 0
    for session in sessions:
        if now < reminder_due_at(session):
            continue
        session.reminded_at = now
        reminded += _remind(session, now)
    db.session.flush()
    return reminded


def _remind(session: TrainingSession, now: datetime) -> int:
    course, starts = session.cohort.course, to_damascus(session.starts_at)
    place = "، ".join(part for part in (session.venue.name_ar if session.venue else "", session.room) if part)
    enrolled = [e for e in session.cohort.enrolments if e.status == EnrolmentStatus.ENROLLED]
    for enrolment in enrolled:
        notify(enrolment.family.user, "training.reminder",
               key=f"training.reminder:{session.id}:family{enrolment.family_id}",
               link=f"/family/training#enrolment-{enrolment.id}",
               course_title_ar=course.title_ar, course_title_en=course.title_en, place=place,
               # a session added on its own day is "today", not "tomorrow"
               today=starts.date() == to_damascus(now).date(),
               day=starts.date().isoformat(), time=starts.time().isoformat("minutes"))
    return len(enrolled)


