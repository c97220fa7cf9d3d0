"""Who an organizer can write to on a market date: the families in one situation.

Used by the WhatsApp list and by announcements: the same groups, the same words. Each
query loads the families with their accounts in one statement.
"""
from dataclasses import dataclass
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from festival.applications.models import Application
from festival.auth.models import User
from festival.checkin.models import CheckIn, NoShow
from festival.core.labels import register_labels
from festival.extensions import db
from festival.markets.models import Occurrence
from festival.reports.operations import families_without_report
from festival.stalls.models import StallAssignment
from festival.vendors.models import Family


class Audience(StrEnum):
    APPROVED = "approved"
    WAITLISTED = "waitlisted"
    PLACED = "placed"
    CHECKED_IN = "checked_in"
    NO_SHOW = "no_show"
    REPORT_MISSING = "report_missing"


register_labels("audience", {
    Audience.APPROVED: _l("Approved families"),
    Audience.WAITLISTED: _l("Families on the waitlist"),
    Audience.PLACED: _l("Families with a stall on this date"),
    Audience.CHECKED_IN: _l("Families checked in at the gate"),
    Audience.NO_SHOW: _l("Families who did not come"),
    Audience.REPORT_MISSING: _l("Families whose sales report is missing"),
})


@dataclass(frozen=True)
class Recipient:
    family_name: str
    user: User
    application_id: int | None


def _with_user(query):
    return query.options(joinedload(Application.family).joinedload(Family.user))


def recipients(occurrence: Occurrence, audience: Audience) -> list[Recipient]:
    if audience in (Audience.APPROVED, Audience.WAITLISTED):
        applications = db.session.scalars(_with_user(db.select(Application).where(
            Application.occurrence_id == occurrence.id, Application.status == audience))
            .order_by(Application.id)).unique().all()
        return [Recipient(a.family.name, a.family.user, a.id) for a in applications]
    if audience == Audience.REPORT_MISSING:
        return [Recipient(a.family.name, a.family.user, a.application_id) for a in families_without_report(occurrence)]
    if audience == Audience.NO_SHOW:
        rows = db.select(NoShow.application_id).where(NoShow.occurrence_id == occurrence.id)
    elif audience == Audience.CHECKED_IN:
        rows = db.select(CheckIn.application_id).where(CheckIn.occurrence_id == occurrence.id)
    else:
        rows = db.select(StallAssignment.application_id).where(StallAssignment.occurrence_id == occurrence.id)
    applications = db.session.scalars(_with_user(db.select(Application).where(Application.id.in_(rows)))
                                      .order_by(Application.id)).unique().all()
    return [Recipient(a.family.name, a.family.user, a.id) for a in applications]


def audience_or_default(value: str | None) -> Audience:
    try:
        return Audience(value)
    except ValueError:
        return Audience.APPROVED
