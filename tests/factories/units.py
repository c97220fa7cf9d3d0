"""Production units: a unit of one province with member families (the first represents it)."""
from festival.core.types import utcnow
from festival.extensions import db
from festival.units import operations as units
from tests.factories.people import craft, province, ready_family


def make_unit(name="مطبخ مونة مشترك", *, province_slug="damascus", members=(), craft_slug="food", by=None):
    """A unit with `members` (families, joined in that order: the first is the representative);
    with members=2 (an int), that many ready families are made."""
    if isinstance(members, int):
        members = [ready_family(f"{name} - أسرة {number + 1}", province_slug=province_slug)
                   for number in range(members)]
    unit = units.create_unit(units.UnitPlan(name=name, province=province(province_slug), craft=craft(craft_slug)),
                             by=by)
    for family in members:
        units.add_member(unit, db.session.merge(family), by=by, now=utcnow())
    db.session.commit()
    return unit
