"""A market's rule for families that have not paid (`Market.fee_policy`), as the badges
and the gate ask it:

- badge: nothing happens (the fee is collected some other way);
- warn: the badge is issued; the gate's verdict says what is still to pay for that date;
- block: no badge until the date is paid (a badge issued before the rule stays valid, and
  the gate is told as with warn).

"Paid" is per date: what the family owes for that date, less its waiver, is covered by
the shares of its payments (festival/fees/charges.py).
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from festival.applications.models import Application
from festival.core.domain import DomainError
from festival.core.formatting import money
from festival.extensions import db
from festival.fees.charges import fee_lines, outstanding
from festival.fees.models import FeePolicy


def due_for(application_ids) -> dict[int, int]:
    """What is still to pay for each of these applications (only those owing), in one query."""
    application_ids = list(application_ids)
    if not application_ids:
        return {}
    lines = fee_lines(Application.id.in_(application_ids))
    query = select(lines.c.application_id, outstanding(lines)).where(outstanding(lines) > 0)
    return dict(db.session.execute(query).all())


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
