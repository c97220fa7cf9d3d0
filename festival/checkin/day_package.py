"""The day package: what a gate phone needs to check badges with no network.

For one date it holds every public key a genuine badge may be signed with, the roster
(badge id → family name, stall, short code, validity window; no phone number, no ID
number, nothing else about the family), the badges that must be refused (revoked, or
the family withdrawn or moved: the whole list each time, a few ids), and the arrivals
the server already knows (so a phone can say "already checked in" for a family another
gate let in while this phone was online), and the short codes of the market's other dates.

Incremental: the phone sends the cursor of its last package and receives only the
badges issued and the arrivals recorded since. The cursor is the server's time, taken
a little early (CURSOR_OVERLAP) so a row committed by a slower transaction that started
before the package was read is sent again rather than missed; the phone merges by id.
A package costs a fixed number of queries, whatever the number of families.
"""
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, or_

from festival.applications.models import Application, ApplicationStatus
from festival.badges.models import Badge
from festival.checkin.models import CheckIn
from festival.core import signing_keys as keys
from festival.core.timezones import to_damascus
from festival.extensions import db
from festival.markets.models import Occurrence
from festival.stalls.models import StallAssignment
from festival.vendors.models import Family

CURSOR_OVERLAP = timedelta(minutes=2)


class BadCursor(ValueError):
    pass


def _epoch(moment: datetime) -> int:
    return int(moment.timestamp())


def read_cursor(text: str | None) -> datetime | None:
    """The phone's cursor (seconds since 1970, as sent back by `package`); None: everything."""
    if not text:
        return None
    try:
        seconds = int(text)
    except ValueError as error:
        raise BadCursor(text) from error
    if not 0 <= seconds < 2**40:
        raise BadCursor(text)
    return datetime.fromtimestamp(seconds, tz=UTC)


@dataclass
class Package:
    occurrence: Occurrence
    cursor: int
    full: bool
    key_texts: list[str]
    badges: list[dict]
    refused: list[dict]
    arrivals: list[dict]
    other_dates: list[str]
    utc_offset: int  # seconds east of UTC on the date: turns a badge's signed days into instants

    def as_json(self) -> dict:
        occurrence = self.occurrence
        return {
            "cursor": str(self.cursor), "full": self.full, "keys": self.key_texts,
            "occurrence": {"id": occurrence.id, "market_id": occurrence.market_id,
                           "day": occurrence.day.isoformat(), "last_day": occurrence.last_day.isoformat(),
                           "cancelled": occurrence.is_cancelled},
            "utc_offset": self.utc_offset, "badges": self.badges, "refused": self.refused, "arrivals": self.arrivals,
            "other_dates": self.other_dates,
        }


def _roster(occurrence: Occurrence, since: datetime | None) -> list[dict]:
    query = (db.select(Badge.id, Badge.short_code, Badge.stall_code, Badge.stall_id, Badge.family_id,
                       Badge.valid_from, Badge.valid_until, Family.name)
             .join(Family, Family.id == Badge.family_id)
             .where(Badge.occurrence_id == occurrence.id, Badge.revoked_at.is_(None)))
    if since is not None:
        query = query.where(Badge.issued_at >= since)
    return [{"id": row.id, "occurrence_id": occurrence.id, "short_code": row.short_code, "family": row.name,
             "family_id": row.family_id,
             "stall": row.stall_code, "stall_id": row.stall_id,
             "from": _epoch(row.valid_from), "until": _epoch(row.valid_until)}
            for row in db.session.execute(query.order_by(Badge.id))]


def refused_badges(occurrence: Occurrence) -> list[dict]:
    """Badges of the date that a gate must refuse, and why: revoked (a newer badge exists), or
    withdrawn (the family is no longer approved at the badge's stall), as `verify.judge` says."""
    placed = db.select(StallAssignment.id).where(
        StallAssignment.application_id == Badge.application_id, StallAssignment.stall_id == Badge.stall_id,
        Application.status == ApplicationStatus.APPROVED).correlate(Badge, Application).exists()
    query = (db.select(Badge.id, Badge.short_code, Badge.stall_id, Badge.revoked_at)
             .join(Application, Application.id == Badge.application_id)
             .where(Badge.occurrence_id == occurrence.id, or_(Badge.revoked_at.is_not(None), ~placed))
             .order_by(Badge.id))
    return [{"id": row.id, "short_code": row.short_code, "stall_id": row.stall_id,
             "reason": "revoked" if row.revoked_at is not None else "withdrawn"}
            for row in db.session.execute(query)]


def other_dates_codes(occurrence: Occurrence) -> list[str]:
    """Short codes of the market's live badges for its other dates: typed at this gate, the phone
    says "another date", as the server does, rather than "no badge has this code"."""
    return list(db.session.scalars(
        db.select(Badge.short_code).join(Occurrence, Occurrence.id == Badge.occurrence_id)
        .where(Occurrence.market_id == occurrence.market_id, Badge.occurrence_id != occurrence.id,
               Badge.revoked_at.is_(None)).order_by(Badge.id)))


def _arrivals(occurrence: Occurrence, since: datetime | None) -> list[dict]:
    recorded_at = func.coalesce(CheckIn.uploaded_at, CheckIn.checked_in_at)
    query = db.select(CheckIn.family_id, CheckIn.checked_in_at, CheckIn.device_id).where(
        CheckIn.occurrence_id == occurrence.id)
    if since is not None:
        query = query.where(recorded_at >= since)
    return [{"family_id": row.family_id, "at": _epoch(row.checked_in_at)}
            for row in db.session.execute(query.order_by(CheckIn.id))]


def package(occurrence: Occurrence, *, since: datetime | None, now: datetime) -> Package:
    cursor = _epoch(now - CURSOR_OVERLAP)
    return Package(occurrence=occurrence, cursor=cursor, full=since is None,
                   key_texts=keys.verification_key_texts(), badges=_roster(occurrence, since),
                   refused=refused_badges(occurrence), arrivals=_arrivals(occurrence, since),
                   other_dates=other_dates_codes(occurrence),
                   utc_offset=int(to_damascus(occurrence.starts_at).utcoffset().total_seconds()))
