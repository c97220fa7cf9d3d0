"""Builders for the traditional-crafts register (festival/crafts, festival/crafts_register)."""
from festival.crafts.models import Craft
from festival.extensions import db
from festival.vendors.models import Family


def craft_item(slug: str) -> Craft:
    return db.session.scalar(db.select(Craft).where(Craft.slug == slug))


def give_crafts(family_id: int, *slugs: str) -> None:
    """The family practises these refined crafts (committed)."""
    family = db.session.get(Family, family_id)
    family.craft_items = [craft_item(slug) for slug in slugs]
    db.session.commit()
