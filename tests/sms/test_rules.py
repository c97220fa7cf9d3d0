"""SMS rules without a gateway: parts, quiet hours, the daily share, delivery reports, STOP."""
from datetime import datetime, time, timedelta
from types import SimpleNamespace

import pytest

from festival.auth.models import User
from festival.core.sms import sms_parts, sms_safe
from festival.core.timezones import local_to_utc
from festival.core.types import utcnow
from festival.extensions import db
from festival.notifications import sms_rules
from festival.notifications.kannel import report_signature
from festival.notifications.models import Failure, MessageStatus, OutboxMessage
from tests.sms.conftest import CALLBACK_SECRET

DAY = datetime(2026, 12, 4).date()


@pytest.mark.parametrize(("text", "parts"), [
    ("a" * 160, 1), ("a" * 161, 2), ("a" * 306, 2), ("a" * 307, 3),  # GSM 7-bit: 160, then 153 a part
    ("ب" * 70, 1), ("ب" * 71, 2), ("ب" * 134, 2), ("ب" * 135, 3),  # UCS-2: 70, then 67 a part
    ("Friday market € " * 10, 2),  # € takes two septets
])
def test_parts_are_counted_as_the_operator_bills_them(text, parts):
    assert sms_parts(text) == parts


def test_characters_that_ucs2_would_cut_in_half_are_removed():
    assert sms_safe("سوق 🎉 الجمعة\n  اليوم") == "سوق الجمعة اليوم"


def claimed(user_id=None, urgent=False, recipient="+963944000001", key="application.approved:1"):
    return SimpleNamespace(user_id=user_id, urgent=urgent, recipient=recipient, key=key)


def test_no_sms_at_night_but_urgent_ones_and_the_night_ends_at_eight(app_context):
    night = local_to_utc(DAY, time(23, 30))
    hold = sms_rules.hold(claimed(), night)

    assert hold.failure == Failure.QUIET_HOURS
    assert hold.until == local_to_utc(DAY + timedelta(days=1), time(8))
    assert sms_rules.hold(claimed(urgent=True), night) is None
    assert sms_rules.hold(claimed(), local_to_utc(DAY, time(9))) is None


def test_a_number_gets_its_daily_share_then_waits_for_the_next_morning(app, app_context):
    app.config["SMS_DAILY_LIMIT"] = 2
    noon = local_to_utc(DAY, time(12))
    for number in range(2):
        db.session.add(OutboxMessage(key=f"k{number}", channel="sms", recipient="+963944000001", locale="ar_SY",
                                     subject="-", body="-", status=MessageStatus.SENT, sent_at=noon))
    db.session.flush()

    hold = sms_rules.hold(claimed(), noon + timedelta(minutes=5))

    assert hold.failure == Failure.DAILY_LIMIT and hold.until == local_to_utc(DAY + timedelta(days=1), time(8))
    assert sms_rules.hold(claimed(recipient="+963944000002"), noon) is None


def sms_message(app, status=MessageStatus.SENT) -> int:
    with app.app_context():
        message = OutboxMessage(key="dlr-test", channel="sms", recipient="+963944000001", locale="ar_SY",
                                subject="-", body="-", status=status, sent_at=utcnow())
        db.session.add(message)
        db.session.commit()
        return message.id


def status_of(app, message_id):
    with app.app_context():
        return db.session.get(OutboxMessage, message_id).status


def test_a_delivery_report_needs_its_signature_and_never_undoes_delivered(app, client):
    message_id = sms_message(app)
    with app.app_context():
        signature = report_signature(message_id)

    assert client.get(f"/sms/dlr?m={message_id}&s=forged&status=1").status_code == 403
    assert status_of(app, message_id) == MessageStatus.SENT
    assert client.get(f"/sms/dlr?m={message_id}&s={signature}&status=8").status_code == 200  # at the operator
    assert status_of(app, message_id) == MessageStatus.SENT
    assert client.get(f"/sms/dlr?m={message_id}&s={signature}&status=1").status_code == 200
    assert status_of(app, message_id) == MessageStatus.DELIVERED
    client.get(f"/sms/dlr?m={message_id}&s={signature}&status=2")  # late, contradicting: ignored
    client.get(f"/sms/dlr?m={message_id}&s={signature}&status=1")  # twice: no harm
    assert status_of(app, message_id) == MessageStatus.DELIVERED


def test_a_failure_report_marks_the_sms_not_delivered(app, client):
    message_id = sms_message(app)
    with app.app_context():
        signature = report_signature(message_id)

    client.get(f"/sms/dlr?m={message_id}&s={signature}&status=2")

    with app.app_context():
        message = db.session.get(OutboxMessage, message_id)
        assert message.status == MessageStatus.FAILED and message.failure == Failure.NOT_DELIVERED


def test_incoming_messages_need_the_gateways_secret(app, client, make):
    family = make.family(phone="0944000123")
    app.config["SMS_CALLBACK_SECRET"] = CALLBACK_SECRET

    assert client.get("/sms/incoming?key=wrong&from=963944000123&text=STOP").status_code == 403
    assert client.get(f"/sms/incoming?key={CALLBACK_SECRET}&from=963944000123&text=%D8%A5%D9%8A%D9%82%D8%A7%D9%81"
                      ).status_code == 200  # إيقاف

    with app.app_context():
        assert db.session.get(User, family.user.id).sms_allowed is False
    client.get(f"/sms/incoming?key={CALLBACK_SECRET}&from=963944000123&text=start")
    with app.app_context():
        assert db.session.get(User, family.user.id).sms_allowed is True


def test_a_family_chooses_its_channels_and_language_and_the_time_is_kept(app, client, make, login):
    from tests.conftest import post_form

    family = make.family()
    login(family.user)
    app.config.update(SMS_BACKEND="kannel", KANNEL_SENDSMS_URL="http://127.0.0.1:9/cgi-bin/sendsms")

    page = client.get("/notifications/settings").get_data(as_text=True)
    assert "أرسلوا إليّ رسائل قصيرة" in page
    response = post_form(client, "/notifications/settings", {"language": "en"})  # SMS box left unticked

    assert response.status_code == 303
    with app.app_context():
        user = db.session.get(User, family.user.id)
        assert (user.language, user.sms_allowed) == ("en", False)
        assert user.contact_choice_at is not None


def test_only_a_failed_message_can_be_sent_again(app, client, make, login):
    from tests.conftest import post_form

    sent_id = sms_message(app, status=MessageStatus.SENT)
    login(make.admin())

    post_form(client, f"/admin/messages/{sent_id}/send-again", {}, form_page="/admin/messages")

    assert status_of(app, sent_id) == MessageStatus.SENT
