"""On the day: a stall whose family did not come goes to a waitlisted family that did.

After the cut-off (the market's opening time plus `Market.checkin_cutoff_minutes`, on
the occurrence's first day, Damascus time) an organizer gives the stall away in one
action, all or nothing:

1. a NoShow row remembers the family that did not come (its history shows it);
2. its application is **cancelled** with a reason, which releases the stall and tells
   the family. Cancelled rather than "approved but no-show": an approved application
   without a stall would count against the date's capacity, appear on the stall map as
   "waiting for a stall" (and be placed again by the assigner), and its badge would
   keep a status that no longer holds. The NoShow row keeps what happened;
3. the waitlisted family is approved (capacity is not checked: the stall is reused),
   placed at that stall, given a badge and checked in at once, since the organizer
   gives stalls only to families present at the gate.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from festival.applications import operations as applications
from festival.applications.models import Application, ApplicationStatus
from festival.audit.log import record
from festival.badges.models import Badge
from festival.badges.operations import issue_badge
from festival.checkin.models import CheckIn, CheckinMethod, NoShow
from festival.checkin.operations import check_in
from festival.checkin.verify import Outcome, Verdict
from festival.core.domain import DomainError
from festival.core.formatting import clock
from festival.core.timezones import local_to_utc
from festival.extensions import db
from festival.markets.models import Market, Occurrence
from festival.stalls import operations as stalls
from festival.stalls.models import StallAssignment

MAX_CUTOFF_MINUTES = 600


def set_cutoff(market: Market, minutes: int, *, by) -> None:
    if not 0 <= minutes <= MAX_CUTOFF_MINUTES:
        raise DomainError(_l("Between 0 and 600 minutes."), field="minutes")
    if market.checkin_cutoff_minutes != minutes:
        record("market.checkin_cutoff", market, actor=by, before=market.checkin_cutoff_minutes, after=minutes,
               changes={"checkin_cutoff_minutes": [market.checkin_cutoff_minutes, minutes]})
        market.checkin_cutoff_minutes = minutes


def cutoff_at(occurrence: Occurrence) -> datetime:
    market = occurrence.market
    return local_to_utc(occurrence.day, market.opens_at) + timedelta(minutes=market.checkin_cutoff_minutes)


def replacing_open(occurrence: Occurrence, now: datetime) -> bool:
    return not occurrence.is_cancelled and cutoff_at(occurrence) <= now < occurrence.ends_at


@dataclass
class Replacement:
    no_show: NoShow
    assignment: StallAssignment
    badge: Badge


def _check(assignment: StallAssignment, waiting: Application, now: datetime) -> None:
    occurrence = assignment.occurrence
    if waiting.occurrence_id != occurrence.id:
        raise DomainError(_l("This waiting family applied for another date."))
    if waiting.status != ApplicationStatus.WAITLISTED:
        raise DomainError(_l("This family is no longer on the waitlist. The page is up to date now."))
    if occurrence.is_cancelled:
        raise DomainError(_l("This market day is cancelled."))
    if now < cutoff_at(occurrence):
        raise DomainError(_l("Stalls can be given to waiting families only after %(time)s.",
                             time=clock(cutoff_at(occurrence))))
    if now >= occurrence.ends_at:
        raise DomainError(_l("This market day is over."))
    arrived = db.session.scalar(db.select(CheckIn.id).where(
        CheckIn.occurrence_id == occurrence.id, CheckIn.family_id == assignment.family_id))
    if arrived is not None:
        raise DomainError(_l("%(family)s has checked in meanwhile: the stall is not free.",
                             family=assignment.family.name))


def replace_no_show(assignment: StallAssignment, waiting: Application, *, by, now: datetime) -> Replacement:
    """Give the stall of a family that did not come to a waitlisted family that did.

    Runs in a savepoint: on any error nothing of it stays in the session.
    """
    _check(assignment, waiting, now)
    stall, absent = assignment.stall, assignment.application
    with db.session.begin_nested():
        no_show = NoShow(occurrence_id=assignment.occurrence_id, application_id=absent.id,
                         family_id=absent.family_id, stall_code=stall.code, replaced_by_id=waiting.id,
                         marked_at=now, by_id=by.id if by else None)
        db.session.add(no_show)
        db.session.flush()
        applications.decide(absent, ApplicationStatus.CANCELLED, by=by, now=now, reason=_(
            "The family did not check in by %(time)s; its stall was given to a waiting family.",
            time=clock(cutoff_at(assignment.occurrence))))
        applications.decide(waiting, ApplicationStatus.APPROVED, by=by, now=now, check_capacity=False)
        new_assignment = stalls.assign(waiting, stall, by=by, explanation=_("Replaced a family that did not come."))
        badge = issue_badge(waiting, by=by, at_the_gate=True)
        arrival = check_in(Verdict(Outcome.VALID, None, badge), by=by, method=CheckinMethod.MANUAL, now=now)
        if arrival.outcome != Outcome.VALID:
            raise DomainError(_l("The waiting family is already checked in at this date."))
        record("checkin.no_show_replaced", no_show, actor=by, stall=stall.code, replaced_by=waiting.id)
    return Replacement(no_show, new_assignment, badge)
