"""Finding the badges of an occurrence to print, in a fixed number of queries."""
from flask import abort
from sqlalchemy import and_
from sqlalchemy.orm import joinedload

from festival.applications.models import Application, ApplicationStatus
from festival.badges.models import Badge
from festival.documents.policy import badge_ready
from festival.extensions import db
from festival.markets.models import Occurrence
from festival.stalls.models import StallAssignment
from festival.vendors.models import Family


def _is_current():
    """A live badge for the stall the family holds now."""
    return and_(Badge.application_id == Application.id, Badge.revoked_at.is_(None),
                Badge.stall_id == StallAssignment.stall_id)


def applications_without_badge(occurrence: Occurrence) -> list[Application]:
    """Approved, placed families whose badge is still to issue (or names an old stall), except
    those a market keeps without their documents (festival/documents/policy.py)."""
    return badge_ready(list(db.session.scalars(
        db.select(Application)
        .join(StallAssignment, StallAssignment.application_id == Application.id)
        .outerjoin(Badge, _is_current())
        .where(Application.occurrence_id == occurrence.id, Application.status == ApplicationStatus.APPROVED,
               Badge.id.is_(None))
        .options(joinedload(Application.occurrence)))))


def badges_to_print(occurrence: Occurrence) -> list[Badge]:
    """The live badges of the families approved and placed on this occurrence, by stall."""
    return list(db.session.scalars(
        db.select(Badge)
        .join(Application, Application.id == Badge.application_id)
        .join(StallAssignment, StallAssignment.application_id == Application.id)
        .where(Badge.occurrence_id == occurrence.id, Application.status == ApplicationStatus.APPROVED, _is_current())
        .options(joinedload(Badge.family).selectinload(Family.photos))
        .order_by(Badge.stall_code, Badge.id)))


def badge_of_occurrence_or_404(occurrence: Occurrence, badge_id: int, *, live_only: bool = True) -> Badge:
    """A badge of this occurrence; a replaced one is only found to say it was replaced."""
    query = db.select(Badge).where(Badge.id == badge_id, Badge.occurrence_id == occurrence.id)
    if live_only:
        query = query.where(Badge.revoked_at.is_(None))
    badge = db.session.scalar(query.options(joinedload(Badge.family).selectinload(Family.photos),
                                            joinedload(Badge.application)))
    if badge is None:
        abort(404)
    return badge
