"""When an SMS may leave: not at night, not too many a day to one number, not after STOP.

Families asked not to be woken by the programme: no SMS between 22:00 and 08:00 Damascus
time, except urgent ones (today's market cancelled). A number gets at most
SMS_DAILY_LIMIT messages a Damascus day; the rest wait for the next morning. A family
that stopped SMS after a message was queued is not sent it.
"""
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from flask import current_app
from sqlalchemy import func, select

from festival.auth.models import User
from festival.core.timezones import local_to_utc, to_damascus
from festival.extensions import db
from festival.notifications.models import Channel, Failure, MessageStatus, OutboxMessage

QUIET_UNTIL = time(8)  # the morning, when no SMS_QUIET_HOURS says otherwise
DAILY_LIMIT = 6


def quiet_hours() -> tuple[time, time] | None:
    """(from, until) in Damascus, from SMS_QUIET_HOURS ("22-8"), or None ("off")."""
    setting = str(current_app.config.get("SMS_QUIET_HOURS") or "22-8").strip().lower()
    if setting in ("off", "none", "0", ""):
        return None
    start, _dash, end = setting.partition("-")
    return time(int(start) % 24), time(int(end or 8) % 24)


@dataclass(frozen=True)
class Hold:
    failure: Failure
    until: datetime | None  # None: never (failed)


def _morning() -> time:
    hours = quiet_hours()
    return hours[1] if hours else QUIET_UNTIL


def next_morning(now: datetime) -> datetime:
    local, morning = to_damascus(now), _morning()
    day = local.date() if local.time() < morning else local.date() + timedelta(days=1)
    return local_to_utc(day, morning)


def in_quiet_hours(now: datetime) -> bool:
    hours = quiet_hours()
    if hours is None:
        return False
    start, end = hours
    local_time = to_damascus(now).time()
    return (local_time >= start or local_time < end) if start > end else start <= local_time < end


def sent_today(recipient: str, now: datetime) -> int:
    day_start = local_to_utc(to_damascus(now).date(), time(0))
    return db.session.scalar(
        select(func.count(OutboxMessage.id)).where(
            OutboxMessage.channel == Channel.SMS, OutboxMessage.recipient == recipient,
            OutboxMessage.status.in_((MessageStatus.SENT, MessageStatus.DELIVERED)),
            OutboxMessage.sent_at >= day_start)
    ) or 0


def hold(message, now: datetime) -> Hold | None:
    """Why the claimed SMS `message` may not leave now, or None."""
    user = db.session.get(User, message.user_id) if message.user_id else None
    is_reply = message.key.startswith("reply:")  # service.REPLY_KEY_PREFIX: the answer to STOP still goes
    if user is not None and not user.sms_allowed and not is_reply:
        return Hold(Failure.STOPPED, None)
    if message.urgent:
        return None
    if in_quiet_hours(now):
        return Hold(Failure.QUIET_HOURS, next_morning(now))
    if sent_today(message.recipient, now) >= current_app.config.get("SMS_DAILY_LIMIT", DAILY_LIMIT):
        return Hold(Failure.DAILY_LIMIT, local_to_utc(to_damascus(now).date() + timedelta(days=1), _morning()))
    return None
