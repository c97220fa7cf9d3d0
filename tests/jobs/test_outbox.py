"""The outbox through real consumers (SQLite and Redis storage) and a real SMTP server.

A decision while the mail server is down is saved and its email waits; when the server
is back the email arrives exactly once; a consumer killed in the middle of a send leaves
nothing lost; a decision rolled back queues nothing.
"""
import asyncio
import os
import signal
import subprocess
import sys

from aiosmtpd.controller import Controller

from festival.applications import operations as applications
from festival.auth.models import User
from festival.core.queue import huey
from festival.extensions import db
from festival.notifications.delivery import deliver_message
from festival.notifications.models import Failure, MessageStatus, OutboxMessage
from tests.factories.markets import NOW
from tests.factories.placements import approve_by_its_organizer, one_application
from tests.jobs.conftest import running_consumer, wait_for
from tests.notifications.smtp import Inbox, free_port, running, use_mail_server

APPROVED_SUBJECT = "تمت الموافقة على طلبك"


def submitted_application(app, email="um.khaled@example.org") -> int:
    """A family with an email applied (before any mail server was set); the application's id."""
    return one_application(app, email=email)[0]


approve = approve_by_its_organizer


def messages(app) -> list[OutboxMessage]:
    with app.app_context():
        found = db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id)).all()
        db.session.expunge_all()
        return found


def approval_emails(inbox: Inbox) -> list:
    return [m for m in inbox.messages if m["Subject"].startswith(APPROVED_SUBJECT)]


def test_an_email_waits_while_the_mail_server_is_down_and_arrives_once_when_it_is_back(app, queue):
    application_id = submitted_application(app)
    port = free_port()
    use_mail_server(app, port)  # nothing listens there yet
    app.config["OUTBOX_RETRY_DELAYS"] = (1,) * 30

    with running_consumer():
        approve(app, application_id)
        wait_for(lambda: [m for m in messages(app) if m.failure == Failure.UNREACHABLE])
        [waiting] = messages(app)
        assert waiting.status == MessageStatus.QUEUED  # the decision is saved, the email queued
        with app.app_context():
            assert db.session.get(applications.Application, application_id).status == "approved"

        inbox = Inbox()
        controller = Controller(inbox, hostname="127.0.0.1", port=port, server_hostname="localhost")
        controller.start()
        try:
            wait_for(lambda: messages(app)[0].status == MessageStatus.SENT)
            huey_settles(seconds=2.5)  # time for any duplicate retry to show itself
        finally:
            controller.stop()

    assert len(approval_emails(inbox)) == 1
    [sent] = messages(app)
    assert sent.attempts >= 2 and sent.sent_at is not None and sent.failure is None


def huey_settles(seconds: float) -> None:
    import time

    time.sleep(seconds)


def test_the_same_message_given_to_many_workers_is_sent_once(app, queue):
    application_id = submitted_application(app)
    inbox = Inbox()
    with running(inbox) as controller:
        use_mail_server(app, controller.port)
        with running_consumer(workers=4):
            approve(app, application_id)
            [message] = messages(app)
            for _copy in range(6):  # as if the sweep and several consumers all picked it up
                deliver_message(message.id)
            wait_for(lambda: messages(app)[0].status == MessageStatus.SENT)
            wait_for(lambda: huey.pending_count() == 0)
            huey_settles(seconds=0.5)

    assert len(approval_emails(inbox)) == 1


def test_a_rolled_back_decision_queues_nothing(app, queue):
    application_id = submitted_application(app)
    inbox = Inbox()
    with running(inbox) as controller:
        use_mail_server(app, controller.port)
        with running_consumer():
            with app.app_context():
                application = db.session.get(applications.Application, application_id)
                organizer = db.session.scalar(db.select(User).where(User.role == "organizer"))
                applications.decide(application, "approved", by=organizer, now=NOW)
                db.session.rollback()
            huey_settles(seconds=0.5)
            assert huey.pending_count() == 0

    assert messages(app) == []
    assert inbox.messages == []
    with app.app_context():
        assert db.session.get(applications.Application, application_id).status == "submitted"


class StallingServer(Inbox):
    """Keeps a sender waiting after RCPT until told to go on (a send in progress)."""

    def __init__(self):
        super().__init__()
        self.stalling = True
        self.waiting = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.waiting += 1
        while self.stalling:
            await asyncio.sleep(0.05)
        envelope.rcpt_tos.append(address)
        return "250 OK"


def consumer_process(app, queue_url: str, mail_port: int) -> subprocess.Popen:
    """`flask jobs work`, as make run and deploy/ start it, on the test database."""
    env = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "JOBS_QUEUE_URL": queue_url,
        "JOBS_QUEUE_NAME": huey.name,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(mail_port),
        "FESTIVAL_OUTBOX_LEASE_SECONDS": "1",
        "SECRET_KEY": "test-secret-key-not-for-production",
    }
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "jobs", "work", "--workers", "1",
                             "--no-periodic"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_a_consumer_killed_in_the_middle_of_a_send_delivers_once_after_the_restart(app, queue):
    application_id = submitted_application(app)
    server = StallingServer()
    with running(server) as controller:
        use_mail_server(app, controller.port)
        approve(app, application_id)  # committed; its task is in the queue's storage
        first = consumer_process(app, queue, controller.port)
        try:
            wait_for(lambda: server.waiting >= 1, timeout=30)
            assert messages(app)[0].status == MessageStatus.SENDING
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait(10)
        server.stalling = False

        second = consumer_process(app, queue, controller.port)
        try:
            wait_for(lambda: messages(app)[0].status == MessageStatus.SENT, timeout=30)
            huey_settles(seconds=1.5)
        finally:
            second.send_signal(signal.SIGINT)
            second.wait(15)

    assert len(approval_emails(server)) == 1
