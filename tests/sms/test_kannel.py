"""SMS through a real Kannel (bearerbox, smsbox, its fake operator): Arabic arrives intact,
a gateway that is down costs nothing but time, delivery reports mark messages delivered,
and a family that sends STOP gets no more SMS."""
import time

from festival.auth.models import User
from festival.core.sms import sms_parts
from festival.extensions import db
from festival.notifications.models import Channel, Failure, MessageStatus, OutboxMessage
from tests.factories.placements import approve_by_its_organizer, one_application
from tests.jobs.conftest import queue, running_consumer, wait_for  # noqa: F401 - the queue fixture

APPROVED = "تمت الموافقة على طلبك"


def family_that_applied(app) -> tuple[int, str]:
    """(application id, the family's number as the operator writes it)."""
    application_id, phone = one_application(app)
    return application_id, phone.lstrip("+")


approve = approve_by_its_organizer


def sms_rows(app) -> list[OutboxMessage]:
    with app.app_context():
        found = db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.channel == Channel.SMS)
                                   .order_by(OutboxMessage.id)).all()
        db.session.expunge_all()
        return found


def approval_sms(app) -> OutboxMessage:
    return next(row for row in sms_rows(app) if row.body.startswith(APPROVED))


def test_an_approval_reaches_the_family_by_sms_in_arabic_and_is_reported_delivered(app, start_kannel):
    application_id, number = family_that_applied(app)
    with start_kannel() as kannel:
        approve(app, application_id)
        arrived = wait_for(lambda: [m for m in kannel.received if m.to == number and APPROVED in m.text])
        wait_for(lambda: approval_sms(app).status == MessageStatus.DELIVERED)

    sms = approval_sms(app)
    assert arrived[0].text == sms.body  # every Arabic letter intact, through UCS-2
    assert "سوق الجمعة" in sms.body and f"/family/applications/{application_id}" in sms.body
    assert sms.parts == sms_parts(sms.body) >= 1
    assert sms.delivered_at is not None and sms.sent_at is not None


def test_an_sms_waits_while_the_gateway_is_down_and_arrives_once_when_it_is_back(app, start_kannel, queue):  # noqa: F811
    application_id, number = family_that_applied(app)
    app.config["OUTBOX_RETRY_DELAYS"] = (1,) * 30
    with start_kannel() as kannel, running_consumer():
        kannel.stop_smsbox()
        approve(app, application_id)
        wait_for(lambda: approval_sms(app).failure == Failure.UNREACHABLE)
        assert approval_sms(app).status == MessageStatus.QUEUED

        kannel.start_smsbox()
        wait_for(lambda: approval_sms(app).status == MessageStatus.DELIVERED, timeout=30)
        time.sleep(2.5)  # room for a duplicate to show itself

    assert len([m for m in kannel.received if m.to == number and APPROVED in m.text]) == 1
    assert approval_sms(app).attempts >= 2


def test_a_family_that_sends_stop_gets_a_reply_and_no_more_sms(app, start_kannel):
    application_id, number = family_that_applied(app)
    with start_kannel(incoming=(f"{number} Festival text STOP",)) as kannel:
        reply = wait_for(lambda: [m for m in kannel.received if m.to == number])
        with app.app_context():
            user = db.session.scalar(db.select(User).where(User.phone == "+" + number))
            wait_for(lambda: (db.session.refresh(user), not user.sms_allowed)[1])
            assert user.contact_choice_at is not None
        approve(app, application_id)
        time.sleep(1)

    assert "لن تصلكم رسائل قصيرة" in reply[0].text and "START" in reply[0].text
    assert [row for row in sms_rows(app) if row.body.startswith(APPROVED)] == []
    assert not [m for m in kannel.received if APPROVED in m.text]
