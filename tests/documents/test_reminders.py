"""Expiry reminders: 30 and 7 days before, through the outbox (SMS where configured), once each."""
from datetime import UTC, datetime, time, timedelta

import pytest

from festival.core.timezones import local_to_utc, today_in_damascus
from festival.documents.reminders import remind_expiring_documents, window_for
from festival.extensions import db
from festival.notifications.models import Channel, Notification, OutboxMessage
from tests.factories import make_document, make_document_type, ready_family

SMS_ON = {"SMS_BACKEND": "kannel", "KANNEL_SENDSMS_URL": "http://127.0.0.1:9/cgi-bin/sendsms"}


def _at(day) -> datetime:
    return local_to_utc(day, time(10)).astimezone(UTC)


@pytest.fixture
def certificate_expiring_in_40_days(app, app_context):
    app.config.update(SMS_ON)
    family = ready_family("أسرة المونة", crafts=("food",))
    return make_document(family, make_document_type(), expires_on=today_in_damascus() + timedelta(days=40))


def _reminders() -> list[str]:
    return [n.key.split(":user")[0] for n in db.session.scalars(
        db.select(Notification).where(Notification.kind == "document.expiring").order_by(Notification.id))]


def test_a_family_hears_30_and_7_days_before_its_certificate_expires(certificate_expiring_in_40_days):
    document_id, today = certificate_expiring_in_40_days.id, today_in_damascus()

    assert remind_expiring_documents(_at(today + timedelta(days=5))) == 0
    assert remind_expiring_documents(_at(today + timedelta(days=10))) == 1
    assert remind_expiring_documents(_at(today + timedelta(days=11))) == 0
    assert remind_expiring_documents(_at(today + timedelta(days=33))) == 1
    assert remind_expiring_documents(_at(today + timedelta(days=34))) == 0
    db.session.commit()

    assert _reminders() == [f"document.expiring:{document_id}:30", f"document.expiring:{document_id}:7"]
    sms = db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.channel == Channel.SMS)).all()
    assert len(sms) == 2 and all("الشهادة الصحية" in message.body for message in sms)


def test_a_certificate_uploaded_a_few_days_before_it_expires_gets_one_reminder(app, app_context):
    family = ready_family("أسرة المونة", crafts=("food",))
    make_document(family, make_document_type(), expires_on=today_in_damascus() + timedelta(days=4))

    assert remind_expiring_documents(_at(today_in_damascus())) == 1
    assert remind_expiring_documents(_at(today_in_damascus())) == 0
    assert [key.rsplit(":", 1)[1] for key in _reminders()] == ["7"]


def test_rejected_replaced_and_expired_documents_are_not_reminded(app, app_context):
    family = ready_family("أسرة المونة", crafts=("food",))
    certificate = make_document_type()
    make_document(family, certificate, expires_on=today_in_damascus() + timedelta(days=20), status="rejected")

    assert remind_expiring_documents(_at(today_in_damascus())) == 0
    assert remind_expiring_documents(_at(today_in_damascus() + timedelta(days=25))) == 0


@pytest.mark.parametrize(("days", "window"), [(31, None), (30, 30), (8, 30), (7, 7), (0, 7)])
def test_windows(days, window):
    assert window_for(days) == window
