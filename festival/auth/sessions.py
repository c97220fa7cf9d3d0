"""Login sessions: fresh on login, idle timeout, absolute lifetime, server-side revocation.

The login cookie holds "<user id>:<session version>" (see `User.get_id`). Logging out,
changing the password or being disabled bumps the version, so every other cookie of
that user - on any device, remembered or not - stops matching and is refused.
"""
import time

from flask import current_app, request, session
from flask_login import login_user, logout_user, user_loaded_from_cookie
from sqlalchemy.orm import joinedload

from festival.auth.models import User
from festival.core.types import utcnow
from festival.extensions import db, login_manager

STARTED_KEY = "started_at"
SEEN_KEY = "seen_at"
# Refreshing "last seen" rewrites the cookie; once a minute is precise enough.
SEEN_RESOLUTION_SECONDS = 60


@login_manager.user_loader
def load_user(cookie_id: str) -> User | None:
    user_id, _, version = cookie_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    # A family's requests all need its Family row: loaded with the user, not by a second query.
    user = db.session.get(User, int(user_id), options=[joinedload(User.family)])
    if user is None or user.session_version != int(version) or not user.enabled:
        return None
    return user


def _stamp_new_session() -> None:
    now = int(time.time())
    session[STARTED_KEY] = now
    session[SEEN_KEY] = now


def start_session(user: User, remember: bool) -> None:
    # A fresh session: nothing from before the login (e.g. a planted id) survives.
    session.clear()
    login_user(user, remember=remember)
    _stamp_new_session()
    user.last_login_at = utcnow()


def end_session(user: User) -> None:
    user.end_all_sessions()
    logout_user()
    session.clear()


def restart_session(user: User) -> None:
    """After a password change: this device stays signed in, all others are out."""
    cookie_name = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    start_session(user, remember=cookie_name in request.cookies)


@user_loaded_from_cookie.connect
def _remembered_login(sender, user):
    _stamp_new_session()


def enforce_session_lifetime() -> None:
    """Before-request hook: drop a session that was idle or alive for too long."""
    if "_user_id" not in session:
        return
    now = int(time.time())
    config = current_app.config
    started = session.get(STARTED_KEY, 0)
    seen = session.get(SEEN_KEY, 0)
    if (
        now - started > config["SESSION_ABSOLUTE_LIFETIME"].total_seconds()
        or now - seen > config["SESSION_IDLE_TIMEOUT"].total_seconds()
    ):
        # Only the session ends; a valid "remember me" cookie may start a new one.
        session.clear()
        return
    if now - seen >= SEEN_RESOLUTION_SECONDS:
        session[SEEN_KEY] = now
