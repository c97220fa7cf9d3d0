"""Demo traditional crafts: each demo family practises one or two refined crafts of its
categories (the Aleppo soap family makes الصابون الحلبي, the mosaic family الموزاييك...).

Runs after the profiles step; a family that already has crafts is left alone, so loading
twice changes nothing.
"""
from festival.auth.models import User
from festival.core.phones import normalize_mobile
from festival.crafts.models import Craft
from festival.demo.accounts import DEMO_FAMILIES, family_phone
from festival.extensions import db

CRAFTS_PER_CATEGORY = 2  # at most, taken in the register's order, shifted per family


def load_crafts() -> str:
    by_category: dict[str, list[Craft]] = {}
    for craft in db.session.scalars(db.select(Craft).join(Craft.category).order_by(Craft.position)):
        by_category.setdefault(craft.category.slug, []).append(craft)
    given = 0
    for index, (_name, _province, _area, craft_slugs) in enumerate(DEMO_FAMILIES):
        user = db.session.scalar(db.select(User).where(User.phone == normalize_mobile(family_phone(index))))
        family = user.family if user is not None else None
        if family is None or family.craft_items:
            continue
        chosen = []
        for slug in craft_slugs:
            crafts = by_category.get(slug, [])
            if crafts:
                first = index % len(crafts)
                shifts = range(min(CRAFTS_PER_CATEGORY, len(crafts)))
                chosen += [crafts[(first + shift) % len(crafts)] for shift in shifts if shift == 0 or index % 2 == 0]
        family.craft_items = list(dict.fromkeys(chosen))
        given += bool(chosen)
    db.session.flush()
    return f"traditional crafts: {given} families"
