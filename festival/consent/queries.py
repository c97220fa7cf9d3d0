"""A family's current choices: the latest row per purpose, for one family or a whole list
in one query; and the SQL condition "has granted `purpose`" for queries over families."""
from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased

from festival.consent.models import ConsentChoice
from festival.extensions import db


def _latest_ids(family_ids=None, purpose: str | None = None):
    query = select(func.max(ConsentChoice.id)).group_by(ConsentChoice.family_id, ConsentChoice.purpose)
    if family_ids is not None:
        query = query.where(ConsentChoice.family_id.in_(family_ids))
    if purpose is not None:
        query = query.where(ConsentChoice.purpose == purpose)
    return query


def current_choices(family_ids: list[int]) -> dict[int, dict[str, bool]]:
    """{family id: {purpose: granted}}; a purpose never chosen is absent (it counts as not granted)."""
    if not family_ids:
        return {}
    rows = db.session.execute(select(ConsentChoice.family_id, ConsentChoice.purpose, ConsentChoice.granted)
                              .where(ConsentChoice.id.in_(_latest_ids(family_ids))))
    choices: dict[int, dict[str, bool]] = {}
    for family_id, purpose, granted in rows:
        choices.setdefault(family_id, {})[purpose] = granted
    return choices


def has_granted(family_id_column, purpose: str):
    """A WHERE clause: the family of `family_id_column` currently grants `purpose` (a granting
    row with no later row for the same purpose)."""
    choice, later = aliased(ConsentChoice), aliased(ConsentChoice)
    superseded = select(later.id).where(later.family_id == choice.family_id, later.purpose == purpose,
                                        later.id > choice.id).exists()
    return select(choice.id).where(and_(choice.family_id == family_id_column, choice.purpose == purpose,
                                        choice.granted.is_(True), ~superseded)).exists()


def history(family_id: int) -> list[ConsentChoice]:
    return list(db.session.scalars(select(ConsentChoice).where(ConsentChoice.family_id == family_id)
                                   .order_by(ConsentChoice.id.desc())))
