"""The number the last code went to, and that code's row, per purpose, kept in the session.

Never in a URL. The row id matters: a code opens only the request it was sent for, so a
stranger who asks for a second code for the same number cannot slip their own sign-up (their
password, their email) under the code the real owner types.
"""
from flask import session

from festival.verification.models import Purpose

PENDING = "verification_phone"


def pending(purpose: Purpose) -> tuple[str, int] | tuple[None, None]:
    entry = (session.get(PENDING) or {}).get(purpose)
    if not isinstance(entry, list | tuple) or len(entry) != 2:
        return None, None
    return entry[0], entry[1]


def remember_pending(purpose: Purpose, phone: str, code_id: int) -> None:
    session[PENDING] = {**(session.get(PENDING) or {}), purpose: [phone, code_id]}


def forget_pending(purpose: Purpose) -> None:
    session[PENDING] = {key: value for key, value in (session.get(PENDING) or {}).items() if key != purpose}
