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


def make_venue(province_slug="damascus", name_ar="حديقة تشرين", sections=(("A", 2, 5),), **fields):
    """A venue with generated sections: sections=(("A", rows, columns), ...)."""
    from festival.venues.operations import create_venue, generate_section

    venue = create_venue(province=province(province_slug), name_ar=name_ar, **fields)
    for code, rows, columns in sections:
        generate_section(venue, code, rows, columns)
    db.session.commit()
    return _loaded(venue, "province")


def make_market(venue, first_day, *, stall_codes=None, title_ar="سوق الجمعة", days=1):
    """A published market with one occurrence, built from the models directly.

    Offers every stall of the venue, or only `stall_codes`.
    """
    from datetime import time, timedelta

    from festival.core.timezones import local_to_utc
    from festival.markets.models import Market, MarketKind, MarketStatus, Occurrence
    from festival.venues.models import Stall

    last_day = first_day + timedelta(days=days - 1)
    stalls = db.session.scalars(db.select(Stall).where(Stall.venue_id == venue.id)).all()
    market = Market(
        kind=MarketKind.FESTIVAL, status=MarketStatus.PUBLISHED,
        title_ar=title_ar, province_id=venue.province_id, venue_id=venue.id,
        first_day=first_day, last_day=last_day, opens_at=time(10), closes_at=time(18),
        applications_open_at=local_to_utc(first_day - timedelta(days=30), time(0)),
        applications_close_at=local_to_utc(first_day - timedelta(days=2), time(0)),
        offered_stalls=[stall for stall in stalls if stall_codes is None or stall.code in stall_codes],
    )
    market.occurrences.append(Occurrence(
        venue_id=venue.id, day=first_day, last_day=last_day,
        starts_at=local_to_utc(first_day, time(10)), ends_at=local_to_utc(last_day, time(18)),
    ))
    db.session.add(market)
    db.session.commit()
    return _loaded(market)
