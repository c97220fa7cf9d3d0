"""Recording arrivals: one check-in per family and occurrence, retried requests are safe."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from festival.audit.log import record
from festival.checkin.models import CheckIn, CheckinMethod
from festival.checkin.verify import Outcome, Verdict
from festival.core.domain import DomainError
from festival.extensions import db

METHODS = tuple(CheckinMethod)


def _existing(occurrence_id: int, family_id: int) -> CheckIn | None:
    return db.session.scalar(db.select(CheckIn).where(CheckIn.occurrence_id == occurrence_id,
                                                      CheckIn.family_id == family_id))


def check_in(verdict: Verdict, *, by, method: str, now: datetime, nonce: str | None = None) -> Verdict:
    """Turn a VALID verdict into a recorded arrival; a second scan answers DUPLICATE.

    The unique constraint (occurrence, family) settles two phones scanning at once; the
    unique nonce makes a resent request return the first answer instead of a duplicate.
    The verdict comes first: a nonce never turns an invalid badge (revoked since, wrong
    gate, other market's staff) into "valid"; it only replays the arrival it recorded.
    """
    if method not in METHODS:
        raise ValueError(method)
    if verdict.outcome == Outcome.INVALID:
        return verdict
    if nonce:
        earlier = db.session.scalar(db.select(CheckIn).where(CheckIn.nonce == nonce))
        if earlier is not None:
            if verdict.checkin is None or verdict.checkin.id != earlier.id:
                raise DomainError(_l("This request id was already used for another badge."))
            return Verdict(Outcome.VALID, None, verdict.badge, earlier)
    if verdict.outcome != Outcome.VALID:
        return verdict
    badge = verdict.badge
    checkin = CheckIn(occurrence_id=badge.occurrence_id, family_id=badge.family_id,
                      application_id=badge.application_id, badge_id=badge.id, method=method, nonce=nonce or None,
                      checked_in_at=now, by_id=by.id if by else None)
    try:
        with db.session.begin_nested():
            db.session.add(checkin)
            db.session.flush()
    except IntegrityError:
        if nonce:
            earlier = db.session.scalar(db.select(CheckIn).where(CheckIn.nonce == nonce))
            if earlier is not None:
                return Verdict(Outcome.VALID, None, badge, earlier)
        return Verdict(Outcome.DUPLICATE, None, badge, _existing(badge.occurrence_id, badge.family_id))
    record("checkin.recorded", checkin, actor=by, method=method)
    return Verdict(Outcome.VALID, None, badge, checkin)
