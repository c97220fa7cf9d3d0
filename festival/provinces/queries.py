"""Reading provinces and areas."""
from flask import abort
from wtforms.fields.choices import SelectChoice

from festival.core.access import manages
from festival.extensions import db
from festival.provinces.models import Province


def all_provinces() -> list[Province]:
    return list(db.session.scalars(db.select(Province).order_by(Province.position)))


def province_choices() -> list[SelectChoice]:
    return [SelectChoice(province.id, province.name) for province in all_provinces()]


def province_by_id(province_id: int) -> Province:
    province = db.session.get(Province, province_id)
    if province is None:
        abort(400)
    return province


def province_or_404(slug: str) -> Province:
    province = db.session.scalar(db.select(Province).where(Province.slug == slug))
    if province is None:
        abort(404)
    return province


managed_province = manages("slug", province_or_404, province=None, to="province")
