"""The schedules, with the clock run across a simulated week.

Every five simulated minutes, the periodic tasks whose crontab is due at that minute
(Huey's own `read_periodic`) run through Huey, twice each (as if two consumers both ran
them): each reminder goes out once, at its time in Damascus, and a consumer that was
down catches up once when it is back.
"""
from datetime import UTC, datetime, time, timedelta

import pytest

from festival import schedules
from festival.core.queue import huey
from festival.core.timezones import local_to_utc, to_damascus
from festival.extensions import db
from festival.markets.models import Market, MarketStatus, Occurrence
from festival.notifications.models import Notification
from tests.factories import placed_families

FIVE_MINUTES = timedelta(minutes=5)


@pytest.fixture
def clock(app, monkeypatch):
    """The schedules' clock; `run(start, end)` ticks it and runs what is due at each tick."""
    app.config.update(MARKET_ARCHIVE_AFTER_DAYS=2, REMINDER_HOUR=18)
    previous_app = huey.flask_app
    huey.flask_app = app
    now = {"value": None}
    monkeypatch.setattr(schedules, "utcnow", lambda: now["value"])

    class Clock:
        ran: list[tuple[datetime, str]] = []

        def run(self, start: datetime, end: datetime, *, skip=None) -> None:
            moment = start
            while moment < end:
                if not (skip and skip[0] <= moment < skip[1]):
                    now["value"] = moment
                    for task in huey.read_periodic(moment.astimezone(UTC).replace(tzinfo=None)):
                        if task.name == "sweep_outbox":
                            continue
                        for _twice in range(2):
                            huey.execute(task)
                        self.ran.append((moment, task.name))
                moment += FIVE_MINUTES

    yield Clock()
    huey.flask_app = previous_app


def a_placed_friday(app):
    with app.app_context():
        market, _organizer, _badges = placed_families(count=2)
        occurrence = market.occurrences[0]
        market.report_deadline_days = 2
        db.session.commit()
        return market.id, occurrence.id, occurrence.day, occurrence.starts_at, occurrence.ends_at


def sent(app, kind: str) -> list[Notification]:
    with app.app_context():
        found = db.session.scalars(db.select(Notification).where(Notification.kind == kind)).all()
        db.session.expunge_all()
        return found


def occurrence_row(app, occurrence_id) -> Occurrence:
    with app.app_context():
        occurrence = db.session.get(Occurrence, occurrence_id)
        db.session.expunge(occurrence)
        return occurrence


def market_status(app, market_id) -> str:
    with app.app_context():
        return db.session.get(Market, market_id).status


def test_a_week_of_schedules_reminds_asks_and_archives_each_once_at_its_time(app, clock):
    market_id, occurrence_id, day, starts_at, ends_at = a_placed_friday(app)
    monday = local_to_utc(day - timedelta(days=4), time(0))

    clock.run(monday, monday + timedelta(days=8))

    tomorrow = sent(app, "market.tomorrow")
    assert len(tomorrow) == 2  # each placed family, once
    assert {n.params["stall_code"] for n in tomorrow} and all(n.params["opens_at"] for n in tomorrow)
    reminded_at = to_damascus(occurrence_row(app, occurrence_id).reminders_sent_at)
    assert (reminded_at.date(), reminded_at.hour, reminded_at.minute) == (day - timedelta(days=1), 18, 0)

    assert len(sent(app, "report.due")) == 2
    asked_at = occurrence_row(app, occurrence_id).reports_requested_at
    assert ends_at <= asked_at < ends_at + timedelta(minutes=10)

    assert len(sent(app, "report.deadline")) == 2
    deadline = local_to_utc(day + timedelta(days=3), time(0))  # the end of the 2nd day after
    deadline_reminded_at = occurrence_row(app, occurrence_id).report_deadline_reminded_at
    assert deadline - timedelta(days=1) <= deadline_reminded_at < deadline - timedelta(days=1) + timedelta(minutes=10)

    assert market_status(app, market_id) == MarketStatus.ARCHIVED
    archived_ticks = [moment for moment, name in clock.ran if name == "archive_held_markets"
                      and to_damascus(moment).date() == day + timedelta(days=3)]
    assert archived_ticks  # archived on the first hourly round once 2 days had passed


def test_a_consumer_down_all_evening_sends_the_reminders_once_when_it_is_back(app, clock):
    _market_id, occurrence_id, day, starts_at, _ends_at = a_placed_friday(app)
    evening_before = local_to_utc(day - timedelta(days=1), time(12))
    back_at = local_to_utc(day - timedelta(days=1), time(23))

    clock.run(evening_before, starts_at - timedelta(hours=1), skip=(evening_before, back_at))

    assert len(sent(app, "market.tomorrow")) == 2
    assert to_damascus(occurrence_row(app, occurrence_id).reminders_sent_at).hour == 23


def test_a_consumer_back_after_the_market_opened_sends_no_stale_reminder_but_asks_for_reports(app, clock):
    _market_id, occurrence_id, day, starts_at, ends_at = a_placed_friday(app)
    down_from = local_to_utc(day - timedelta(days=1), time(12))

    clock.run(down_from, ends_at + timedelta(hours=1), skip=(down_from, ends_at - timedelta(minutes=30)))

    assert sent(app, "market.tomorrow") == []
    assert len(sent(app, "report.due")) == 2
