"""Arrivals ticked on the printed gate list, entered afterwards by an organizer.

When phones or the network fail the gate works from paper. Each ticked family goes
through the same verdict as a scan, at the time written on the list, and is recorded
with method "paper" and the organizer who entered it.
"""
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from festival.badges.operations import issue_badge, live_badge
from festival.checkin.messages import REASON_MESSAGES
from festival.checkin.models import CheckinMethod
from festival.checkin.operations import check_in
from festival.checkin.verify import Outcome, verify_short_code
from festival.core.domain import DomainError
from festival.extensions import db
from festival.markets.models import Occurrence
from festival.stalls.models import StallAssignment
from festival.vendors.models import Family


@dataclass
class PaperResult:
    recorded: list[Family] = field(default_factory=list)
    already: list[Family] = field(default_factory=list)
    refused: list[tuple[Family, str]] = field(default_factory=list)


def record_paper_arrivals(occurrence: Occurrence, application_ids: list[int], *, arrived_at: datetime, by,
                          now: datetime) -> PaperResult:
    if arrived_at > now:
        raise DomainError(_l("The time of arrival is still to come. Check the time written on the list."),
                          field="arrived_at")
    assignments = db.session.scalars(
        db.select(StallAssignment).where(StallAssignment.occurrence_id == occurrence.id,
                                         StallAssignment.application_id.in_(application_ids))
        .options(joinedload(StallAssignment.application), joinedload(StallAssignment.family))).all()
    result = PaperResult()
    for assignment in assignments:
        # A placed family always gets its badge; the paper list may be the first use of it.
        badge = live_badge(assignment.application)
        if badge is None:
            try:
                with db.session.begin_nested():
                    badge = issue_badge(assignment.application, by=by, at_the_gate=True)
            except DomainError as refused:  # e.g. documents the market asks for: this family only
                result.refused.append((assignment.family, str(refused.message)))
                continue
        verdict = verify_short_code(badge.short_code, now=arrived_at, user=by, gate_occurrence=occurrence)
        verdict = check_in(verdict, by=by, method=CheckinMethod.PAPER, now=arrived_at)
        if verdict.outcome == Outcome.VALID:
            result.recorded.append(assignment.family)
        elif verdict.outcome == Outcome.DUPLICATE:
            result.already.append(assignment.family)
        else:
            result.refused.append((assignment.family, str(REASON_MESSAGES[verdict.reason])))
    return result
