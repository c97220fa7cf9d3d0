"""A market's rule for families that have not paid (`Market.fee_policy`), as the badges
and the gate ask it:

- badge: nothing happens (the fee is collected some other way);
- warn: the badge is issued; the gate's verdict says what is still to pay for that date;
- block: no badge until the date is paid (a badge issued before the rule stays valid, and
  the gate is told as with warn).

"Paid" is per date, as the family's account settles it: its money covers its dates in
date order (festival/fees/settling.py).
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, tuple_

from festival.applications.models import Application
from festival.core.domain import DomainError
from festival.core.formatting import money
from festival.extensions import db
from festival.fees.models import FeePolicy
from festival.fees.queries import settled_lines
from festival.markets.models import Occurrence


def due_for(application_ids) -> dict[int, int]:
    """What is still to pay for each of these applications (only those owing), as the family's
    account at the market settles it (festival/fees/settling.py): two queries."""
    application_ids = list(application_ids)
    if not application_ids:
        return {}
    pairs = db.session.execute(
        select(Application.family_id, Occurrence.market_id).distinct()
        .join(Occurrence, Occurrence.id == Application.occurrence_id)
        .where(Application.id.in_(application_ids))).all()
    settled = settled_lines(tuple_(Application.family_id, Occurrence.market_id).in_([tuple(p) for p in pairs]))
    wanted = set(application_ids)
    return {line.application_id: line.outstanding for lines, _credit in settled.values() for line in lines
            if line.application_id in wanted and line.outstanding > 0}


def check_badge_allowed(application: Application) -> None:
    if application.occurrence.market.fee_policy != FeePolicy.BLOCK:
        return
    due = due_for([application.id]).get(application.id)
    if due:
        raise DomainError(_l("The badge is given once the stall fee is paid: %(amount)s still to pay.",
                             amount=money(due)))


def blocked(applications: list[Application]) -> set[int]:
    """The applications (of markets that block) that get no badge until they pay."""
    blocking = [a.id for a in applications if a.occurrence.market.fee_policy == FeePolicy.BLOCK]
    return set(due_for(blocking))


def gate_fee_due(application: Application) -> int | None:
    """What the gate is told is still to pay for this date, for markets that want it told."""
    if application.occurrence.market.fee_policy == FeePolicy.BADGE:
        return None
    return due_for([application.id]).get(application.id)
