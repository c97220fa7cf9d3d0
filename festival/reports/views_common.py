"""What the family's and the organizer's report pages share."""
from festival.core.pipeline import attempt
from festival.crafts.models import CraftCategory
from festival.extensions import db
from festival.reports import operations


def report_crafts(assignment, existing) -> list[CraftCategory]:
    """The craft rows of the form: what the family applied with, its own crafts, what it reported."""
    ids = {craft.id for craft in assignment.application.crafts} | {craft.id for craft in assignment.family.crafts}
    if existing is not None:
        ids |= {line.craft_id for line in existing.lines}
    if not ids:
        return []
    return list(db.session.scalars(
        db.select(CraftCategory).where(CraftCategory.id.in_(ids)).order_by(CraftCategory.position)))


def try_save_report(form, assignment, crafts, *, by, now) -> tuple[bool, bool]:
    """Save the submitted report: (saved, needs confirmation). Errors land on the form."""
    with attempt(form) as outcome:
        operations.save_report(assignment, form.entry(), by=by, now=now,
                               allowed_craft_ids={craft.id for craft in crafts})
    return outcome.ok, isinstance(outcome.error, operations.NeedsConfirmation)
