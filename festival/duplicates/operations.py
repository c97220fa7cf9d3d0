"""Keeping the review queue up to date, and the decision that a pair is not one family.

`scan(now)` runs the detection (festival/duplicates/detection.py) over the whole country
and stores what it found: a new pair is open; an open pair gets its new score and
reasons, or goes when no rule holds any more (a phone was corrected); a pair already
decided (not a duplicate, merged) is never reopened nor changed. Run by
`flask duplicates scan` and by the admins' "Look for duplicates now" button.

Merging is festival/duplicates/merge.py.
"""
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from festival.audit.log import record
from festival.core.domain import DomainError
from festival.duplicates.detection import find_candidates
from festival.duplicates.models import DuplicatePair, PairStatus
from festival.extensions import db


class PairDecided(DomainError):
    def __init__(self):
        super().__init__(_l("This pair was already decided."))


@dataclass(frozen=True)
class ScanResult:
    found: int  # pairs the rules hold for now (decided ones included)
    new: int
    gone: int  # open pairs no rule holds any more


def scan(now: datetime) -> ScanResult:
    candidates = find_candidates()
    stored = {(pair.first_family_id, pair.second_family_id): pair
              for pair in db.session.scalars(select(DuplicatePair))}
    new = 0
    for key, candidate in candidates.items():
        pair = stored.get(key)
        if pair is None:
            db.session.add(DuplicatePair(first_family_id=key[0], second_family_id=key[1], score=candidate.score,
                                         reasons=sorted(candidate.reasons), status=PairStatus.OPEN, found_at=now))
            new += 1
        elif pair.status == PairStatus.OPEN:
            pair.score, pair.reasons = candidate.score, sorted(candidate.reasons)
    gone = [pair for key, pair in stored.items() if pair.status == PairStatus.OPEN and key not in candidates]
    for pair in gone:
        db.session.delete(pair)
    db.session.flush()
    return ScanResult(found=len(candidates), new=new, gone=len(gone))


def _ensure_open(pair: DuplicatePair) -> None:
    if pair.status != PairStatus.OPEN:
        raise PairDecided()


def mark_not_duplicate(pair: DuplicatePair, *, by, now: datetime) -> None:
    """Two families, not one: remembered, so no later scan offers the pair again."""
    _ensure_open(pair)
    pair.status, pair.decided_at, pair.decided_by_id = PairStatus.NOT_DUPLICATE, now, by.id
    record("family.not_duplicate", pair.first, actor=by, other_family=pair.second_family_id,
           other_name=pair.second.name, score=pair.score, reasons=list(pair.reasons))
    db.session.flush()
