"""The family profile an organizer reviews: what it must contain, and changing it.

A profile is complete when an organizer has enough to judge an application: who heads
the family, where it lives, what it makes. Photos are welcome but never required: not
every family has a phone that takes good ones.
"""
from flask import abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from festival.core.domain import DomainError
from festival.core.phones import InvalidPhone, normalize_mobile
from festival.core.timezones import today_in_damascus
from festival.core.types import utcnow
from festival.extensions import db
from festival.vendors.models import BIRTH_YEAR_RANGE, DISPLACEMENT_VALUES, Family

MIN_PRODUCTS_LENGTH = 10
HEAD_AGE_RANGE = (15, 100)


def own_family() -> Family:
    """The signed-in family's own record; an account without one is a 404."""
    family = current_user.family
    if family is None:
        abort(404)
    return family


class ProfileIncomplete(DomainError):
    def __init__(self):
        super().__init__(_l("Complete your family's profile before applying."))


def needs_area(family: Family) -> bool:
    """An area is asked for only where the province has areas to choose from."""
    return bool(family.province.areas)


def missing_profile_items(family: Family) -> list:
    """What the family still has to fill in before it may apply, as phrases for a list."""
    missing = []
    if not family.head_name.strip():
        missing.append(_l("the name of the head of the family"))
    if family.area_id is None and needs_area(family):  # the id: no query to load the area
        missing.append(_l("your area"))
    if not family.crafts:
        missing.append(_l("at least one craft category"))
    if len(family.products.strip()) < MIN_PRODUCTS_LENGTH:
        missing.append(_l("a short description of your products"))
    return missing


def profile_is_complete(family: Family) -> bool:
    return not missing_profile_items(family)


def ensure_profile_complete(family: Family) -> None:
    if missing_profile_items(family):
        raise ProfileIncomplete()


def plausible_birth_years(today=None) -> tuple[int, int]:
    """The head of a family is between 15 and 100 years old (within the database's range)."""
    year = (today or today_in_damascus()).year
    return max(year - HEAD_AGE_RANGE[1], BIRTH_YEAR_RANGE[0]), min(year - HEAD_AGE_RANGE[0], BIRTH_YEAR_RANGE[1])


def _check_birth_year(year: int | None) -> None:
    if year is None:
        return
    first, last = plausible_birth_years()
    if not first <= year <= last:
        raise DomainError(_l("Enter a year of birth between %(first)s and %(last)s, or leave it empty.",
                             first=first, last=last), field="head_birth_year")


def _second_phone(family: Family, typed: str | None) -> str | None:
    if not (typed or "").strip():
        return None
    try:
        phone = normalize_mobile(typed)
    except InvalidPhone as error:
        raise DomainError(error.message, field="second_phone") from error
    if phone == family.user.phone:
        raise DomainError(_l("This is the number you log in with. Enter another number, or leave this empty."),
                          field="second_phone")
    return phone


def update_profile(
    family: Family, *, name: str, head_name: str, second_phone: str | None, area, crafts,
    products: str, first_market: bool, rural_women_project: bool, disability: bool, other_programme: str,
    craft_items=None, head_sex: str | None = None, head_birth_year: int | None = None, displacement: str | None = None,
    disability_in_family: bool | None = None,
) -> None:
    """Change the profile; flushes, the caller commits. Raises DomainError naming the field.
    The statistics' answers (head's birth year, displacement, disability) are optional:
    None is "not said"."""
    if not name.strip():
        raise DomainError(_l("Enter the family's name."), field="name")
    _check_birth_year(head_birth_year)
    if displacement is not None and displacement not in DISPLACEMENT_VALUES:
        raise DomainError(_l("Choose one of the answers."), field="displacement")
    if area is not None and area.province_id != family.province_id:
        raise DomainError(_l("Choose an area of your province."), field="area")
    family.second_phone = _second_phone(family, second_phone)
    family.name = name.strip()
    family.user.display_name = family.name
    family.head_name = head_name.strip()
    family.head_sex = head_sex or None
    family.area = area
    family.crafts = list(crafts)
    if craft_items is not None:  # the refined crafts of the register (festival/crafts)
        family.craft_items = list(craft_items)
    family.products = products.strip()
    family.first_market = first_market
    family.rural_women_project = rural_women_project
    family.disability = disability
    family.other_programme = other_programme.strip()
    family.head_birth_year = head_birth_year
    family.displacement = displacement
    family.disability_in_family = disability_in_family
    family.profile_updated_at = utcnow()
    db.session.flush()
