"""/search: visitors look for a product, a craft or a family across markets
(festival/calendar/search.py). A plain GET form: works without JavaScript."""
from flask import Blueprint, abort, render_template, request

from festival.calendar import search as market_search
from festival.calendar.display import TEMPLATE_HELPERS
from festival.core import query_args
from festival.core.access import public
from festival.core.timezones import today_in_damascus

bp = Blueprint("search", __name__)


@bp.context_processor
def calendar_helpers():
    return TEMPLATE_HELPERS  # the market list's macro (templates/calendar/_macros.html)


@bp.route("/search")
@public
def index():
    typed = query_args.text(request.args, "q")[:market_search.MAX_QUERY_LENGTH]
    page = query_args.whole_number(request.args, "page") or 1
    today = today_in_damascus()
    result = market_search.search(typed, today, page)
    if result is not None and page > max(result.families.pages, 1):
        abort(404)
    return render_template("public/search.html", typed=typed, result=result, today=today)
