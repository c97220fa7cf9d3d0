"""The session code shown on the room's screen: families present type it on their phone
to record themselves, when the trainer cannot scan everyone.

Six digits that change every 30 seconds (an HMAC of the session and the time step, keyed
by the app's SECRET_KEY, in the manner of TOTP, RFC 6238): a code read out over the phone
or sent by message is stale before it can be used outside the room. The code of the
previous step is still accepted, for a family that was typing when it changed. Guessing
is bounded by a rate limit on wrong codes (festival/training/family_views.py). Codes are
taken from 15 minutes before the session until it ends.
"""
import hashlib
import hmac
from datetime import datetime, timedelta

from flask import current_app

from festival.training.models import TrainingSession

STEP_SECONDS = 30
DIGITS = 6
OPEN_BEFORE = timedelta(minutes=15)


def _step(moment: datetime) -> int:
    return int(moment.timestamp()) // STEP_SECONDS


def _code(session_id: int, step: int) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"training-room-code:{session_id}:{step}".encode(), hashlib.sha256).digest()
    offset = digest[-1] & 0x0F  # dynamic truncation, as in RFC 4226
    number = int.from_bytes(digest[offset:offset + 4], "big") & 0x7FFFFFFF
    return f"{number % 10 ** DIGITS:0{DIGITS}d}"


def is_open(session: TrainingSession, now: datetime) -> bool:
    return session.starts_at - OPEN_BEFORE <= now <= session.ends_at


def current_code(session: TrainingSession, now: datetime) -> str:
    return _code(session.id, _step(now))


def seconds_left(now: datetime) -> int:
    """Until the code changes: the screen reloads then."""
    return STEP_SECONDS - int(now.timestamp()) % STEP_SECONDS


def is_valid(session: TrainingSession, typed: str, now: datetime) -> bool:
    step = _step(now)
    return any(hmac.compare_digest(typed, _code(session.id, candidate)) for candidate in (step, step - 1))
