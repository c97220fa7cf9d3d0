"""The family's own pages (dashboard, profile, photos) and the photo files themselves.

A family only ever reaches its own data: everything is looked up from `current_user`,
and a photo of another family is a 404, exactly like a photo that does not exist.
"""
from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from festival.applications.queries import applications_of_family, markets_open_for_applications
from festival.auth.models import STAFF_ROLES, Role
from festival.consent.models import SharingPurpose
from festival.consent.queries import current_choices
from festival.core.access import public, roles_required
from festival.core.confirm import confirmation_page
from festival.core.forms import ConfirmForm
from festival.core.pipeline import attempt
from festival.core.timezones import today_in_damascus
from festival.core.types import utcnow
from festival.documents.queries import attention as documents_to_act_on
from festival.fees import queries as fee_queries
from festival.reports.queries import pending_reports
from festival.training import queries as training_queries
from festival.vendors.forms import ProfileForm
from festival.vendors.models import MAX_PHOTOS, Family, FamilyPhoto
from festival.vendors.photos import delete_photo, max_photo_megabytes, photo_by_name, photo_path, store_photo
from festival.vendors.profile import missing_profile_items, own_family, update_profile

bp = Blueprint("vendors", __name__, url_prefix="/family")

# A stored name never gets other bytes, so browsers may keep a photo for a year.
PHOTO_MAX_AGE = 365 * 24 * 3600


def own_photo_or_404(stored_name: str) -> FamilyPhoto:
    photo = photo_by_name(stored_name)
    if photo is None or photo.family_id != own_family().id:
        abort(404)
    return photo


@bp.route("")
@roles_required(Role.VENDOR)
def dashboard():
    family = own_family()
    return render_template(
        "vendors/dashboard.html", family=family, missing=missing_profile_items(family),
        applications=applications_of_family(family),
        open_markets=markets_open_for_applications(family.province_id, utcnow()),
        pending_reports=pending_reports(family, utcnow()),
        next_session=training_queries.next_session_of(family, utcnow()),
        document_alerts=documents_to_act_on(family, today_in_damascus()), today=today_in_damascus(),
        fees_due=fee_queries.family_due(family),
    )


@bp.route("/profile", methods=["GET", "POST"])
@roles_required(Role.VENDOR)
def profile():
    family = own_family()
    form = ProfileForm.for_family(family)
    if form.is_submitted():  # the CSRF token was already checked for every POST
        fields_saved = _save_fields(form, family)
        photo_added = _add_photo(form, family)
        if fields_saved and photo_added is not False:
            flash(_("Your profile was saved."), "success")
            return redirect(url_for(".profile"))
        _explain_partial_save(fields_saved, photo_added)
    return render_template(
        "vendors/profile.html", form=form, family=family, missing=missing_profile_items(family),
        max_photos=MAX_PHOTOS, max_megabytes=max_photo_megabytes(),
    )


def _save_fields(form: ProfileForm, family: Family) -> bool:
    if not form.validate():
        return False
    with attempt(form) as outcome:  # a refusal undoes only this half of the submit
        update_profile(family, **form.profile_fields(family))
    return outcome.ok


def _add_photo(form: ProfileForm, family: Family) -> bool | None:
    """True: stored; False: refused (the reason is under the field); None: no photo was sent."""
    if not form.photo.data:
        return None
    with attempt(form) as outcome:
        store_photo(family, form.photo.data)
    return outcome.ok


def _explain_partial_save(fields_saved: bool, photo_added: bool | None) -> None:
    # The family must know which half of its submit is safe, so nothing is typed twice.
    if fields_saved:
        flash(_("Your other changes were saved, but the photo was not added."), "info")
    elif photo_added:
        flash(_("The photo was added. Please correct the marked fields, then save again."), "info")


@bp.route("/photos/<stored_name>/delete", methods=["GET", "POST"])
@roles_required(Role.VENDOR)
def remove_photo(stored_name):
    photo = own_photo_or_404(stored_name)
    if request.method == "GET":
        return confirmation_page(
            question=_("Remove this photo?"), consequence=_("Visitors will no longer see it. This cannot be undone."),
            image_url=url_for(".photo_thumb", stored_name=photo.stored_name), image_alt=_("The photo to remove"),
            confirm_label=_("Yes, remove the photo"), back_label=_("No, keep it"),
            back_url=url_for(".profile", _anchor="photos"))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    delete_photo(photo)
    flash(_("The photo was removed."), "success")
    return redirect(url_for(".profile", _anchor="photos"))


# Product photos are for visitors too (the vendor directory) and carry no personal data
# once re-encoded, so they are public; only names found in the database are served.
@bp.route("/photos/<stored_name>")
@public
def photo(stored_name):
    return _send_photo(stored_name, thumb=False)


@bp.route("/photos/<stored_name>/thumb")
@public
def photo_thumb(stored_name):
    return _send_photo(stored_name, thumb=True)


def _may_see(photo: FamilyPhoto) -> bool:
    """Staff and the family itself; visitors only where the family lets its profile be shown."""
    if current_user.is_authenticated and (current_user.role in STAFF_ROLES or (
            current_user.family is not None and current_user.family.id == photo.family_id)):
        return True
    return current_choices([photo.family_id]).get(photo.family_id, {}).get(SharingPurpose.PUBLIC_PROFILE, False)


def _send_photo(stored_name: str, *, thumb: bool):
    photo = photo_by_name(stored_name)
    if photo is None or not _may_see(photo):
        abort(404)
    path = photo_path(photo.stored_name, thumb=thumb)
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype=photo.content_type, max_age=PHOTO_MAX_AGE, conditional=True)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'"
    # private: the response may carry the visitor's refreshed session cookie, which no
    # shared cache may keep; the phone's own cache still holds the photo for a year.
    response.cache_control.public = False
    response.cache_control.private = True
    response.cache_control.immutable = True
    return response
