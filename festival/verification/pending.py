"""The number the last code went to, per purpose, kept in the session (never in a URL)."""
from flask import session

from festival.verification.models import Purpose

PENDING = "verification_phone"


def pending(purpose: Purpose) -> str | None:
    return (session.get(PENDING) or {}).get(purpose)


def remember_pending(purpose: Purpose, phone: str) -> None:
    session[PENDING] = {**(session.get(PENDING) or {}), purpose: phone}


def forget_pending(purpose: Purpose) -> None:
    session[PENDING] = {key: value for key, value in (session.get(PENDING) or {}).items() if key != purpose}
