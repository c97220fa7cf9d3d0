"""An app that sends mail to a real local SMTP server (tests/notifications/smtp.py), and a family with an email."""
import pytest

from festival.auth.models import User
from festival.extensions import db
from tests.notifications.smtp import Inbox, running, use_mail_server


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
