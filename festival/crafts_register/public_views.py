"""The register's public pages: /crafts (every craft by category, heritage marked) and
/crafts/<slug> (its description, photos, and per province the families, markets and
families that reported sales, small cells "<5"; the coming dates where its families have a stall). No personal
data. Cached by the public version plus the register's fingerprint
(festival/crafts_register/queries.register_fingerprint)."""
from flask import Blueprint, abort, render_template, send_file

from festival.calendar.caching import cached
from festival.calendar.display import TEMPLATE_HELPERS
from festival.core.access import public
from festival.core.timezones import today_in_damascus
from festival.crafts.photos import craft_photo_by_name, photo_path
from festival.crafts_register import queries
from festival.markets import public_version

bp = Blueprint("crafts", __name__)
bp.before_request(public_version.remember_for_this_request)  # before any data is read

PHOTO_MAX_AGE = 365 * 24 * 3600  # a stored name never gets other bytes


@bp.context_processor
def calendar_helpers():
    return TEMPLATE_HELPERS  # the market list's macro (templates/calendar/_macros.html)


@bp.route("/crafts")
@public
def index():
    return cached(lambda: render_template("crafts/index.html", groups=queries.crafts_by_category()), personal=True)


@bp.route("/crafts/<slug>")
@public
def craft(slug):
    def build():
        found = queries.craft_of_slug_or_404(slug)
        return render_template("crafts/craft.html", craft=found, cells=queries.cells(craft_id=found.id),
                               dates=queries.upcoming_dates(found, today_in_damascus()), today=today_in_damascus())

    return cached(build, personal=True, extra=queries.register_fingerprint())


@bp.route("/crafts/photos/<stored_name>")
@public
def photo(stored_name):
    return _send_photo(stored_name, thumb=False)


@bp.route("/crafts/photos/<stored_name>/thumb")
@public
def photo_thumb(stored_name):
    return _send_photo(stored_name, thumb=True)


def _send_photo(stored_name: str, *, thumb: bool):
    found = craft_photo_by_name(stored_name)
    if found is None:
        abort(404)
    path = photo_path(found.stored_name, thumb=thumb)
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype=found.content_type, max_age=PHOTO_MAX_AGE, conditional=True)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'"
    response.cache_control.public = False  # it may carry a refreshed session cookie
    response.cache_control.private = True
    response.cache_control.immutable = True
    return response
