"""People: families (bare or ready to apply) and staff accounts, and the reference rows they use."""
import itertools

from festival.auth.models import Role
from festival.auth.operations import create_staff_user, register_family
from festival.consent.models import WORDING, ConsentChoice, SharingPurpose
from festival.crafts.models import CraftCategory
from festival.extensions import db
from festival.provinces.models import Area, Province

PASSWORD = "correct-horse-42"
_phones = itertools.count(1)


def _loaded(obj, *relationships):
    """Load columns and the named relationships so the object is usable detached."""
    db.session.refresh(obj)
    for name in relationships:
        getattr(obj, name)
    return obj


def next_phone() -> str:
    return f"0955{next(_phones):06d}"


def province(slug: str) -> Province:
    return db.session.scalar(db.select(Province).where(Province.slug == slug))


def craft(slug: str) -> CraftCategory:
    return db.session.scalar(db.select(CraftCategory).where(CraftCategory.slug == slug))


def crafts(*slugs: str) -> list[CraftCategory]:
    return list(db.session.scalars(db.select(CraftCategory).where(CraftCategory.slug.in_(slugs))))


def craft_id(app, slug: str) -> int:
    """The id of a craft, looked up in an app context of its own (for forms posted by a test)."""
    with app.app_context():
        return db.session.scalar(db.select(CraftCategory.id).where(CraftCategory.slug == slug))


def make_family(name="أسرة تجريبية", province_slug="damascus", phone=None, password=PASSWORD):
    family = register_family(
        phone=phone or next_phone(), password=password, family_name=name, province=province(province_slug)
    )
    db.session.commit()
    return _loaded(family, "user", "province")


def ready_family(name="أسرة جاهزة", province_slug="damascus", crafts=("food",)):
    """A family whose profile is complete, so it may apply."""
    family = make_family(name=name, province_slug=province_slug)
    family = db.session.merge(family)
    family.head_name = "أم محمد"
    family.products = "مكدوس، مربى المشمش، زيت زيتون من الغوطة"
    family.crafts = [craft(slug) for slug in crafts]
    area = db.session.scalar(db.select(Area).where(Area.province_id == family.province_id))
    if area is None:
        area = Area(province_id=family.province_id, name_ar="المزة")
        db.session.add(area)
    family.area = area
    # A ready family lets its profile be shown on market pages (festival/consent), as most do.
    db.session.add(ConsentChoice(family_id=family.id, purpose=SharingPurpose.PUBLIC_PROFILE, granted=True,
                                 wording=str(WORDING[SharingPurpose.PUBLIC_PROFILE]), locale="ar"))
    db.session.commit()
    return family


def make_staff(role=Role.ORGANIZER, provinces=(), name="موظف", phone=None, password=PASSWORD):
    user = create_staff_user(
        phone=phone or next_phone(),
        display_name=name,
        role=role,
        provinces=[province(slug) for slug in provinces],
        password=password,
    )
    db.session.commit()
    return _loaded(user, "provinces")


def make_admin(**kwargs):
    return make_staff(Role.ADMIN, **kwargs)


def make_organizer(*province_slugs, **kwargs):
    return make_staff(Role.ORGANIZER, provinces=province_slugs, **kwargs)


def make_gate(*province_slugs, **kwargs):
    """A gate account of these provinces (Damascus when none is named): it may work their markets."""
    return make_staff(Role.GATE, provinces=province_slugs or ("damascus",), **kwargs)
