"""Sending and checking phone codes.

- A code is 6 digits, lives CODE_LIFETIME, and allows MAX_TRIES wrong guesses; asking for a
  new one makes the older ones useless.
- A number gets at most CODES_PER_HOUR codes an hour (an attacker cannot flood a family's
  phone, nor buy SMS on our account); addresses are limited by the views (Flask-Limiter).
- Nothing tells whether a number has an account: signing up with a registered number, or
  asking for a reset for an unknown one, answers exactly as for any other number (the
  registered owner gets an SMS telling them someone tried, and how to reset instead).
- Every code goes through the outbox as an SMS that leaves at once (even at night: the
  person is waiting for it).
"""
import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from festival.auth.models import User
from festival.core.domain import DomainError
from festival.core.numbers import to_ascii_digits
from festival.extensions import db
from festival.notifications.service import REPLY_KEY_PREFIX, direct_sms
from festival.verification.models import PhoneCode, Purpose

CODE_LIFETIME = timedelta(minutes=10)
MAX_TRIES = 5
CODES_PER_HOUR = 3


def _hash(code: str, phone: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"{phone}:{code}".encode(), hashlib.sha256).hexdigest()


def _account(phone: str) -> User | None:
    return db.session.scalar(select(User).where(User.phone == phone))


def send_code(phone: str, purpose: Purpose, *, now: datetime, user: User | None = None,
              payload: dict | None = None) -> None:
    """Send a code for `purpose` to `phone` (E.164), or, where a code would give away that the
    number has an account (signing up with it), the owner's warning instead."""
    recent = db.session.scalar(select(func.count(PhoneCode.id)).where(
        PhoneCode.phone == phone, PhoneCode.created_at > now - timedelta(hours=1))) or 0
    if recent >= CODES_PER_HOUR:
        raise DomainError(_l("Too many codes were sent to this number. Wait an hour and try again."), field="phone")
    owner = _account(phone)
    code = f"{secrets.randbelow(10**6):06d}"
    # A row even when no code leaves: the hourly count then counts every attempt, as it should.
    row = PhoneCode(phone=phone, purpose=purpose, code_hash=_hash(code, phone), user_id=user.id if user else None,
                    payload=payload or {}, attempts=0, created_at=now, expires_at=now + CODE_LIFETIME)
    db.session.add(row)
    db.session.flush()
    key = f"{REPLY_KEY_PREFIX}code:{row.id}"
    if purpose == Purpose.REGISTER and owner is not None:
        direct_sms(phone, key, _("Someone tried to create an account with your number on the productive families "
                                 "markets. If it was you, log in, or reset your password from the login page."),
                   user=owner)
    elif purpose == Purpose.RESET and owner is None:
        return  # an unknown number: nothing to send, and the same answer as for a known one
    elif purpose == Purpose.CHANGE_PHONE and owner is not None:
        return  # the number belongs to someone else: no code, the same answer
    else:
        direct_sms(phone, key, _("Your code for the productive families markets: %(code)s. It is valid for 10 "
                                 "minutes. Do not give it to anyone.", code=code), user=owner or user)


WRONG_CODE = _l("This code is not right, or it is too old. Check the SMS, or ask for a new code.")


def check_code(phone: str, purpose: Purpose, code: str, *, now: datetime) -> PhoneCode | None:
    """The code row the typed `code` opens (now used), or None.

    A wrong guess is not raised as an error on purpose: raising would undo the transaction,
    and with it the count of tries that stops guessing; the view shows WRONG_CODE."""
    row = db.session.scalar(
        select(PhoneCode).where(PhoneCode.phone == phone, PhoneCode.purpose == purpose)
        .order_by(PhoneCode.created_at.desc(), PhoneCode.id.desc()).limit(1).with_for_update())
    if row is None or row.used_at is not None or row.expires_at <= now or row.attempts >= MAX_TRIES:
        return None
    row.attempts += 1
    typed = "".join(char for char in (to_ascii_digits(code) or "") if char.isdigit())
    if not hmac.compare_digest(row.code_hash, _hash(typed, phone)):
        db.session.flush()
        return None
    row.used_at = now
    db.session.flush()
    return row


def forget_old_codes(now: datetime) -> int:
    """Codes a day past their time say nothing any more (the schedule's clean-up)."""
    result = db.session.execute(PhoneCode.__table__.delete().where(PhoneCode.expires_at < now - timedelta(days=1)))
    return result.rowcount or 0
