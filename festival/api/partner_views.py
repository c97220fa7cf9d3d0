"""The partner API (/api/v1/partner/...): a partner's systems read, with a token an admin
made for it (festival/api/partner_auth.py), what its people read on /partner:

- families: the families of its scope who agreed to share with its kind of partner, with
  only its data policy's fields; every page returned is logged as an export with its
  families (festival/partners/operations.record_export), like a download;
- markets: the public markets of its provinces;
- sales: the open data's cells of its provinces (fewer than 5 families: suppressed);
- crafts: the craft categories and how many of its scope's families practise each ("<5" hidden).

Every list is paginated (`page` from 1, `per_page` 1-100); errors are JSON.
"""
from dataclasses import dataclass

from flask import Blueprint, jsonify, request
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_limiter.errors import RateLimitExceeded

from festival.api.partner_auth import rate_limit, security_log, token_required
from festival.calendar.links import absolute_url
from festival.core import query_args
from festival.core.errors import ERROR_MESSAGES, json_error, json_errors
from festival.core.types import utcnow
from festival.extensions import csrf, limiter
from festival.partners import api_queries
from festival.partners.operations import record_export
from festival.partners.token_models import TokenScope
from festival.reports.open_data import SUPPRESSION_THRESHOLD

bp = Blueprint("partner_api", __name__, url_prefix="/api/v1/partner")
csrf.exempt(bp)
json_errors(bp)
limited = limiter.limit(rate_limit, scope="partner-api")
DEFAULT_PER_PAGE, MAX_PER_PAGE, MAX_PAGE = 50, 100, 100_000


class BadPaging(Exception):
    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code, self.message = code, message


@bp.errorhandler(BadPaging)
def bad_paging(error: BadPaging):
    return json_error(error.code, error.message)


@bp.errorhandler(RateLimitExceeded)
def too_many(error: RateLimitExceeded):
    """JSON, not the app's 429 page (which flask looks up before the blueprint's HTTPException)."""
    security_log.warning("rate limit hit: ip=%s path=%s limit=%s", request.remote_addr, request.path,
                         error.description)
    return json_error(429, ERROR_MESSAGES[429][1])


def _whole_number(name: str, default: int) -> int | None:
    """The argument as a whole number (None when it is not one); a very long one is beyond every bound."""
    value = query_args.text(request.args, name)
    if not value:
        return default
    if not query_args.is_whole_number(value):
        return None
    return int(value) if len(value) <= query_args.MAX_DIGITS else MAX_PAGE + 1


def _paging() -> tuple[int, int]:
    page = _whole_number("page", 1)
    if page is None or page < 1:
        raise BadPaging(400, _("The page number is a whole number from 1."))
    if page > MAX_PAGE:
        raise BadPaging(404, _("There is no such page."))
    per_page = _whole_number("per_page", DEFAULT_PER_PAGE)
    if per_page is None or not 1 <= per_page <= MAX_PER_PAGE:
        raise BadPaging(400, ngettext("Between 1 and %(num)d record per page.",
                                      "Between 1 and %(num)d records per page.", MAX_PER_PAGE))
    return page, per_page


@dataclass
class ListPage:
    """A page of a list already in memory, shaped as flask_sqlalchemy's Pagination."""

    all_items: list
    page: int
    per_page: int

    @property
    def total(self) -> int:
        return len(self.all_items)

    @property
    def pages(self) -> int:
        return -(-self.total // self.per_page)

    @property
    def items(self) -> list:
        start = (self.page - 1) * self.per_page
        return self.all_items[start:start + self.per_page]


def _checked(result):
    if result.page > max(result.pages, 1):
        raise BadPaging(404, _("There is no such page."))
    return result


def _pagination(result, endpoint: str) -> dict:
    def link(number: int) -> str:
        return absolute_url(endpoint, **{**request.args.to_dict(), "page": number})

    return {"page": result.page, "per_page": result.per_page, "total": result.total, "pages": result.pages,
            "next": link(result.page + 1) if result.page < result.pages else None,
            "prev": link(result.page - 1) if result.page > 1 and result.total else None}


@bp.route("/families")
@limited
@token_required(TokenScope.FAMILIES)
def families(token):
    """A page of the families who agreed; logged as an export with exactly those families."""
    partner = token.partner
    page, per_page = _paging()
    result = _checked(api_queries.consented_families_page(partner, page, per_page))
    records = api_queries.family_records(partner, result.items)
    record_export(partner, result.items, token=token, now=utcnow())
    return jsonify(partner=partner.name_ar, purpose=partner.purpose,
                   fields=api_queries.policy_fields(partner), families=records,
                   pagination=_pagination(result, "partner_api.families"))


@bp.route("/markets")
@limited
@token_required(TokenScope.MARKETS)
def markets(token):
    page, per_page = _paging()
    result = _checked(api_queries.markets_page(token.partner, page, per_page))
    return jsonify(markets=[api_queries.market_record(market) for market in result.items],
                   pagination=_pagination(result, "partner_api.markets"))


@bp.route("/sales")
@limited
@token_required(TokenScope.SALES)
def sales(token):
    page, per_page = _paging()
    result = _checked(ListPage(api_queries.sales_in_scope(token.partner), page, per_page))
    return jsonify(currency="SYP", suppression={"threshold": SUPPRESSION_THRESHOLD},
                   cells=[cell.as_json() for cell in result.items], pagination=_pagination(result, "partner_api.sales"))


@bp.route("/crafts")
@limited
@token_required(TokenScope.CRAFTS)
def crafts(token):
    page, per_page = _paging()
    result = _checked(ListPage(api_queries.crafts_in_scope(token.partner), page, per_page))
    return jsonify(crafts=result.items, pagination=_pagination(result, "partner_api.crafts"))
