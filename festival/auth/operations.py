"""Account rules: registering families, checking passwords, resets, staff accounts.

Operations change objects and flush; the view (or CLI command) commits once.
"""
import hashlib
import logging
import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from limits import parse_many
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from festival.audit.log import record, record_changes, snapshot
from festival.audit.models import AuditEntry
from festival.auth.models import PROVINCE_ROLES, STAFF_ROLES, Role, User, password_hash_method
from festival.auth.ratelimits import FAILED_LOGIN_LIMITS
from festival.core.domain import DomainError
from festival.core.phones import normalize_mobile
from festival.core.types import utcnow
from festival.extensions import db
from festival.vendors.models import Family

security_log = logging.getLogger("festival.security")

MIN_PASSWORD_LENGTH = 8
# Checked against when the phone is unknown, so a wrong phone costs as long as a wrong
# password and response times do not reveal which phones have accounts.
_dummy_hashes: dict[str, str] = {}


def _dummy_hash() -> str:
    method = password_hash_method()
    if method not in _dummy_hashes:
        _dummy_hashes[method] = generate_password_hash("not-a-real-password", method=method)
    return _dummy_hashes[method]


class PhoneTaken(DomainError):
    """`for_self`: the person signing up (who can log in); otherwise staff making an account for someone."""

    def __init__(self, *, for_self: bool = True):
        super().__init__(_l("An account with this mobile number already exists. Log in instead.") if for_self
                         else _l("An account with this mobile number already exists: find it in the accounts list."),
                         field="phone")


class WrongPassword(DomainError):
    def __init__(self):
        super().__init__(_l("The current password is not correct."), field="current_password")


def _find_by_phone(phone_e164: str) -> User | None:
    return db.session.scalar(db.select(User).where(User.phone == phone_e164))


def _add_user_or_phone_taken(user: User, *, for_self: bool) -> None:
    """Insert; the unique index on phone decides races between two sign-ups."""
    if _find_by_phone(user.phone) is not None:
        raise PhoneTaken(for_self=for_self)
    try:
        with db.session.begin_nested():
            db.session.add(user)
            db.session.flush()
    except IntegrityError as error:
        raise PhoneTaken(for_self=for_self) from error


def register_family(*, phone: str, family_name: str, province, email=None, password: str | None = None,
                    password_hash: str | None = None) -> Family:
    """A family's account; `password_hash` when the password was hashed before its phone was proven."""
    user = User(
        phone=normalize_mobile(phone),
        email=email or None,
        display_name=family_name.strip(),
        role=Role.VENDOR,
    )
    if password_hash:
        user.password_hash = password_hash
    else:
        user.set_password(password)
    _add_user_or_phone_taken(user, for_self=True)
    family = Family(user=user, name=family_name.strip(), province=province)
    db.session.add(family)
    db.session.flush()
    record("account.created", user, actor=user, province=province, role=user.role, name=user.display_name)
    return family


def find_by_phone(phone_e164: str) -> User | None:
    return _find_by_phone(phone_e164)


def change_phone(user: User, new_phone_e164: str) -> None:
    """The proven new number becomes the login (a number taken meanwhile is refused)."""
    before = user.phone
    user.phone = new_phone_e164
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as error:
        raise PhoneTaken() from error
    record("account.phone_changed", user, actor=user, changes={"phone": [before, new_phone_e164]})


def hash_for_later(password: str) -> str:
    """The hash a sign-up waiting for its code keeps instead of the password."""
    probe = User()
    probe.set_password(password)
    return probe.password_hash


def create_staff_user(*, phone, display_name, role, provinces=(), email=None, password=None, by=None) -> User:
    if role not in STAFF_ROLES:
        raise ValueError(f"not a staff role: {role}")
    user = User(
        phone=normalize_mobile(phone),
        display_name=display_name.strip(),
        email=email or None,
        role=role,
        provinces=list(provinces) if role in PROVINCE_ROLES else [],
    )
    # Without a password the account can only be entered through a reset link.
    user.set_password(password or _unusable_password())
    _add_user_or_phone_taken(user, for_self=False)
    record("account.created", user, actor=by, role=user.role, name=user.display_name,
           provinces=snapshot(user, ["provinces"])["provinces"] or None)
    return user


def _unusable_password() -> str:
    return secrets.token_urlsafe(32)


def authenticate(phone: str, password: str) -> User | None:
    """The enabled user with this phone and password, or None (and a log line)."""
    try:
        phone_e164 = normalize_mobile(phone)
    except ValueError:
        phone_e164 = None
    user = _find_by_phone(phone_e164) if phone_e164 else None
    if user is None:
        check_password_hash(_dummy_hash(), password)
        security_log.warning("login failed: unknown phone %r", phone_e164 or phone)
        typed = "".join(char for char in phone or "" if char.isprintable())[:32]
        record("account.login_failed", None, actor=None, reason="unknown_phone", phone=phone_e164 or typed)
        return None
    if not user.check_password(password):
        security_log.warning("login failed: wrong password for user %s", user.id)
        _record_failed_login(user, "wrong_password")
        return None
    if not user.enabled:
        security_log.warning("login refused: user %s is disabled", user.id)
        _record_failed_login(user, "disabled")
        return None
    return user


def _record_failed_login(user: User, reason: str) -> None:
    """Record the failure; when it uses up a limit of festival/auth/ratelimits.py, the lockout too.

    The rate limiter refuses the next logins of this phone until its window passes; the
    failures in the log are counted over the same windows to say when that begins.
    """
    record("account.login_failed", user, actor=None, reason=reason)
    db.session.flush()
    for limit in parse_many(FAILED_LOGIN_LIMITS):
        since = utcnow() - timedelta(seconds=limit.get_expiry())
        failures = db.session.scalar(db.select(db.func.count(AuditEntry.id)).where(
            AuditEntry.action == "account.login_failed", AuditEntry.target_type == User.__tablename__,
            AuditEntry.target_id == user.id, AuditEntry.at >= since))
        if failures == limit.amount:
            record("account.locked", user, actor=None, failures=failures, minutes=limit.get_expiry() // 60)
            return


def change_password(user: User, current_password: str, new_password: str) -> None:
    if not user.check_password(current_password):
        raise WrongPassword()
    set_new_password(user, new_password, action="account.password_changed")


def set_new_password(user: User, new_password: str, *, action: str = "account.password_reset") -> None:
    """Set the password and sign out every session of the user."""
    user.set_password(new_password)
    user.end_all_sessions()
    record(action, user, actor=user)


def set_enabled(user: User, enabled: bool, *, by=None) -> None:
    before = snapshot(user, ["enabled"])
    user.enabled = enabled
    if not enabled:
        user.end_all_sessions()
    record_changes("account.enabled" if enabled else "account.disabled", user, before,
                   snapshot(user, ["enabled"]), actor=by)


# -- one-time reset links -----------------------------------------------------------
# The token carries a fingerprint of the current password hash: once the password is
# set through the link, the fingerprint changes and the link stops working.


def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def _password_fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def make_reset_token(user: User, *, by=None) -> str:
    record("account.reset_link_made", user, actor=by)
    return _reset_serializer().dumps({"user": user.id, "pw": _password_fingerprint(user)})


def user_for_reset_token(token: str) -> User | None:
    max_age = current_app.config["PASSWORD_RESET_MAX_AGE"].total_seconds()
    try:
        payload = _reset_serializer().loads(token, max_age=max_age)
    except (BadSignature, SignatureExpired):
        return None
    user = db.session.get(User, payload.get("user"))
    if user is None or _password_fingerprint(user) != payload.get("pw"):
        return None
    if not user.enabled:  # an admin disabled it after the link was sent: no new password, no session
        security_log.warning("reset refused: user %s is disabled", user.id)
        return None
    return user
