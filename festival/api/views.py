"""Read-only JSON API v1: public events, with the calendar's filters; the open data; the
API's own OpenAPI description (festival/api/openapi.py).

Errors are JSON too: `{"error": {"code": 404, "message": "..."}}`, with the message in
the request's language.
"""
from flask import Blueprint, jsonify, request
from flask_babel import gettext as _

from festival.api import openapi, serialize
from festival.calendar import queries
from festival.calendar.caching import cached
from festival.calendar.filters import BadQuery, parse_date, parse_filter, parse_paging
from festival.calendar.links import absolute_url
from festival.calendar.rows import with_crafts
from festival.core.access import public
from festival.core.errors import ERROR_MESSAGES, json_error, json_errors
from festival.core.timezones import today_in_damascus
from festival.markets import public_version
from festival.reports import open_data

bp = Blueprint("api", __name__, url_prefix="/api/v1")
bp.before_request(public_version.remember_for_this_request)  # before any data is read
DEFAULT_PER_PAGE = 20


json_errors(bp)


@bp.errorhandler(BadQuery)
def bad_query(error: BadQuery):
    return json_error(error.code, error.message)


@bp.route("/events")
@public
def events():
    today = today_in_damascus()
    first_day = parse_date(request.args, "from", today)
    last_day = parse_date(request.args, "to")
    if last_day is not None and last_day < first_day:
        raise BadQuery(400, _("The end date comes before the start date."))
    page, per_page = parse_paging(request.args, DEFAULT_PER_PAGE)

    def page_url(number: int) -> str:
        return absolute_url("api.events", **{**request.args.to_dict(), "page": number})

    def build():
        event_filter = parse_filter(request.args)  # looked up only when built (see calendar.views.index)
        result = queries.paginate_rows(queries.upcoming(event_filter, first_day, last_day), page, per_page,
                                       crafts=True)
        return jsonify(serialize.event_page(result, today, page_url))

    return cached(build, personal=False)


@bp.route("/events/<int:occurrence_id>")
@public
def event(occurrence_id: int):
    occurrence = queries.public_row_or_404(occurrence_id)
    return cached(lambda: jsonify(serialize.event(with_crafts([occurrence])[0], today_in_damascus())),
                  personal=False)


@bp.route("/open-data/sales")
@public
def open_data_sales():
    """The open data's table as JSON (the page /open-data offers it as CSV too)."""
    fingerprint = open_data.sales_fingerprint()  # sales reports do not raise the public version
    return cached(lambda: jsonify(open_data.sales_document(open_data.sales_cells())), personal=False,
                  extra=fingerprint)


@bp.route("/openapi.json")
@public
def openapi_document():
    return cached(lambda: jsonify(openapi.document()), personal=False)


@bp.route("/<path:unknown>")
@public
def not_found(unknown: str):
    return json_error(404, ERROR_MESSAGES[404][1])
