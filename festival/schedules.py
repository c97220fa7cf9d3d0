"""Every periodic task, in one place: what runs when (times in Asia/Damascus).

Huey's scheduler (in each consumer) enqueues these on their crontab, in UTC. None of them
trusts the tick: each looks in the database for what is due and marks what it did, so
running one twice changes nothing, and a consumer that was down catches up once.

| task                       | runs              | does                                                        |
|----------------------------|-------------------|-------------------------------------------------------------|
| request_sales_reports      | every 10 minutes  | after a date ends, asks its placed families for the report   |
| remind_report_deadline     | every 10 minutes  | a day before the report deadline, reminds who has not        |
| remind_families_tomorrow   | every 10 minutes  | from REMINDER_HOUR the day before: stall, opening, badge     |
| remind_training_sessions   | every 10 minutes  | from REMINDER_HOUR the day before a session: when and where  |
| remind_expiring_documents  | hourly at :15     | 30 and 7 days before a family's document expires             |
| archive_held_markets       | hourly at :05     | archives markets held more than MARKET_ARCHIVE_AFTER_DAYS    |
| clean_up                   | hourly at :35     | deletes expired job files, old job rows and old phone codes  |
| sweep_outbox               | every minute      | (notifications/delivery.py) re-queues lost or due messages   |
| resume_jobs                | every minute      | re-queues jobs whose task was lost; fails them after an hour |
"""
from flask import current_app

from festival.badges.reminders import remind_placed_families
from festival.core.queue import crontab, periodic
from festival.core.types import utcnow
from festival.documents.reminders import remind_expiring_documents as remind_documents
from festival.jobs.operations import clean_up_jobs, resume_waiting_jobs
from festival.markets.operations import archive_held_markets as archive_markets
from festival.reports.operations import remind_before_deadline, request_reports
from festival.training.reminders import remind_enrolled_families
from festival.verification.operations import forget_old_codes


@periodic(crontab(minute="*/10"))
def request_sales_reports() -> None:
    request_reports(utcnow())


@periodic(crontab(minute="*/10"))
def remind_report_deadline() -> None:
    remind_before_deadline(utcnow())


@periodic(crontab(minute="*/10"))
def remind_families_tomorrow() -> None:
    remind_placed_families(utcnow())


@periodic(crontab(minute="*/10"))
def remind_training_sessions() -> None:
    remind_enrolled_families(utcnow())


@periodic(crontab(minute="15"))
def remind_expiring_documents() -> None:
    remind_documents(utcnow())


@periodic(crontab(minute="5"))
def archive_held_markets() -> None:
    archive_markets(utcnow(), after_days=current_app.config["MARKET_ARCHIVE_AFTER_DAYS"])


@periodic(crontab(minute="*"))
def resume_jobs() -> None:
    resume_waiting_jobs(utcnow())


@periodic(crontab(minute="35"))
def clean_up() -> None:
    clean_up_jobs(utcnow())
    forget_old_codes(utcnow())
