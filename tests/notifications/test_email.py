"""Email about decisions leaves only after the commit, and a mail failure loses nothing.

The test app runs tasks where they are enqueued (Huey's immediate mode): the delivery
task runs right after the commit. tests/jobs/test_outbox.py does the same through real
consumers and a mail server that goes down and comes back.
"""
import itertools

import pytest

from festival.auth.models import User
from festival.extensions import db
from festival.notifications import email as email_channel
from festival.notifications.models import Failure, MessageStatus, Notification, OutboxMessage
from festival.notifications.service import notify
from tests.notifications.smtp import RefusingServer, free_port, running, use_mail_server

EVENTS = itertools.count(1)

APPROVED = {"market_title_ar": "سوق الجمعة", "market_title_en": "Friday market", "day": "2026-12-05"}


def notify_family(family, kind="application.approved", **params):
    user = db.session.get(User, family.user.id)
    return notify(user, kind, key=f"{kind}:test{next(EVENTS)}", link="/family/applications/7",
                  **{**APPROVED, **params})


def stored_messages(app) -> list[OutboxMessage]:
    with app.app_context():
        messages = db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id)).all()
        db.session.expunge_all()
        return messages


def count_notifications(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(Notification.id)))


def test_a_committed_approval_sends_one_email_in_arabic_then_english(app, inbox, family_with_email):
    with app.app_context():
        notify_family(family_with_email)
        assert inbox.messages == []  # nothing leaves before the commit
        db.session.commit()

    assert len(inbox.messages) == 1
    email = inbox.messages[0]
    body = email.get_content()
    arabic = "تمت الموافقة على طلب مشاركتك في سوق الجمعة بتاريخ 5 كانون الأول 2026."
    english = "Your application for Friday market on December 5, 2026 was approved."
    assert arabic in body and english in body
    assert body.index(arabic) < body.index(english)
    assert "http://localhost/family/applications/7" in body
    assert email["To"] == "um.mohammad@example.org"
    assert email["Subject"].startswith("تمت الموافقة على طلبك")
    assert email.get_content_charset() == "utf-8"


def test_a_rejection_email_gives_the_reason(app, inbox, family_with_email):
    with app.app_context():
        notify_family(family_with_email, "application.rejected", reason="المنتجات خارج فئات السوق")
        db.session.commit()

    assert "السبب: المنتجات خارج فئات السوق" in inbox.messages[0].get_content()


def test_a_rolled_back_decision_sends_no_email_now_or_later(app, inbox, family_with_email):
    with app.app_context():
        notify_family(family_with_email)
        db.session.rollback()
        db.session.commit()  # a later, unrelated commit must not send the forgotten email

    assert inbox.messages == []
    assert count_notifications(app) == 0


def test_a_rolled_back_savepoint_drops_only_the_emails_queued_inside_it(app, inbox, family_with_email):
    with app.app_context():
        notify_family(family_with_email, "application.submitted")
        with pytest.raises(RuntimeError):
            with db.session.begin_nested():
                notify_family(family_with_email, "application.rejected", reason="—")
                raise RuntimeError("the operation changed its mind")
        db.session.commit()

    assert len(inbox.messages) == 1
    assert "وصلنا طلب مشاركتك" in inbox.messages[0].get_content()


def test_an_email_queued_in_a_released_savepoint_waits_for_the_real_commit(app, inbox, family_with_email):
    with app.app_context():
        with db.session.begin_nested():
            notify_family(family_with_email)
        assert inbox.messages == []
        db.session.commit()

    assert len(inbox.messages) == 1


def test_a_mail_server_that_is_down_keeps_the_email_queued_for_later(app, family_with_email):
    use_mail_server(app, free_port())  # nothing listens there

    with app.app_context():
        notify_family(family_with_email)
        db.session.commit()

    assert count_notifications(app) == 1
    [message] = stored_messages(app)
    assert message.status == MessageStatus.QUEUED
    assert message.failure == Failure.UNREACHABLE
    assert message.attempts == 1 and message.next_attempt_at is not None


def test_a_mail_server_that_refuses_the_address_marks_the_email_failed(app, family_with_email):
    refusing = RefusingServer()
    with running(refusing) as controller, app.app_context():
        use_mail_server(app, controller.port)
        notify_family(family_with_email)
        db.session.commit()

    assert refusing.messages == []
    assert count_notifications(app) == 1
    [message] = stored_messages(app)
    assert message.status == MessageStatus.FAILED
    assert message.failure == Failure.REFUSED
    assert message.failure_detail.startswith("550")


def test_without_a_mail_server_no_email_is_attempted(app, family_with_email, monkeypatch):
    attempts = []
    monkeypatch.setattr(email_channel.smtplib, "SMTP", lambda *args, **kwargs: attempts.append(args))
    assert not app.config["MAIL_SERVER"]

    with app.app_context():
        notify_family(family_with_email)
        db.session.commit()

    assert attempts == []
    assert count_notifications(app) == 1
    assert stored_messages(app) == []


def test_the_same_event_notifies_a_person_once(app, inbox, family_with_email):
    with app.app_context():
        user = db.session.get(User, family_with_email.user.id)
        for _attempt in range(2):  # e.g. a schedule that ran twice
            notify(user, "report.due", key="report.due:41", link="/family/sales/41", **APPROVED)
            db.session.commit()

    assert count_notifications(app) == 1
    assert len(inbox.messages) == 1


def test_a_family_without_email_still_gets_the_notification_but_no_email(app, inbox, make):
    family = make.family()

    with app.app_context():
        notify_family(family)
        db.session.commit()

    assert inbox.messages == []
    assert count_notifications(app) == 1
