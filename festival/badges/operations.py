"""Issuing, reissuing and revoking badges."""
import secrets
from datetime import time

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from festival.applications.models import Application, ApplicationStatus
from festival.audit.log import record
from festival.badges import tokens
from festival.badges.models import Badge
from festival.core import signing_keys as keys
from festival.core.domain import DomainError
from festival.core.qr import qr_url
from festival.core.timezones import local_to_utc
from festival.core.types import utcnow
from festival.core.urls import site_base_url
from festival.documents import policy as document_policy
from festival.extensions import db
from festival.fees import policy as fee_policy
from festival.stalls.models import StallAssignment

# What a QR code's alphanumeric mode can hold (ISO/IEC 18004, table 5): no lower case.

# No 0/O, 1/I/L or U/V look-alikes: read aloud over a bad phone line, typed on any keyboard.
SHORT_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
SHORT_CODE_LENGTH = 8


def new_short_code() -> str:
    return "".join(secrets.choice(SHORT_CODE_ALPHABET) for _ in range(SHORT_CODE_LENGTH))


def normalize_short_code(typed: str) -> str:
    """What a person typed, as stored: upper case, no spaces or dashes, look-alikes mapped."""
    from festival.core.numbers import to_ascii_digits

    text = (to_ascii_digits(typed) or "").upper().replace(" ", "").replace("-", "")
    return text.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))


def live_badge(application: Application) -> Badge | None:
    return db.session.scalar(db.select(Badge).where(Badge.application_id == application.id,
                                                    Badge.revoked_at.is_(None)))


def _revoke(badge: Badge, reason: str) -> None:
    badge.revoked_at = utcnow()
    badge.revoked_reason = reason
    db.session.flush()


def issue_badge(application: Application, *, by=None, at_the_gate: bool = False) -> Badge:
    """The live badge of an approved, placed family; a new one if its stall changed.

    `at_the_gate`: staff are letting the family in now (a waiting family given a stall, the
    paper list); a market's "no badge until paid" rule does not stop them (the gate is told
    what is due and takes it there)."""
    assignment = db.session.scalar(db.select(StallAssignment).where(StallAssignment.application_id == application.id)
                                   .options(joinedload(StallAssignment.stall)))
    if application.status != ApplicationStatus.APPROVED or assignment is None:
        raise DomainError(_l("A badge is issued once the family is approved and has a stall."))
    current = live_badge(application)
    if current is not None and current.stall_id == assignment.stall_id:
        return current
    document_policy.check_badge_allowed(application)
    if not at_the_gate:
        fee_policy.check_badge_allowed(application)
    if current is not None:
        _revoke(current, "moved")
    occurrence = application.occurrence
    for _attempt in range(5):
        badge = Badge(application_id=application.id, occurrence_id=occurrence.id, family_id=application.family_id,
                      stall_id=assignment.stall_id, stall_code=assignment.stall.code, short_code=new_short_code(),
                      valid_from=local_to_utc(occurrence.day, time(0)),
                      valid_until=local_to_utc(occurrence.last_day, time(23, 59, 59)))
        try:
            with db.session.begin_nested():
                db.session.add(badge)
                db.session.flush()
        except IntegrityError:
            continue  # a short-code collision (1 in 5·10¹¹), or a concurrent issue: look again
        record("badge.issued", badge, actor=by, short_code=badge.short_code)
        return badge
    existing = live_badge(application)
    if existing is None:
        raise DomainError(_l("The badge could not be issued. Please try again."))
    return existing


def reissue_badge(badge: Badge, *, by) -> Badge:
    """A lost badge: the old QR code stops working at once."""
    if badge.revoked_at is not None:
        raise DomainError(_l("This badge was already replaced."))
    _revoke(badge, "reissued")
    record("badge.reissued", badge, actor=by)
    return issue_badge(badge.application, by=by)


def ensure_badges(applications: list[Application], *, by=None) -> list[Badge]:
    """The badges of these applications, except those a market keeps until the fee is paid."""
    unpaid = fee_policy.blocked(applications)
    return [issue_badge(application, by=by) for application in applications if application.id not in unpaid]


def token_for(badge: Badge) -> str:
    claims = tokens.BadgeClaims(badge.id, badge.occurrence_id, badge.stall_id,
                                badge.occurrence.day, badge.occurrence.last_day)
    return tokens.sign(claims, keys.signing_key())


def badge_url(badge: Badge) -> str:
    """The badge page, as a link on a page or in a message: `https://host/b/<token>`."""
    return f"{site_base_url()}/b/{token_for(badge)}"


def badge_qr_url(badge: Badge) -> str:
    """What the badge's QR code holds (every QR code of a badge: pages, downloads, sheets, PDF)."""
    return qr_url(site_base_url(), token_for(badge))
