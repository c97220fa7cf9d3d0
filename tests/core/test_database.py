"""SQLite is set up as a real embedded database; the database guards invariants."""
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from festival.auth.models import User
from festival.extensions import db


def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_a_busy_timeout(app):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite settings")
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert db.session.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_the_database_refuses_a_second_account_with_the_same_phone(app, make):
    family = make.family(phone="0944123456")
    with app.app_context():
        db.session.add(User(phone=family.user.phone, display_name="x", password_hash="x", role="vendor"))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_the_database_refuses_an_unknown_role(app):
    with app.app_context():
        db.session.add(User(phone="+963944000777", display_name="x", password_hash="x", role="king"))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
