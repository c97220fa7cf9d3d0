"""Telling people what happened: an in-app notification, and the messages of other channels.

`notify()` runs inside the decision's transaction. It writes the Notification and one
OutboxMessage per other channel the person can be reached on and allows: email when they
have an address and a mail server is configured, SMS when a gateway is configured (every
account has a mobile number). Each row carries a key made of the event, the recipient and
the channel, so calling it again for the same event adds nothing. Delivery is a task
started only after the commit (core.after_commit): a rolled-back decision leaves no row and
starts no task; a committed one cannot lose its message (notifications/delivery.py retries
it, and its sweep finds any message whose task was lost).
"""
from flask import current_app, has_app_context
from flask_babel import force_locale
from sqlalchemy import select

from festival.core.after_commit import after_commit
from festival.core.sms import sms_parts, sms_safe
from festival.core.urls import site_base_url
from festival.extensions import db
from festival.notifications.delivery import deliver_message
from festival.notifications.email import email_text
from festival.notifications.kannel import sms_configured
from festival.notifications.messages import sms_text
from festival.notifications.models import Channel, MessageStatus, Notification, OutboxMessage

EMAIL_LOCALE = "ar_SY"  # emails read Arabic first, English below (email.EMAIL_LOCALES)
LOCALES = {"ar": "ar_SY", "en": "en"}


def notify(user, kind: str, *, key: str, link: str | None = None, market_id: int | None = None,
           application_id: int | None = None, urgent: bool = False, **params) -> Notification:
    """Tell `user` about event `key` (e.g. "application.approved:12:<time of the decision>").

    `urgent`: an SMS that may wake people (today's market is cancelled)."""
    notification_key = f"{key}:user{user.id}"[:250]
    existing = db.session.scalar(select(Notification).where(Notification.key == notification_key))
    if existing is not None:
        return existing
    notification = Notification(user_id=user.id, kind=kind, params=params, link=link, key=notification_key,
                                market_id=market_id, application_id=application_id)
    db.session.add(notification)
    messages = []
    if user.email and user.email_allowed and mail_configured():
        subject, body = email_text(kind, params, link, site_base_url())
        messages.append(_message(notification, user, Channel.EMAIL, user.email, EMAIL_LOCALE, subject, body))
    if user.sms_allowed and has_app_context() and sms_configured():
        locale = LOCALES.get(user.language or "ar", "ar_SY")
        with force_locale(locale):
            text = sms_safe(" ".join(filter(None, (sms_text(kind, params), _absolute(link)))))
        messages.append(_message(notification, user, Channel.SMS, user.phone, locale, text[:300], text,
                                 parts=sms_parts(text), urgent=urgent))
    if messages:
        db.session.add_all(messages)
        db.session.flush()  # the ids, for the tasks that deliver them after the commit
        for message in messages:
            after_commit(deliver_message, message.id)
    return notification


REPLY_KEY_PREFIX = "reply:"  # an answer to an SMS the person just sent (STOP): sent at once, even after STOP


def reply_by_sms(user, key: str, text: str) -> OutboxMessage | None:
    """An SMS answering one the person sent us, through the outbox like every other message."""
    return direct_sms(user.phone, f"{REPLY_KEY_PREFIX}{key}:user{user.id}", text, user=user)


def direct_sms(phone: str, key: str, text: str, *, user=None, urgent: bool = True) -> OutboxMessage | None:
    """An SMS that is not a notification (a code, an answer), to a number that may have no account yet."""
    if not (has_app_context() and sms_configured()):
        return None
    text = sms_safe(text)
    language = user.language if user is not None else None
    message = OutboxMessage(key=key[:250], channel=Channel.SMS, user_id=user.id if user is not None else None,
                            recipient=phone, locale=LOCALES.get(language or "ar", "ar_SY"), subject=text[:300],
                            body=text, parts=sms_parts(text), urgent=urgent, status=MessageStatus.QUEUED, attempts=0)
    db.session.add(message)
    db.session.flush()
    after_commit(deliver_message, message.id)
    return message


def _message(notification, user, channel, recipient, locale, subject, body, **extra) -> OutboxMessage:
    return OutboxMessage(key=f"{notification.key}:{channel}"[:250], channel=channel, notification=notification,
                         user_id=user.id, recipient=recipient, locale=locale, subject=subject[:300], body=body,
                         status=MessageStatus.QUEUED, attempts=0, **extra)


def _absolute(link: str | None) -> str | None:
    if not link or not link.startswith("/"):
        return None
    return site_base_url() + link


def mail_configured() -> bool:
    return has_app_context() and bool(current_app.config.get("MAIL_SERVER"))
