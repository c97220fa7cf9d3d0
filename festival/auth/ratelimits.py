"""Rate limits on logging in and signing up (Flask-Limiter).

Only failed logins count (`deduct_when`), per IP and per account, so a family that
types its password right is never slowed down; once a limit is used up even the right
password gets the 429 page until the window passes - that is the lockout.
"""
from flask import g, request
from flask_limiter.util import get_remote_address

from festival.core.numbers import to_ascii_digits
from festival.core.phones import InvalidPhone, normalize_mobile
from festival.extensions import limiter

FAILED_LOGIN_LIMITS = "5 per 15 minutes;10 per day"
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
failed_logins_per_account = limiter.limit(
    FAILED_LOGIN_LIMITS, key_func=submitted_account_key, deduct_when=login_failed,
    exempt_when=is_safe_method, scope="login-account",
)
signups_per_ip = limiter.limit(
    SIGNUP_LIMITS, key_func=get_remote_address, deduct_when=signup_succeeded,
    exempt_when=is_safe_method, scope="signup-ip",
)
signup_attempts_per_ip = limiter.limit(
    SIGNUP_ATTEMPT_LIMITS, key_func=get_remote_address, exempt_when=is_safe_method,
    scope="signup-attempts-ip",
)
