from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func

from festival.admin.forms import AreaForm, EditUserForm, StaffUserForm
from festival.admin.operations import add_area, update_user
from festival.auth import operations as auth_operations
from festival.auth.models import ROLE_VALUES, Role, User
from festival.core import query_args, search
from festival.core.access import roles_required
from festival.core.forms import ConfirmForm
from festival.core.input_guard import paginate
from festival.core.pipeline import attempt
from festival.extensions import db
from festival.provinces.models import Area, Province
from festival.provinces.queries import all_provinces, province_choices, province_or_404

bp = Blueprint("admin", __name__, url_prefix="/admin")
USERS_PER_PAGE = 50


def _provinces_by_ids(ids) -> list[Province]:
    if not ids:
        return []
    return list(db.session.scalars(db.select(Province).where(Province.id.in_(ids))))


@bp.route("/users")
@roles_required(Role.ADMIN)
def users():
    role = query_args.choice(request.args, "role", ROLE_VALUES)
    typed = query_args.text(request.args, "q")
    query = db.select(User).order_by(User.role, User.display_name, User.id)
    if role:
        query = query.where(User.role == role)
    found = search.matches(typed, [User.display_name], User.phone)
    if found is not None:
        query = query.where(found)
    page = paginate(query, per_page=USERS_PER_PAGE)
    return render_template("admin/users.html", page=page, role=role, roles=ROLE_VALUES, search=typed)


@bp.route("/users/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def new_user():
    form = StaffUserForm()
    form.provinces.choices = province_choices()
    if form.validate_on_submit():
        with attempt(form) as outcome:
            user = auth_operations.create_staff_user(
                phone=form.phone.e164,
                display_name=form.display_name.data,
                role=form.role.data,
                provinces=_provinces_by_ids(form.provinces.data),
                email=form.email.data,
                by=current_user,
            )
        if outcome.ok:
            flash(_("The account was created. Give this one-time link to the person."), "success")
            return _render_reset_link(user)
    return render_template("admin/user_new.html", form=form)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit_user(user_id):
    user = db.get_or_404(User, user_id)
    form = EditUserForm(obj=user)
    form.provinces.choices = province_choices()
    if request.method == "GET":
        form.provinces.data = [province.id for province in user.provinces]
    if form.validate_on_submit():
        with attempt(form) as outcome:
            update_user(
                user,
                by=current_user,
                display_name=form.display_name.data,
                provinces=_provinces_by_ids(form.provinces.data),
                enabled=form.enabled.data,
            )
        if outcome.ok:
            flash(_("Saved."), "success")
            return redirect(url_for("admin.edit_user", user_id=user.id))
    return render_template("admin/user_edit.html", form=form, user=user, reset_form=ConfirmForm())


@bp.route("/users/<int:user_id>/reset-link", methods=["POST"])
@roles_required(Role.ADMIN)
def reset_link(user_id):
    user = db.get_or_404(User, user_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return _render_reset_link(user)


def _render_reset_link(user: User):
    token = auth_operations.make_reset_token(user, by=current_user)
    link = url_for("auth.reset_password", token=token, _external=True)
    return render_template("admin/reset_link.html", user=user, link=link)


@bp.route("/provinces", methods=["GET"])
@roles_required(Role.ADMIN)
def provinces():
    area_counts = dict(
        db.session.execute(db.select(Area.province_id, func.count()).group_by(Area.province_id)).all()
    )
    return render_template("admin/provinces.html", provinces=all_provinces(), area_counts=area_counts)


@bp.route("/provinces/<slug>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def province_areas(slug):
    province = province_or_404(slug)
    form = AreaForm()
    if form.validate_on_submit():
        with attempt(form) as outcome:
            add_area(province, form.name_ar.data, form.name_en.data)
        if outcome.ok:
            flash(_("The area was added."), "success")
            return redirect(url_for("admin.province_areas", slug=slug))
    return render_template("admin/province_areas.html", province=province, form=form)
