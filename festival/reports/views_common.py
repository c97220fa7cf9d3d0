"""What the family's and the organizer's report pages share."""
from festival.crafts.models import CraftCategory
from festival.extensions import db


def report_crafts(assignment, existing) -> list[CraftCategory]:
    """The craft rows of the form: what the family applied with, its own crafts, what it reported."""
    ids = {craft.id for craft in assignment.application.crafts} | {craft.id for craft in assignment.family.crafts}
    if existing is not None:
        ids |= {line.craft_id for line in existing.lines}
    if not ids:
        return []
    return list(db.session.scalars(
        db.select(CraftCategory).where(CraftCategory.id.in_(ids)).order_by(CraftCategory.position)))
