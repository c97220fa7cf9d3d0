from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import func
from sqlalchemy.orm import selectinload

from festival.auth.models import MANAGER_ROLES
from festival.core.access import roles_required
from festival.core.input_guard import paginate
from festival.core.timezones import today_in_damascus
from festival.core.types import utcnow
from festival.extensions import db
from festival.manage.todo import to_do
from festival.provinces.queries import managed_province
from festival.vendors.models import Family

bp = Blueprint("manage", __name__, url_prefix="/manage")
FAMILIES_PER_PAGE = 50


@bp.route("")
@roles_required(*MANAGER_ROLES)
def dashboard():
    provinces = list(db.session.scalars(current_user.managed_provinces_query()))
    family_counts = dict(
        db.session.execute(
            db.select(Family.province_id, func.count()).where(Family.is_live).group_by(Family.province_id)
        ).all()
    )
    today = today_in_damascus()
    return render_template("manage/dashboard.html", provinces=provinces, family_counts=family_counts,
                           todo=to_do(current_user, utcnow(), today), today=today)


@bp.route("/provinces/<slug>")
@roles_required(*MANAGER_ROLES)
@managed_province
def province_families(province):
    query = (
        db.select(Family)
        .where(Family.province_id == province.id, Family.is_live)
        .options(selectinload(Family.user), selectinload(Family.crafts), selectinload(Family.area))
        .order_by(Family.name)
    )
    page = paginate(query, per_page=FAMILIES_PER_PAGE)
    return render_template("manage/province_families.html", province=province, page=page)
