"""Who came: per occurrence, checked in / not yet / no-show, and a family's no-shows.

A no-show is a family that was placed at a stall and had not checked in when the
occurrence ended, or a family whose stall was given away on the day (a NoShow row).
Every list here costs a fixed number of queries, whatever the number of families.
"""
import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, exists, or_
from sqlalchemy.orm import aliased, joinedload

from festival.applications.models import Application, ApplicationStatus
from festival.badges.models import Badge
from festival.checkin.models import CheckIn, NoShow
from festival.checkin.noshow import cutoff_at, replacing_open
from festival.core.labels import label, register_labels
from festival.core.timezones import to_damascus
from festival.extensions import db
from festival.markets.models import Occurrence
from festival.stalls.models import StallAssignment
from festival.vendors.models import Family


class AttendanceStatus(StrEnum):
    CHECKED_IN = "checked_in"
    NOT_YET = "not_yet"
    NO_SHOW = "no_show"


CHECKED_IN, NOT_YET, NO_SHOW = AttendanceStatus
register_labels("attendance", {CHECKED_IN: _l("Checked in"), NOT_YET: _l("Not yet"), NO_SHOW: _l("No-show")})


@dataclass
class Row:
    family: Family
    application_id: int
    stall_code: str
    short_code: str | None
    status: AttendanceStatus
    assignment: StallAssignment | None = None  # None once the stall was given away
    checkin: CheckIn | None = None
    no_show: NoShow | None = None
    replaced_by: str | None = None  # the family that took the stall


@dataclass
class Attendance:
    occurrence: Occurrence
    rows: list[Row]
    now: datetime
    waiting: list[Application] = field(default_factory=list)  # waitlisted, for the empty stalls

    @property
    def ended(self) -> bool:
        return self.now >= self.occurrence.ends_at

    @property
    def cutoff(self) -> datetime:
        return cutoff_at(self.occurrence)

    @property
    def replacing_open(self) -> bool:
        return replacing_open(self.occurrence, self.now)

    @property
    def version(self) -> str:
        """Changes with every arrival, no-show, stall given away or waiting family: what the live page compares."""
        state = (self.replacing_open, self.ended, tuple(waiting.id for waiting in self.waiting),
                 tuple((row.application_id, row.status, row.checkin.id if row.checkin else None,
                        row.assignment.id if row.assignment else None) for row in self.rows))
        return hashlib.sha256(repr(state).encode()).hexdigest()[:16]

    def with_status(self, status: str) -> list[Row]:
        return [row for row in self.rows if row.status == status]

    @property
    def counts(self) -> dict[str, int]:
        return {status: len(self.with_status(status)) for status in (CHECKED_IN, NOT_YET, NO_SHOW)}

    @property
    def placed_not_checked_in(self) -> list[Row]:
        """Still at their stall without a check-in, during the day or after it (the paper list)."""
        return [row for row in self.rows if row.assignment is not None and row.checkin is None]

    @property
    def empty_stalls(self) -> list[Row]:
        """Placed families not checked in, once their stall may be given away."""
        return self.with_status(NOT_YET) if self.replacing_open else []


def _placed(occurrence: Occurrence) -> list[StallAssignment]:
    return list(db.session.scalars(
        db.select(StallAssignment).where(StallAssignment.occurrence_id == occurrence.id)
        .options(joinedload(StallAssignment.family), joinedload(StallAssignment.stall))))


def attendance(occurrence: Occurrence, now: datetime) -> Attendance:
    checkins = {c.family_id: c for c in db.session.scalars(
        db.select(CheckIn).where(CheckIn.occurrence_id == occurrence.id).options(joinedload(CheckIn.by)))}
    short_codes = dict(db.session.execute(
        db.select(Badge.application_id, Badge.short_code)
        .where(Badge.occurrence_id == occurrence.id, Badge.revoked_at.is_(None))).all())
    ended = now >= occurrence.ends_at
    rows = []
    for assignment in _placed(occurrence):
        checkin = checkins.get(assignment.family_id)
        status = CHECKED_IN if checkin else (NO_SHOW if ended else NOT_YET)
        rows.append(Row(assignment.family, assignment.application_id, assignment.stall.code,
                        short_codes.get(assignment.application_id), status, assignment=assignment, checkin=checkin))
    replacement = aliased(Application)
    replaced = db.session.execute(
        db.select(NoShow, Family.name).options(joinedload(NoShow.family))
        .outerjoin(replacement, replacement.id == NoShow.replaced_by_id)
        .outerjoin(Family, Family.id == replacement.family_id)
        .where(NoShow.occurrence_id == occurrence.id)).all()
    for no_show, replaced_by in replaced:
        rows.append(Row(no_show.family, no_show.application_id, no_show.stall_code, None, NO_SHOW,
                        no_show=no_show, replaced_by=replaced_by))
    rows.sort(key=lambda row: (row.stall_code, row.status != NO_SHOW, row.family.name))
    result = Attendance(occurrence, rows, now)
    if result.replacing_open and result.with_status(NOT_YET):
        result.waiting = waitlisted(occurrence)
    return result


def waitlisted(occurrence: Occurrence) -> list[Application]:
    return list(db.session.scalars(
        db.select(Application).where(Application.occurrence_id == occurrence.id,
                                     Application.status == ApplicationStatus.WAITLISTED)
        .options(joinedload(Application.family))
        .order_by(Application.waitlist_rank.is_(None), Application.waitlist_rank, Application.submitted_at,
                  Application.id)))


def gate_list(occurrence: Occurrence, now: datetime) -> list[Row]:
    """The placed families by name, as the gate looks them up on paper."""
    rows = [row for row in attendance(occurrence, now).rows if row.assignment is not None]
    return sorted(rows, key=lambda row: row.family.name)


def no_show_application_ids(family: Family, now: datetime) -> set[int]:
    """The family's applications it did not come to, in one query (for its history).

    Besides the stalls given away on the day, a placed family without a check-in
    counts only where the gate recorded someone that day: on a date where the gate
    was not used, the missing check-in says nothing about the family.
    """
    gate_used = exists().where(CheckIn.occurrence_id == Application.occurrence_id)
    placed = exists().where(StallAssignment.application_id == Application.id)
    arrived = exists().where(CheckIn.occurrence_id == Application.occurrence_id,
                             CheckIn.family_id == Application.family_id)
    replaced = exists().where(NoShow.application_id == Application.id)
    return set(db.session.scalars(
        db.select(Application.id).join(Application.occurrence).where(
            Application.family_id == family.id,
            or_(replaced, and_(Application.status == ApplicationStatus.APPROVED, placed, Occurrence.ends_at <= now,
                               gate_used, ~arrived)))))


def export_table(result: Attendance) -> tuple[list[str], list[list]]:
    """(headers, rows) for festival/core/spreadsheets.export_response."""
    headers = [_("Family"), _("Stall"), _("Short code"), _("Attendance"), _("Checked in at"), _("Recorded by"),
               _("How"), _("Note")]
    rows = []
    for row in result.rows:
        checkin = row.checkin
        note = _("Stall given to %(family)s", family=row.replaced_by) if row.replaced_by else ""
        rows.append([
            row.family.name, row.stall_code, row.short_code or "", label("attendance", row.status),
            to_damascus(checkin.checked_in_at).replace(tzinfo=None) if checkin else "",
            checkin.by.display_name if checkin and checkin.by else "",
            label("checkin_method", checkin.method) if checkin else "", note,
        ])
    return headers, rows
