"""What a scanned badge means, in one place: the gate page, the scanner page and the
JSON API all ask `verify()` and show its verdict.

Order of checks: the token itself (format, signature), then the database (badge known
and not revoked, family still approved and still at that stall), then the gate (this
user works at this event, today is the day), then whether it was already used.
"""
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from flask import g, has_request_context
from sqlalchemy.orm import joinedload

from festival.applications.models import Application, ApplicationStatus
from festival.auth.models import MANAGER_ROLES, Role
from festival.badges import tokens
from festival.badges.models import Badge, gate_staff
from festival.badges.operations import normalize_short_code
from festival.checkin.models import CheckIn
from festival.core import signing_keys as keys
from festival.core.timezones import to_damascus
from festival.extensions import db
from festival.markets.models import Market, Occurrence
from festival.stalls.models import StallAssignment

# What a verdict shows, loaded with the badge (the offline sync loads them the same way).
BADGE_OPTIONS = (joinedload(Badge.family), joinedload(Badge.application),
                 joinedload(Badge.occurrence).joinedload(Occurrence.market).joinedload(Market.province))


class Outcome(StrEnum):
    VALID = "valid"
    DUPLICATE = "duplicate"
    INVALID = "invalid"


class Reason(StrEnum):
    MALFORMED = "malformed"
    BAD_SIGNATURE = "bad_signature"
    UNKNOWN = "unknown"
    REVOKED = "revoked"  # a new badge was issued (lost badge, or the family moved stall)
    WITHDRAWN = "withdrawn"  # no longer approved, or no longer at that stall
    CANCELLED = "cancelled"  # the event or the day is cancelled
    WRONG_EVENT = "wrong_event"
    NOT_YET = "not_yet"  # a badge for a later day
    EXPIRED = "expired"


@dataclass
class Verdict:
    outcome: Outcome
    reason: Reason | None = None
    badge: Badge | None = None
    checkin: CheckIn | None = None

    @property
    def family(self):
        return self.badge.family if self.badge else None


def can_work_gate(user, occurrence: Occurrence) -> bool:
    """Admins, the organizers of the province, and gate staff attached to the market.

    Asked twice by a scan (the gate's date, then the badge's): answered once per request."""
    if not user or not user.is_authenticated:
        return False
    known = g.setdefault("festival_gate_work", {}) if has_request_context() else {}
    key = (user.id, occurrence.market_id)
    if key not in known:
        known[key] = _works_gate(user, occurrence)
    return known[key]


def _works_gate(user, occurrence: Occurrence) -> bool:
    if user.role in MANAGER_ROLES:
        return user.can_manage_province(occurrence.market.province)
    if user.role == Role.GATE:
        return db.session.scalar(db.select(gate_staff.c.user_id).where(
            gate_staff.c.user_id == user.id, gate_staff.c.market_id == occurrence.market_id)) is not None
    return False


def _load_badge(badge_id: int) -> tuple[Badge | None, bool, int | None]:
    """The badge with what a verdict shows, whether its family is still at its stall, and its
    arrival's id: one query (the gate's hot path; a duplicate's arrival is loaded apart)."""
    placed = db.select(StallAssignment.id).where(
        StallAssignment.application_id == Badge.application_id,
        StallAssignment.stall_id == Badge.stall_id).correlate(Badge).exists()
    arrival = db.select(CheckIn.id).where(
        CheckIn.occurrence_id == Badge.occurrence_id, CheckIn.family_id == Badge.family_id
    ).correlate(Badge).limit(1).scalar_subquery()
    row = db.session.execute(db.select(Badge, placed.label("placed"), arrival.label("arrival_id"))
                             .where(Badge.id == badge_id).options(*BADGE_OPTIONS)).first()
    return (row[0], bool(row[1]), row[2]) if row else (None, False, None)


@dataclass(frozen=True)
class Facts:
    """What the database knows about a badge beyond the badge row, loaded one at a time by
    `verify()` or for a thousand scans at once by the offline sync."""

    still_placed: bool  # approved and still at the badge's stall
    may_work_gate: bool  # the scanning user may check families in at the badge's date
    existing: CheckIn | None  # the family's arrival at that date, if any


def judge(badge: Badge, facts: Facts, now: datetime, gate_occurrence: Occurrence | None) -> Verdict:
    """The rules, in order, on loaded facts (the browser's verifier, static/js/gate-verify.js,
    follows the same order with its day package)."""
    if badge.revoked_at is not None and badge.revoked_at <= now:  # an offline scan made before is not refused
        return Verdict(Outcome.INVALID, Reason.REVOKED, badge)
    if not facts.still_placed:
        return Verdict(Outcome.INVALID, Reason.WITHDRAWN, badge)
    if badge.occurrence.is_cancelled:
        return Verdict(Outcome.INVALID, Reason.CANCELLED, badge)
    if gate_occurrence is not None and gate_occurrence.id != badge.occurrence_id:
        return Verdict(Outcome.INVALID, Reason.WRONG_EVENT, badge)
    if not facts.may_work_gate:
        return Verdict(Outcome.INVALID, Reason.WRONG_EVENT, badge)
    if now < badge.valid_from:
        return Verdict(Outcome.INVALID, Reason.NOT_YET, badge)
    if now > badge.valid_until:
        return Verdict(Outcome.INVALID, Reason.EXPIRED, badge)
    if facts.existing is not None:
        return Verdict(Outcome.DUPLICATE, None, badge, facts.existing)
    return Verdict(Outcome.VALID, None, badge)


def _facts(badge: Badge, placed: bool, arrival_id: int | None, user) -> Facts:
    application: Application = badge.application
    still_there = application.status == ApplicationStatus.APPROVED and placed
    may_work = not (user is not None and user.is_authenticated) or can_work_gate(user, badge.occurrence)
    existing = db.session.get(CheckIn, arrival_id, options=[joinedload(CheckIn.by)]) \
        if still_there and arrival_id is not None else None
    return Facts(still_placed=still_there, may_work_gate=may_work, existing=existing)


def _check_badge(loaded: tuple[Badge, bool, int | None], now: datetime, gate_occurrence: Occurrence | None,
                 user) -> Verdict:
    badge, placed, arrival_id = loaded
    if badge.revoked_at is not None and badge.revoked_at <= now:
        return Verdict(Outcome.INVALID, Reason.REVOKED, badge)
    return judge(badge, _facts(badge, placed, arrival_id, user), now, gate_occurrence)


def read_token(token: str) -> tokens.BadgeClaims:
    """The claims of a token signed by any key still trusted (the current one, and those
    listed in BADGE_PREVIOUS_PUBLIC_KEYS while badges signed with them are in use)."""
    error = None
    for public_key in keys.verification_keys():
        try:
            return tokens.read(token, public_key)
        except tokens.TokenError as refused:
            if refused.reason != "bad_signature":
                raise
            error = refused
    raise error


def verify(token: str, *, now: datetime, user=None, gate_occurrence: Occurrence | None = None) -> Verdict:
    try:
        claims = read_token(token)
    except tokens.TokenError as error:
        return Verdict(Outcome.INVALID, Reason(error.reason))
    loaded = _load_badge(claims.badge_id)
    badge = loaded[0]
    if badge is None:
        return Verdict(Outcome.INVALID, Reason.UNKNOWN)
    if (badge.occurrence_id, badge.stall_id) != (claims.occurrence_id, claims.stall_id):
        return Verdict(Outcome.INVALID, Reason.BAD_SIGNATURE, badge)  # signed, but not this badge's data
    return _check_badge(loaded, now, gate_occurrence, user)


def verify_short_code(typed: str, *, now: datetime, user=None, gate_occurrence: Occurrence | None = None) -> Verdict:
    code = normalize_short_code(typed)
    badge_id = db.session.scalar(db.select(Badge.id).where(Badge.short_code == code)) if code else None
    if badge_id is None:
        return Verdict(Outcome.INVALID, Reason.UNKNOWN)
    return _check_badge(_load_badge(badge_id), now, gate_occurrence, user)


def looks_like_badge_url(typed: str) -> bool:
    """What a handheld scanner types into the code field: the badge URL, or a bare token."""
    return "/b/" in typed.lower() or len(typed) >= 100


def verify_typed(typed: str, *, now: datetime, user=None, gate_occurrence: Occurrence | None = None) -> Verdict:
    """The gate form's field: a short code typed by hand, or a badge URL typed by a scanner."""
    if looks_like_badge_url(typed):
        token = typed.rsplit("/b/", 1)[-1].rsplit("/B/", 1)[-1].split("?", 1)[0].split("#", 1)[0]
        return verify(token, now=now, user=user, gate_occurrence=gate_occurrence)
    return verify_short_code(typed, now=now, user=user, gate_occurrence=gate_occurrence)


def checked_in_at_local(verdict: Verdict) -> datetime | None:
    return to_damascus(verdict.checkin.checked_in_at) if verdict.checkin else None
