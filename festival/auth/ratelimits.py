"""Rate limits on logging in and signing up (Flask-Limiter).

Only failed logins count (`deduct_when`), so a family that types its password right is
never slowed down.

- Per address (`failed_logins_per_ip`): 5 failures in 15 minutes, 10 a day; then that
  address gets the 429 page, even with the right password - the attacker's lockout.
- Per account (`slow_down_attacked_accounts`): 5 failures in 15 minutes from anywhere
  mark the account as attacked. That does not lock the family out (anyone who knows
  its number could do that): from then on each address gets one attempt a minute on
  that account, so a correct login from a new address passes at once, and a
  mistyped one after a minute, while guessing from many addresses stays slow.
Behind a reverse proxy the address is the client's only with BEHIND_PROXY set
(festival/config.py).
"""
import logging
from functools import wraps

from flask import g, request
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address
from limits import parse, parse_many
from werkzeug.exceptions import TooManyRequests

from festival.core.numbers import to_ascii_digits
from festival.core.phones import InvalidPhone, normalize_mobile
from festival.extensions import limiter

security_log = logging.getLogger("festival.security")

FAILED_LOGIN_LIMITS = "5 per 15 minutes;10 per day"
ACCOUNT_ATTACKED_AFTER = parse_many("5 per 15 minutes")  # failures on one account, from all addresses
ATTACKED_ACCOUNT_PACE = parse("1 per minute")  # attempts per address on an attacked account
SIGNUP_LIMITS = "5 per hour"
SIGNUP_ATTEMPT_LIMITS = "30 per hour"


def submitted_account_key() -> str:
    raw = request.form.get("phone", "")
    try:
        return "account:" + normalize_mobile(raw)
    except InvalidPhone:
        return "account:" + (to_ascii_digits(raw) or "").strip()[:32]


def login_failed(_response) -> bool:
    return bool(g.get("login_failed"))


def signup_succeeded(_response) -> bool:
    return bool(g.get("signed_up"))


def is_safe_method() -> bool:
    return request.method != "POST"


failed_logins_per_ip = limiter.limit(
    FAILED_LOGIN_LIMITS, key_func=get_remote_address, deduct_when=login_failed,
    exempt_when=is_safe_method, scope="login-ip",
)


class AccountSlowedDown(TooManyRequests):
    user_message = _l("Many wrong passwords were tried on this account recently, so it accepts one attempt "
                      "a minute from each device. Wait a minute and try again.")


def account_is_attacked(account: str) -> bool:
    return any(not limiter.limiter.test(item, "login-account", account) for item in ACCOUNT_ATTACKED_AFTER)


def slow_down_attacked_accounts(view):
    """Around the login view: pace attempts on an attacked account, count its failures."""

    @wraps(view)
    def paced(*args, **kwargs):
        if is_safe_method():
            return view(*args, **kwargs)
        account, address = submitted_account_key(), get_remote_address()
        if account_is_attacked(account) and not limiter.limiter.hit(
                ATTACKED_ACCOUNT_PACE, "login-account-pace", account, address):
            security_log.warning("rate limit hit: attacked account paced ip=%s account=%s", address, account)
            raise AccountSlowedDown()
        response = view(*args, **kwargs)
        if g.get("login_failed"):
            for item in ACCOUNT_ATTACKED_AFTER:
                limiter.limiter.hit(item, "login-account", account)
        return response

    return paced

signups_per_ip = limiter.limit(
    SIGNUP_LIMITS, key_func=get_remote_address, deduct_when=signup_succeeded,
    exempt_when=is_safe_method, scope="signup-ip",
)
signup_attempts_per_ip = limiter.limit(
    SIGNUP_ATTEMPT_LIMITS, key_func=get_remote_address, exempt_when=is_safe_method,
    scope="signup-attempts-ip",
)
