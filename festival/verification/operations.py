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
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from festival.auth.models import User
from festival.auth.operations import WrongPassword
from festival.core.domain import DomainError
from festival.core.numbers import to_ascii_digits
from festival.extensions import db
from festival.notifications.models import OutboxMessage
from festival.notifications.service import LOCALES, REPLY_KEY_PREFIX, direct_sms
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
              payload: dict | None = None) -> int:
    """Send a code for `purpose` to `phone` (E.164), or, where a code would give away that the
    number has an account (signing up with it), the owner's warning instead; the code's row id
    (the session keeps it: only that code opens this request)."""
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
        with force_locale(LOCALES.get(owner.language or "ar", "ar_SY")):  # the owner's language, not the typist's
            warning = _("Someone tried to create an account with your number on the productive families "
                        "markets. If it was you, log in, or reset your password from the login page.")
        direct_sms(phone, key, warning, user=owner)
    elif purpose == Purpose.RESET and owner is None:
        pass  # an unknown number: nothing to send, and the same answer as for a known one
    elif purpose == Purpose.CHANGE_PHONE and owner is not None:
        pass  # the number belongs to someone else: no code, the same answer
    else:
        text = _("Your code for the productive families markets: %(code)s. It is valid for 10 minutes. "
                 "Do not give it to anyone.", code=code)
        message = direct_sms(phone, key, text, user=owner or user)
        if message is not None:  # what pages show of it never carries the code itself
            message.subject = text.replace(code, "••••••")[:300]
    return row.id


def ask_for_new_phone(user: User, current_password: str, new_phone: str, *, now: datetime) -> int:
    """A signed-in person asks to move the account to `new_phone`: the password first (a phone
    left unlocked must not hand the account over), then a code to the new number."""
    if not user.check_password(current_password or ""):
        raise WrongPassword()
    return send_code(new_phone, Purpose.CHANGE_PHONE, now=now, user=user)


WRONG_CODE = _l("This code is not right, or it is too old. Check the SMS, or ask for a new code.")


def check_code(phone: str, purpose: Purpose, code: str, *, now: datetime, code_id: int | None) -> PhoneCode | None:
    """The code row `code_id` if the typed `code` opens it (now used), or None.

    A wrong guess is not raised as an error on purpose: raising would undo the transaction,
    and with it the count of tries that stops guessing; the view shows WRONG_CODE."""
    row = db.session.scalar(
        select(PhoneCode).where(PhoneCode.id == code_id, PhoneCode.phone == phone, PhoneCode.purpose == purpose)
        .with_for_update())
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
    # The SMS that carried the codes keep their state, not the codes.
    db.session.execute(update(OutboxMessage).where(OutboxMessage.key.like(f"{REPLY_KEY_PREFIX}code:%"),
                                                   OutboxMessage.created_at < now - timedelta(days=1),
                                                   OutboxMessage.body != "").values(body=""))
    return result.rowcount or 0
