"""Telling people what happened: in-app notifications, and email after the commit.

`notify()` adds a Notification to the current transaction and puts the email in the
session's outbox; the outbox is sent only after a successful commit (and dropped on
rollback), so a failed email never loses a decision and a rolled-back decision never
sends an email. The sending side lives in `outbox.py`.
"""
from dataclasses import dataclass

from flask import current_app, has_app_context

from festival.extensions import db
from festival.notifications.models import Notification

OUTBOX_KEY = "festival_outbox"


@dataclass(frozen=True)
class OutgoingEmail:
    """An email waiting for the commit. Everything it needs is captured at notify()
    time: after the commit the session cannot run a query."""

    to: str
    kind: str
    params: dict
    link: str | None
    # The savepoints open when notify() ran: rolling one of them back drops the email.
    savepoints: tuple = ()


def notify(user, kind: str, *, link: str | None = None, **params) -> Notification:
    notification = Notification(user_id=user.id, kind=kind, params=params, link=link)
    db.session.add(notification)
    if user.email and mail_configured():
        session = db.session()
        session.info.setdefault(OUTBOX_KEY, []).append(
            OutgoingEmail(to=user.email, kind=kind, params=dict(params), link=link,
                          savepoints=open_savepoints(session))
        )
    return notification


def mail_configured() -> bool:
    return has_app_context() and bool(current_app.config.get("MAIL_SERVER"))


def open_savepoints(session) -> tuple:
    savepoints = []
    transaction = session.get_nested_transaction()
    while transaction is not None:
        if transaction.nested:
            savepoints.append(transaction)
        transaction = transaction.parent
    return tuple(savepoints)
