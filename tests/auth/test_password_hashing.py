"""Production hashes passwords with scrypt; the suite's cheap hash is a test setting only."""
from festival.auth.models import User
from festival.extensions import db
from festival.vendors.models import Family
from tests.auth.test_registration import registration
from tests.conftest import post_form


def test_a_registered_family_password_is_stored_as_an_scrypt_hash(app, client):
    with app.app_context():
        app.config.pop("PASSWORD_HASH_METHOD")

    post_form(client, "/register", registration(app), follow_redirects=True)

    with app.app_context():
        family = db.session.scalar(db.select(Family))
        assert family.user.password_hash.startswith("scrypt:")
        assert "secret-pass-1" not in family.user.password_hash
        assert family.user.check_password("secret-pass-1")


def test_the_application_defaults_to_scrypt_without_a_test_setting(app):
    with app.app_context():
        app.config.pop("PASSWORD_HASH_METHOD")
        user = User(phone="+963944000111", display_name="x", role="vendor")
        user.set_password("another-secret-1")
        assert user.password_hash.startswith("scrypt:")
