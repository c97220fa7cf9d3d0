"""Admin rules: who organizes which province; areas of a province."""
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from festival.audit.log import record, record_changes, snapshot
from festival.auth.models import PROVINCE_ROLES, User
from festival.auth.operations import set_enabled
from festival.core.domain import DomainError
from festival.extensions import db
from festival.provinces.models import Area, Province


class AreaExists(DomainError):
    def __init__(self):
        super().__init__(_l("This area already exists in this province."), field="name_ar")


class CannotDisableYourself(DomainError):
    def __init__(self):
        super().__init__(_l("You cannot disable your own account."), field="enabled")


USER_FIELDS = ("display_name", "role", "provinces")


def update_user(user: User, *, by: User, display_name: str, provinces: list[Province], enabled: bool):
    if user.id == by.id and not enabled:
        raise CannotDisableYourself()
    before = snapshot(user, USER_FIELDS)
    user.display_name = display_name
    if user.role in PROVINCE_ROLES:
        user.provinces = provinces
    record_changes("account.edited", user, before, snapshot(user, USER_FIELDS), actor=by)
    if user.enabled != enabled:
        set_enabled(user, enabled, by=by)


def add_area(province: Province, name_ar: str, name_en: str | None) -> Area:
    # By id, not relationship: a refused insert must not linger in `province.areas`.
    area = Area(province_id=province.id, name_ar=name_ar, name_en=name_en or None)
    try:
        with db.session.begin_nested():
            db.session.add(area)
            db.session.flush()
    except IntegrityError as error:
        raise AreaExists() from error
    record("area.added", area, province=province, name=name_ar)
    return area
