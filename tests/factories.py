"""Builders that read like the product: make_family(province="aleppo")."""
import itertools

from festival.auth.models import Role
from festival.auth.operations import create_staff_user, register_family
from festival.extensions import db
from festival.provinces.models import Province

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


def make_family(name="أسرة تجريبية", province_slug="damascus", phone=None, password=PASSWORD):
    family = register_family(
        phone=phone or next_phone(), password=password, family_name=name, province=province(province_slug)
    )
    db.session.commit()
    return _loaded(family, "user", "province")


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


def make_gate(**kwargs):
    return make_staff(Role.GATE, **kwargs)
