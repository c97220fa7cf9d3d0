"""Delivering the outbox: one task per message, retries with backoff, a sweep that loses nothing.

A message moves queued -> sending -> sent, or back to queued with a later `next_attempt_at`
after a temporary failure, or to failed (refused, or temporary failures past the last
delay). Each step is its own short transaction, and none is open while we talk to the
mail server: a slow server never holds a database lock.

- The claim is a conditional UPDATE (status queued and due -> sending, with a lease):
  of two consumers given the same message, one claims it and the other does nothing.
- A consumer killed mid-send leaves the message "sending"; when its lease runs out the
  sweep puts it back in the queue, so it is sent after the restart.
- SMS wait for the morning between 22:00 and 08:00 (Damascus) and after a number's daily
  share, unless urgent (notifications/sms_rules.py); that wait is not an attempt.
- The sweep (every minute, and when a consumer starts) also enqueues every due message:
  a task lost with the queue's storage, or an enqueue that failed after the commit, is
  found again in the database.
"""
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, or_, select, update

from festival.core.after_commit import after_commit
from festival.core.queue import crontab, periodic, task, transaction
from festival.core.types import utcnow
from festival.extensions import db
from festival.notifications import sms_rules
from festival.notifications.email import PermanentFailure, TemporaryFailure, build_email, send_email
from festival.notifications.kannel import DLR_DELIVERED, DLR_FAILED, DLR_REJECTED, send_sms
from festival.notifications.models import Channel, Failure, MessageStatus, OutboxMessage

log = logging.getLogger("festival.outbox")

# Seconds before each new attempt after a temporary failure: about two days in all.
RETRY_DELAYS = (60, 300, 900, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 24 * 3600)
LEASE_SECONDS = 300  # a consumer that took a message this long ago and said nothing has died
SWEEP_BATCH = 500


@dataclass(frozen=True)
class Claimed:
    id: int
    key: str
    channel: str
    recipient: str
    subject: str
    body: str
    attempts: int
    urgent: bool
    user_id: int | None


def _retry_delays() -> tuple[int, ...]:
    return tuple(current_app.config.get("OUTBOX_RETRY_DELAYS") or RETRY_DELAYS)


def _lease() -> timedelta:
    return timedelta(seconds=current_app.config.get("OUTBOX_LEASE_SECONDS") or LEASE_SECONDS)


def _due(now: datetime):
    return or_(OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= now)


def claim(message_id: int, now: datetime) -> Claimed | None:
    claimed = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == MessageStatus.QUEUED, _due(now))
        .values(status=MessageStatus.SENDING, claimed_until=now + _lease(), attempts=OutboxMessage.attempts + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not claimed:
        return None
    row = db.session.execute(
        select(OutboxMessage.id, OutboxMessage.key, OutboxMessage.channel, OutboxMessage.recipient,
               OutboxMessage.subject, OutboxMessage.body, OutboxMessage.attempts, OutboxMessage.urgent,
               OutboxMessage.user_id)
        .where(OutboxMessage.id == message_id)
    ).one()
    return Claimed(*row)


def _record(message_id: int, **values) -> None:
    db.session.execute(
        update(OutboxMessage).where(OutboxMessage.id == message_id, OutboxMessage.status == MessageStatus.SENDING)
        .values(claimed_until=None, **values).execution_options(synchronize_session=False)
    )


def deliver(message_id: int, now: datetime | None = None) -> str | None:
    """Send one message if it is queued and due; the status it ends in, or None if not ours."""
    now = now or utcnow()
    with transaction():
        message = claim(message_id, now)
        if message is None:
            return None
        hold = sms_rules.hold(message, now) if message.channel == Channel.SMS else None
        if hold is not None:
            _hold(message, hold)
    if hold is not None:
        if hold.until is not None:
            deliver_message.schedule(args=(message.id,), eta=hold.until)
        return MessageStatus.QUEUED if hold.until is not None else MessageStatus.FAILED
    try:
        _send(message, current_app.config)
    except PermanentFailure as error:
        log.warning("message %s to %s refused: %s", message.id, message.recipient, error.detail)
        with transaction():
            _record(message.id, status=MessageStatus.FAILED, failure=error.failure, failure_detail=error.detail)
        return MessageStatus.FAILED
    except TemporaryFailure as error:
        return _later(message, error)
    with transaction():
        _record(message.id, status=MessageStatus.SENT, sent_at=utcnow(), failure=None, failure_detail=None)
    return MessageStatus.SENT


def _hold(message: Claimed, hold) -> None:
    """Not now: back to the queue until `hold.until` (not counted as an attempt), or failed."""
    if hold.until is None:
        _record(message.id, status=MessageStatus.FAILED, failure=hold.failure, failure_detail=None)
    else:
        _record(message.id, status=MessageStatus.QUEUED, next_attempt_at=hold.until, failure=hold.failure,
                attempts=message.attempts - 1)


def _send(message: Claimed, config) -> None:
    if message.channel == Channel.SMS:
        send_sms(message_id=message.id, to=message.recipient, text=message.body,
                 base_url=config["FESTIVAL_BASE_URL"], config=config)
    else:
        send_email(build_email(key=message.key, to=message.recipient, subject=message.subject,
                               body=message.body, config=config), config)


def _later(message: Claimed, error: TemporaryFailure) -> str:
    delays = _retry_delays()
    if message.attempts > len(delays):
        log.warning("message %s to %s given up after %d attempts: %s", message.id, message.recipient,
                    message.attempts, error.detail)
        with transaction():
            _record(message.id, status=MessageStatus.FAILED, failure=Failure.GAVE_UP, failure_detail=error.detail)
        return MessageStatus.FAILED
    next_attempt_at = utcnow() + timedelta(seconds=delays[message.attempts - 1])
    log.info("message %s to %s not sent (%s); next attempt at %s", message.id, message.recipient,
             error.detail, next_attempt_at.isoformat())
    with transaction():
        _record(message.id, status=MessageStatus.QUEUED, next_attempt_at=next_attempt_at,
                failure=error.failure, failure_detail=error.detail)
    deliver_message.schedule(args=(message.id,), eta=next_attempt_at)
    return MessageStatus.QUEUED


@task(transaction=False)
def deliver_message(message_id: int) -> None:
    deliver(message_id)


def sweep(now: datetime | None = None) -> int:
    """Put back the messages of dead consumers and enqueue every due one (after the commit)."""
    now = now or utcnow()
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == MessageStatus.SENDING, OutboxMessage.claimed_until < now)
        .values(status=MessageStatus.QUEUED, claimed_until=None).execution_options(synchronize_session=False)
    )
    due = db.session.scalars(
        select(OutboxMessage.id).where(OutboxMessage.status == MessageStatus.QUEUED, _due(now))
        .order_by(OutboxMessage.id).limit(SWEEP_BATCH)
    ).all()
    for message_id in due:
        after_commit(deliver_message, message_id)
    return len(due)


@periodic(crontab(minute="*"))
def sweep_outbox() -> None:
    sweep()


def record_report(message_id: int, report: int, now: datetime) -> None:
    """A delivery report from the SMS gateway; a later or repeated report never undoes "delivered"."""
    if report & DLR_DELIVERED:
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, OutboxMessage.status != MessageStatus.DELIVERED)
            .values(status=MessageStatus.DELIVERED, delivered_at=now, failure=None,
                    sent_at=func.coalesce(OutboxMessage.sent_at, now))
            .execution_options(synchronize_session=False))
    elif report & (DLR_FAILED | DLR_REJECTED):
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, OutboxMessage.status != MessageStatus.DELIVERED)
            .values(status=MessageStatus.FAILED, failure=Failure.NOT_DELIVERED, failure_detail=f"report {report}")
            .execution_options(synchronize_session=False))


def send_again(message: OutboxMessage) -> bool:
    """An admin's "send again" for a failed message: a fresh series of attempts. Only a failed
    one (a sent message twice is a duplicate), and never a phone code (it has expired)."""
    if message.key.startswith("reply:code:"):
        return False
    queued = db.session.execute(
        update(OutboxMessage).where(OutboxMessage.id == message.id, OutboxMessage.status == MessageStatus.FAILED)
        .values(status=MessageStatus.QUEUED, attempts=0, next_attempt_at=None, failure=None, failure_detail=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    if queued:
        after_commit(deliver_message, message.id)
    return bool(queued)
