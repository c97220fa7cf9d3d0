"""How each person wants to be told: SMS or not, email or not, in which language.

The in-app notification is always written. A choice is stored with its time (the
programme must be able to say when a family asked to stop). A family can also stop SMS
from its phone: an SMS with STOP (or إيقاف) to the programme's number reaches us through
the gateway's incoming messages (notifications/sms_views.py); START turns them back on.
"""
from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from festival.audit.log import record
from festival.auth.models import User
from festival.core.numbers import to_ascii_digits
from festival.core.phones import InvalidPhone, normalize_mobile
from festival.extensions import db
from festival.notifications.service import reply_by_sms

STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "ستوب", "إيقاف", "ايقاف", "توقف", "الغاء", "إلغاء"}
START_WORDS = {"START", "تشغيل", "ابدأ", "ابدا", "اشتراك"}


def set_preferences(user: User, *, language: str, sms: bool | None, email: bool | None, now: datetime) -> None:
    """`None` for a channel the form did not offer (no SMS gateway, no email address): an
    unticked box that was never shown is not a "no", so that choice is kept."""
    sms = user.sms_allowed if sms is None else sms
    email = user.email_allowed if email is None else email
    before = (user.language, user.sms_allowed, user.email_allowed)
    user.language, user.sms_allowed, user.email_allowed = language, sms, email
    if before != (language, sms, email):
        user.contact_choice_at = now
        record("account.contact_choice", user, actor=user, language=language, sms=sms, email=email)


def _sender(number: str | None) -> User | None:
    digits = "".join(char for char in to_ascii_digits(number or "") or "" if char.isdigit())
    try:
        phone = normalize_mobile("+" + digits if digits.startswith("963") else digits)
    except InvalidPhone:
        return None
    return db.session.scalar(select(User).where(User.phone == phone))


def handle_incoming(number: str | None, text: str | None, now: datetime) -> bool:
    """An SMS a family sent to the programme's number: STOP or START; True when it was one.

    The answer goes through the outbox like every other message (at once, even at night,
    since the family just wrote)."""
    word = (text or "").strip().split(" ")[0].upper() if (text or "").strip() else ""
    if word not in STOP_WORDS | START_WORDS:
        return False
    user = _sender(number)
    if user is None:
        return False
    allowed = word in START_WORDS
    if user.sms_allowed != allowed:
        user.sms_allowed = allowed
        user.contact_choice_at = now
        record("account.sms_started" if allowed else "account.sms_stopped", user, actor=user)
    with force_locale("en" if user.language == "en" else "ar_SY"):
        answer = (_("SMS from the productive families markets are on again. To stop them, send STOP.") if allowed
                  else _("You will get no more SMS from the productive families markets. To get them again, "
                         "send START."))
    reply_by_sms(user, f"{'start' if allowed else 'stop'}:{now.isoformat()}", answer)
    return True
