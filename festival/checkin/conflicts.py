"""Offline scans to look at, for the organizer's attendance page (festival/checkin/sync.py makes them).

Each row shows both sides: this scan (the phone's time, the phone, the account) and, for a
family admitted twice, the arrival that counts. One query, whatever the number of rows.
"""
from dataclasses import dataclass

from sqlalchemy.orm import joinedload

from festival.checkin.messages import REASON_MESSAGES, isolated
from festival.checkin.models import CheckIn, ConflictKind, GateDevice, ScanConflict
from festival.checkin.verify import Reason
from festival.extensions import db
from festival.markets.models import Occurrence


@dataclass
class ConflictRow:
    conflict: ScanConflict
    family_name: str | None
    stall_code: str | None
    why: str  # the server's reason, for an admission it refuses
    first_arrival: CheckIn | None  # for "admitted twice": the arrival that counts


def _why(conflict: ScanConflict) -> str:
    if conflict.kind != ConflictKind.REFUSED or conflict.reason not in set(Reason):
        return ""
    return str(REASON_MESSAGES[Reason(conflict.reason)])


def conflicts_of(occurrence: Occurrence) -> list[ConflictRow]:
    conflicts = db.session.scalars(
        db.select(ScanConflict).where(ScanConflict.occurrence_id == occurrence.id)
        .options(joinedload(ScanConflict.family), joinedload(ScanConflict.badge), joinedload(ScanConflict.by),
                 joinedload(ScanConflict.device),
                 joinedload(ScanConflict.checkin).joinedload(CheckIn.by),
                 joinedload(ScanConflict.checkin).joinedload(CheckIn.device))
        .order_by(ScanConflict.scanned_at, ScanConflict.id)).unique().all()
    return [ConflictRow(conflict=conflict, family_name=conflict.family.name if conflict.family else None,
                        stall_code=conflict.badge.stall_code if conflict.badge else None,
                        why=_why(conflict), first_arrival=conflict.checkin)
            for conflict in conflicts]


def phone_name(device: GateDevice | None) -> str:
    """A phone as the organizer tells phones apart: its number at the market and its browser."""
    if device is None:
        return ""
    return isolated(f"#{device.id} {device.label}".strip())
