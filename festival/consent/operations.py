"""Recording a family's choices: only what changed gets a new row, and each is audited."""
from datetime import datetime

from flask_babel import get_locale

from festival.audit.log import record
from festival.consent.models import WORDING, ConsentChoice, SharingPurpose
from festival.consent.queries import current_choices
from festival.extensions import db
from festival.vendors.models import Family


def record_choices(family: Family, granted: set[str], *, by, now: datetime) -> list[ConsentChoice]:
    """Set every purpose to granted (in `granted`) or not; returns the rows added."""
    current = current_choices([family.id]).get(family.id, {})
    locale = str(get_locale() or "ar")
    added = []
    for purpose in SharingPurpose:
        wanted = purpose.value in granted
        if current.get(purpose.value) is wanted:
            continue  # unchanged: no new row (a first "no" is recorded: the family was asked)
        choice = ConsentChoice(family_id=family.id, purpose=purpose.value, granted=wanted,
                               wording=str(WORDING[purpose]), locale=locale, chosen_at=now,
                               chosen_by_id=by.id if by is not None else None)
        db.session.add(choice)
        added.append(choice)
    if added:
        db.session.flush()
        record("consent.changed", family, actor=by,
               choices={choice.purpose: choice.granted for choice in added})
    return added
