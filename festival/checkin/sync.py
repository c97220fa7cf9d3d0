"""Offline scans uploaded by a gate phone: each recorded once, none lost, none refused for being late.

A phone that lost the network kept checking badges with its day package and let
families in. When it can, it uploads those admissions; here each becomes:

- an arrival (CheckIn) at the phone's time of the scan, with the upload time and the
  phone kept apart, when the server's rules agree with the phone's: the same `judge()`
  as a scan made online, asked at the time of the scan, not of the upload;
- a conflict (ScanConflict) when they do not: the family was already checked in (two
  gates let it in), the badge had been revoked or was for another date, or the phone
  had been removed by an organizer before the scan. The family did pass the gate, so a
  conflict is kept and shown to the organizer, never dropped;
- nothing new when its nonce is known: a phone that uploads again after a lost answer
  gets the same result ("already").

The batch costs a fixed number of queries, whatever its size: badges, stalls, arrivals
and known nonces are loaded once, arrivals and conflicts inserted with one statement
each, in one savepoint; if another gate recorded the same family at the same moment,
the batch is written again scan by scan. One audit entry tells the upload's counts.
"""
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import insert, union_all
from sqlalchemy.exc import IntegrityError

from festival.applications.models import ApplicationStatus
from festival.audit.log import record
from festival.auth.models import User
from festival.badges import tokens
from festival.badges.models import Badge
from festival.badges.operations import normalize_short_code
from festival.checkin.models import CheckIn, CheckinMethod, ConflictKind, GateDevice, ScanConflict
from festival.checkin.verify import BADGE_OPTIONS, Facts, Outcome, Reason, can_work_gate, judge, read_token
from festival.extensions import db
from festival.markets.models import Occurrence
from festival.stalls.models import StallAssignment

# A phone whose clock runs ahead cannot record an arrival in the future.
CLOCK_AHEAD_ALLOWED = timedelta(minutes=5)


@dataclass(frozen=True)
class OfflineScan:
    nonce: str
    scanned_at: datetime  # aware: the phone's time of the scan
    token: str | None = None
    short_code: str | None = None
    scanned_by: int | None = None  # the account signed in on the phone at the scan, if not the uploader


class Result(StrEnum):
    RECORDED = "recorded"
    CONFLICT = "conflict"
    ALREADY = "already"  # uploaded before
    RETRY = "retry"  # not recorded this time (a race that kept failing): the phone sends it again


@dataclass
class SyncReport:
    results: dict[str, tuple[Result, str | None]] = field(default_factory=dict)  # nonce → (result, reason)

    def count(self, result: Result) -> int:
        return sum(1 for outcome, _reason in self.results.values() if outcome == result)


@dataclass
class _Resolved:
    scan: OfflineScan
    badge_id: int | None = None
    refusal: Reason | None = None  # the token or code itself is not a genuine badge


def _known_nonces(nonces: list[str]) -> set[str]:
    if not nonces:
        return set()
    query = union_all(db.select(CheckIn.nonce).where(CheckIn.nonce.in_(nonces)),
                      db.select(ScanConflict.nonce).where(ScanConflict.nonce.in_(nonces)))
    return set(db.session.scalars(db.select(query.subquery().c.nonce)))


def _resolve(scans: list[OfflineScan]) -> tuple[list[_Resolved], dict[int, Badge]]:
    resolved, codes, claims_of = [], {}, {}
    for scan in scans:
        item = _Resolved(scan)
        if scan.token:
            try:
                claims = read_token(scan.token)
            except tokens.TokenError as error:
                item.refusal = Reason(error.reason)
            else:
                item.badge_id, claims_of[scan.nonce] = claims.badge_id, claims
        else:
            codes[scan.nonce] = normalize_short_code(scan.short_code or "")
        resolved.append(item)
    by_code = {row.short_code: row.id for row in db.session.execute(db.select(Badge.short_code, Badge.id).where(
        Badge.short_code.in_([code for code in codes.values() if code])))} if codes else {}
    for item in resolved:
        if item.scan.nonce in codes:
            item.badge_id = by_code.get(codes[item.scan.nonce])
    ids = {item.badge_id for item in resolved if item.badge_id is not None}
    badges = {badge.id: badge for badge in db.session.scalars(
        db.select(Badge).where(Badge.id.in_(ids)).options(*BADGE_OPTIONS))} if ids else {}
    for item in resolved:
        claims = claims_of.get(item.scan.nonce)
        badge = badges.get(item.badge_id)
        if item.refusal is None and badge is None:
            item.refusal = Reason.UNKNOWN
        elif claims is not None and (badge.occurrence_id, badge.stall_id) != (claims.occurrence_id, claims.stall_id):
            item.refusal = Reason.BAD_SIGNATURE
    return resolved, badges


def _placed(badges: dict[int, Badge]) -> set[tuple[int, int]]:
    if not badges:
        return set()
    rows = db.session.execute(db.select(StallAssignment.application_id, StallAssignment.stall_id).where(
        StallAssignment.application_id.in_({badge.application_id for badge in badges.values()})))
    return {tuple(row) for row in rows}


def _arrivals(occurrence: Occurrence, badges: dict[int, Badge]) -> dict[int, CheckIn]:
    families = {badge.family_id for badge in badges.values()}
    if not families:
        return {}
    return {checkin.family_id: checkin for checkin in db.session.scalars(db.select(CheckIn).where(
        CheckIn.occurrence_id == occurrence.id, CheckIn.family_id.in_(families)))}


def _scanners(occurrence: Occurrence, scans: list[OfflineScan], uploader) -> dict[int, User]:
    """Who made each scan: the account the phone names, when it works this gate (one query);
    anyone else's scans are the uploader's."""
    named = {scan.scanned_by for scan in scans if scan.scanned_by and scan.scanned_by != uploader.id}
    users = db.session.scalars(db.select(User).where(User.id.in_(named))) if named else []
    return {user.id: user for user in users if user.enabled and can_work_gate(user, occurrence)}


def _rows(occurrence, device, resolved, badges, *, by, now, report) -> tuple[list[dict], list[dict]]:
    """The arrivals and conflicts to insert, as plain rows (one INSERT each for the batch)."""
    placed, arrivals = _placed(badges), _arrivals(occurrence, badges)
    scanners = _scanners(occurrence, [item.scan for item in resolved], by)
    may_work, checkins, conflicts = {}, [], []
    for item in sorted(resolved, key=lambda item: item.scan.scanned_at):  # the earliest admission is the arrival
        scan, badge = item.scan, badges.get(item.badge_id)
        scanner = scanners.get(scan.scanned_by, by)
        scanned_at = min(scan.scanned_at, now)
        conflict = {"occurrence_id": occurrence.id, "badge_id": badge.id if badge else None,
                    "family_id": badge.family_id if badge else None, "device_id": device.id, "by_id": scanner.id,
                    "nonce": scan.nonce, "scanned_at": scanned_at, "uploaded_at": now, "reason": None,
                    "checkin_id": None, "checkin_nonce": None}
        if device.revoked_at is not None and scanned_at > device.revoked_at:
            conflict["kind"] = ConflictKind.DEVICE_REVOKED
        elif item.refusal is not None:
            conflict["kind"], conflict["reason"] = ConflictKind.REFUSED, item.refusal
        else:
            if (scanner.id, badge.occurrence_id) not in may_work:
                may_work[scanner.id, badge.occurrence_id] = can_work_gate(scanner, badge.occurrence)
            facts = Facts(still_placed=badge.application.status == ApplicationStatus.APPROVED
                          and (badge.application_id, badge.stall_id) in placed,
                          may_work_gate=may_work[scanner.id, badge.occurrence_id],
                          existing=arrivals.get(badge.family_id) if badge.occurrence_id == occurrence.id else None)
            verdict = judge(badge, facts, scanned_at, occurrence)
            if verdict.outcome == Outcome.VALID:
                row = {"occurrence_id": occurrence.id, "family_id": badge.family_id,
                       "application_id": badge.application_id, "badge_id": badge.id,
                       "method": CheckinMethod.SCAN if scan.token else CheckinMethod.CODE, "nonce": scan.nonce,
                       "checked_in_at": scanned_at, "uploaded_at": now, "by_id": scanner.id, "device_id": device.id}
                arrivals[badge.family_id] = CheckIn(nonce=scan.nonce)  # not stored: marks the family as arrived
                checkins.append(row)
                report.results[scan.nonce] = (Result.RECORDED, None)
                continue
            if verdict.outcome == Outcome.DUPLICATE:
                conflict["kind"] = ConflictKind.TWICE
                conflict["checkin_id"], conflict["checkin_nonce"] = verdict.checkin.id, verdict.checkin.nonce
            else:
                conflict["kind"], conflict["reason"] = ConflictKind.REFUSED, verdict.reason
        conflicts.append(conflict)
        report.results[scan.nonce] = (Result.CONFLICT, conflict["reason"] or conflict["kind"])
    return checkins, conflicts


def _write(occurrence, device, scans, *, by, now) -> SyncReport:
    report = SyncReport()
    known = _known_nonces([scan.nonce for scan in scans])
    for scan in scans:
        if scan.nonce in known:
            report.results[scan.nonce] = (Result.ALREADY, None)
    fresh = [scan for scan in scans if scan.nonce not in known]
    resolved, badges = _resolve(fresh)
    checkins, conflicts = _rows(occurrence, device, resolved, badges, by=by, now=now, report=report)
    with db.session.begin_nested():
        if checkins:
            db.session.execute(insert(CheckIn), checkins)
        # A conflict with an arrival of the same upload learns the arrival's id now that it exists.
        linked = {row["checkin_nonce"] for row in conflicts if row["checkin_id"] is None and row["checkin_nonce"]}
        ids = dict(db.session.execute(db.select(CheckIn.nonce, CheckIn.id).where(CheckIn.nonce.in_(linked))
                                      ).tuples()) if linked else {}
        for row in conflicts:
            row["checkin_id"] = row["checkin_id"] or ids.get(row.pop("checkin_nonce"))
            row.pop("checkin_nonce", None)
        if conflicts:
            db.session.execute(insert(ScanConflict), conflicts)
    return report


def record_offline_scans(occurrence: Occurrence, device: GateDevice, scans: list[OfflineScan], *, by,
                         now: datetime) -> SyncReport:
    """Record a phone's offline admissions at one date; safe to call again with the same scans."""
    unique = sorted({scan.nonce: scan for scan in scans}.values(), key=lambda scan: scan.scanned_at)
    try:
        report = _write(occurrence, device, unique, by=by, now=now)
    except IntegrityError:
        # Another gate recorded one of these families (or this upload, resent) at the same moment.
        report = SyncReport()
        for scan in unique:
            for _attempt in range(3):  # each lost race leaves the other arrival there to see
                try:
                    report.results.update(_write(occurrence, device, [scan], by=by, now=now).results)
                    break
                except IntegrityError:
                    continue
            else:
                report.results[scan.nonce] = (Result.RETRY, None)  # the phone keeps it and sends it again
    recorded, conflicts = report.count(Result.RECORDED), report.count(Result.CONFLICT)
    if recorded or conflicts:
        record("checkin.offline_synced", occurrence, actor=by, device=device.label, recorded=recorded,
               conflicts=conflicts)
    return report
