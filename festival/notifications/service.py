"""Telling people what happened: an in-app notification, and the messages of other channels.

`notify()` runs inside the decision's transaction. It writes the Notification and, for a
recipient with an email address while a mail server is configured, an OutboxMessage with
the rendered text; both carry a key made of the event, the recipient (and the channel),
so calling it again for the same event adds nothing. Delivery is a task started only after
the commit (core.after_commit): a rolled-back decision leaves no row and starts no task, a
committed one cannot lose its message (notifications/delivery.py retries it, and its sweep
finds any message whose task was lost).
"""
from flask import current_app, has_app_context
from sqlalchemy import select

from festival.core.after_commit import after_commit
from festival.core.urls import site_base_url
from festival.extensions import db
from festival.notifications.delivery import deliver_message
from festival.notifications.email import email_text
from festival.notifications.models import Channel, MessageStatus, Notification, OutboxMessage

MESSAGE_LOCALE = "ar_SY"  # emails read Arabic first, English below (email.EMAIL_LOCALES)


def notify(user, kind: str, *, key: str, link: str | None = None, market_id: int | None = None,
           application_id: int | None = None, **params) -> Notification:
    """Tell `user` about event `key` (e.g. "application.approved:12:<time of the decision>")."""
    notification_key = f"{key}:user{user.id}"[:250]
    existing = db.session.scalar(select(Notification).where(Notification.key == notification_key))
    if existing is not None:
        return existing
    notification = Notification(user_id=user.id, kind=kind, params=params, link=link, key=notification_key,
                                market_id=market_id, application_id=application_id)
    db.session.add(notification)
    if user.email and mail_configured():
        subject, body = email_text(kind, params, link, site_base_url())
        message = OutboxMessage(
            key=f"{notification_key}:{Channel.EMAIL}"[:250], channel=Channel.EMAIL, notification=notification,
            user_id=user.id, recipient=user.email, locale=MESSAGE_LOCALE, subject=subject[:300], body=body,
            status=MessageStatus.QUEUED, attempts=0,
        )
        db.session.add(message)
        db.session.flush()  # the id, for the task that delivers it after the commit
        after_commit(deliver_message, message.id)
    return notification


def mail_configured() -> bool:
    return has_app_context() and bool(current_app.config.get("MAIL_SERVER"))
