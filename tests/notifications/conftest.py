"""A real SMTP server on localhost (aiosmtpd), and an app that sends mail to it."""
import socket
from contextlib import contextmanager
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import event

from festival.auth.models import User
from festival.extensions import db


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """Keeps every message the server accepted, parsed."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=default_policy))
        return "250 Message accepted for delivery"


class RefusingServer(Inbox):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        return "550 5.1.1 Mailbox unavailable"


@contextmanager
def running(handler):
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), server_hostname="localhost")
    controller.start()
    try:
        yield controller
    finally:
        controller.stop()


def use_mail_server(app, port: int) -> None:
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_DEFAULT_SENDER="festival@example.org")


@pytest.fixture
def inbox(app):
    """The app sends mail to a local server; `inbox.messages` is what arrived."""
    received = Inbox()
    with running(received) as controller:
        use_mail_server(app, controller.port)
        yield received


@pytest.fixture
def family_with_email(app, make):
    family = make.family(name="أسرة أم محمد")
    with app.app_context():
        user = db.session.get(User, family.user.id)
        user.email = "um.mohammad@example.org"
        db.session.commit()
    return family


@pytest.fixture
def count_queries(app):
    """`with count_queries() as counted:` ... `counted[0]` statements were sent."""

    @contextmanager
    def counting():
        with app.app_context():
            engine = db.engine
        counted = [0]

        def on_execute(*_args):
            counted[0] += 1

        event.listen(engine, "before_cursor_execute", on_execute)
        try:
            yield counted
        finally:
            event.remove(engine, "before_cursor_execute", on_execute)

    return counting
