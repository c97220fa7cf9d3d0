"""Organizers' venue pages: venues of their provinces, stall layouts, single stalls."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy.orm import selectinload
from wtforms.fields.choices import SelectChoice

from festival.auth.models import MANAGER_ROLES
from festival.core.access import ensure_can_manage, manages, object_or_404, roles_required
from festival.core.forms import ConfirmForm
from festival.core.i18n import is_arabic
from festival.core.input_guard import paginate
from festival.core.pipeline import attempt
from festival.extensions import db
from festival.markets.models import market_stalls
from festival.provinces.queries import province_by_id, province_or_404
from festival.venues import operations
from festival.venues.forms import SectionForm, StallForm, VenueForm, area_choices
from festival.venues.models import Stall, StallSection, Venue
from festival.venues.queries import (
    area_or_none,
    layout_counts,
    managed_provinces_with_areas,
    managed_venues_query,
    venue_or_404,
)
from festival.venues.svg import render_stall_map

bp = Blueprint("venues", __name__, url_prefix="/manage/venues")
VENUES_PER_PAGE = 50
managed_venue_layout = manages("venue_id", lambda venue_id: venue_or_404(venue_id, with_layout=True))


@bp.route("")
@roles_required(*MANAGER_ROLES)
def index():
    province = None
    if request.args.get("province"):
        province = province_or_404(request.args["province"])
        ensure_can_manage(province)
    page = paginate(managed_venues_query(current_user, province), per_page=VENUES_PER_PAGE)
    counts = layout_counts([venue.id for venue in page.items])
    provinces = db.session.scalars(current_user.managed_provinces_query()).all()
    return render_template("venues/index.html", page=page, counts=counts, province=province, provinces=provinces)


def _venue_form(venue: Venue | None = None) -> VenueForm:
    provinces = managed_provinces_with_areas(current_user)
    form = VenueForm(obj=venue)
    form.province_id.choices = [SelectChoice(province.id, province.name) for province in provinces]
    form.area_id.choices = area_choices(provinces)
    if request.method == "GET" and venue is None and request.args.get("province"):
        form.province_id.data = next(
            (p.id for p in provinces if p.slug == request.args["province"]), form.province_id.data)
    if request.method == "GET" and venue is not None:
        form.area_id.data = venue.area_id or 0
    return form


def _venue_fields(form: VenueForm) -> dict:
    province = province_by_id(form.province_id.data)
    ensure_can_manage(province)
    return dict(
        province=province, area=area_or_none(form.area_id.data), name_ar=form.name_ar.data,
        name_en=form.name_en.data, address=form.address.data, latitude=form.latitude.data,
        longitude=form.longitude.data, notes_for_vendors=form.notes_for_vendors.data,
    )


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*MANAGER_ROLES)
def new():
    form = _venue_form()
    if form.validate_on_submit():
        with attempt(form) as outcome:
            venue = operations.create_venue(**_venue_fields(form))
        if outcome.ok:
            flash(_("The venue was added. Now lay out its stalls."), "success")
            return redirect(url_for("venues.detail", venue_id=venue.id))
    return render_template("venues/form.html", form=form, venue=None)


@bp.route("/<int:venue_id>/edit", methods=["GET", "POST"])
@roles_required(*MANAGER_ROLES)
@manages("venue_id", venue_or_404)
def edit(venue):
    form = _venue_form(venue)
    if form.validate_on_submit():
        with attempt(form) as outcome:
            operations.update_venue(venue, **_venue_fields(form))
        if outcome.ok:
            flash(_("Saved."), "success")
            return redirect(url_for("venues.detail", venue_id=venue.id))
    return render_template("venues/form.html", form=form, venue=venue)


def _render_detail(venue: Venue, section_form: SectionForm):
    stalls = [stall for section in venue.sections for stall in section.stalls]
    used_sections = set(db.session.scalars(
        db.select(Stall.section_id).distinct().join(market_stalls, market_stalls.c.stall_id == Stall.id)
        .where(Stall.venue_id == venue.id)
    ))
    stall_map = render_stall_map(
        venue, stalls, rtl=is_arabic(), link_for=lambda stall: url_for("venues.edit_stall", stall_id=stall.id)
    )
    return render_template(
        "venues/detail.html", venue=venue, stall_map=stall_map, section_form=section_form,
        used_sections=used_sections, confirm_form=ConfirmForm(),
    )


@bp.route("/<int:venue_id>")
@roles_required(*MANAGER_ROLES)
@managed_venue_layout
def detail(venue):
    return _render_detail(venue, SectionForm())


@bp.route("/<int:venue_id>/sections", methods=["POST"])
@roles_required(*MANAGER_ROLES)
@managed_venue_layout
def add_section(venue):
    form = SectionForm()
    fields_valid = form.validate_on_submit()
    sizes = (form.code.data, form.rows.data, form.columns.data, form.width_m.data, form.depth_m.data)
    with attempt(form) as outcome:  # the rules run even when a field is wrong: one answer names every problem
        if fields_valid:
            section = operations.generate_section(
                venue, *sizes, covered=form.covered.data, electricity=form.electricity.data,
                accessible=form.accessible.data,
            )
        else:
            operations.check_section(venue, *sizes, partial=True)
    if fields_valid and outcome.ok:
            flash(ngettext("Section %(code)s was added with %(num)d stall.",
                           "Section %(code)s was added with %(num)d stalls.",
                           section.rows * section.columns, code=section.code), "success")
            return redirect(url_for("venues.detail", venue_id=venue.id))
    return _render_detail(venue, form)


def _stall_or_404(stall_id: int) -> Stall:
    return object_or_404(Stall, stall_id, selectinload(Stall.venue).selectinload(Venue.province),
                         selectinload(Stall.section).selectinload(StallSection.stalls))


@bp.route("/stalls/<int:stall_id>", methods=["GET", "POST"])
@roles_required(*MANAGER_ROLES)
@manages("stall_id", _stall_or_404, province="venue.province")
def edit_stall(stall):
    form = StallForm(obj=stall)
    if form.validate_on_submit():
        with attempt(form) as outcome:
            withdrawn = operations.update_stall(
                stall, covered=form.covered.data, electricity=form.electricity.data,
                accessible=form.accessible.data, corner=form.corner.data, width_m=form.width_m.data,
                depth_m=form.depth_m.data, disabled=form.disabled.data,
            )
        if outcome.ok:
            flash(_("Stall %(code)s was saved.", code=stall.code), "success")
            if withdrawn:
                flash(ngettext("It is no longer offered by %(num)d upcoming event.",
                               "It is no longer offered by %(num)d upcoming events.", withdrawn), "info")
            return redirect(url_for("venues.detail", venue_id=stall.venue_id))
    section_map = render_stall_map(
        stall.venue, stall.section.stalls, rtl=is_arabic(), highlight={stall.id},
        link_for=lambda other: url_for("venues.edit_stall", stall_id=other.id),
        title=_("Section %(code)s", code=stall.section.code),
    )
    return render_template("venues/stall.html", stall=stall, form=form, section_map=section_map)


@bp.route("/sections/<int:section_id>/delete", methods=["POST"])
@roles_required(*MANAGER_ROLES)
@manages("section_id", lambda section_id: db.get_or_404(StallSection, section_id), province="venue.province")
def delete_section(section):
    venue_id, code = section.venue_id, section.code
    if not ConfirmForm().validate_on_submit():
        abort(400)
    with attempt() as outcome:
        operations.delete_section(section)
    if outcome.ok:
        flash(_("Section %(code)s was deleted.", code=code), "success")
    return redirect(url_for("venues.detail", venue_id=venue_id))
