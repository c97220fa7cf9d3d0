"""What visitors ask for in the query string: filters, month, dates, paging, reminders.

Every parser turns bad input into a `BadQuery` carrying a translated message and the
status to answer (400 for malformed input, 404 for something that does not exist);
the calendar shows it as an error page, the API as JSON. Never a 500.
"""
import re
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import ngettext

from festival.core import query_args
from festival.core.query_args import FIRST_YEAR, LAST_YEAR
from festival.crafts.models import CraftCategory
from festival.extensions import db
from festival.markets.models import MarketKind
from festival.provinces.models import Province

MONTH_PATTERN = re.compile(r"([0-9]{4})-([0-9]{1,2})")
HUGE = 10**9  # any longer number: beyond every limit, and never parsed
MAX_PAGE = 100_000
MAX_PER_PAGE = 100
MAX_ALARM_MINUTES = 7 * 24 * 60
VIEWS = ("month", "list")
TRAINING = "training"  # the calendar's third kind: training sessions (festival/training)


class BadQuery(Exception):
    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class EventFilter:
    province: Province | None = None
    craft: CraftCategory | None = None
    kind: str | None = None

    @property
    def shows_markets(self) -> bool:
        return self.kind != TRAINING

    @property
    def shows_training(self) -> bool:
        """Sessions have no craft category: a craft filter shows markets only."""
        return self.kind in (None, TRAINING) and self.craft is None

    def as_args(self) -> dict[str, str]:
        """The filter as query-string arguments, for links that keep it."""
        args = {}
        if self.province is not None:
            args["province"] = self.province.slug
        if self.craft is not None:
            args["category"] = self.craft.slug
        if self.kind:
            args["kind"] = self.kind
        return args


_text = query_args.text


def parse_filter(args) -> EventFilter:
    province = craft = None
    if slug := _text(args, "province"):
        province = db.session.scalar(db.select(Province).where(Province.slug == slug))
        if province is None:
            raise BadQuery(404, _("There is no such province."))
    if slug := _text(args, "category"):
        craft = db.session.scalar(db.select(CraftCategory).where(CraftCategory.slug == slug))
        if craft is None:
            raise BadQuery(404, _("There is no such craft category."))
    kind = _text(args, "kind") or None
    if kind is not None and kind not in (*MarketKind, TRAINING):
        raise BadQuery(400, _("The kind is a Friday market, a sales festival or a training session."))
    return EventFilter(province=province, craft=craft, kind=kind)


def parse_view(args) -> str:
    view = _text(args, "view") or VIEWS[0]
    if view not in VIEWS:
        raise BadQuery(400, _("The calendar is shown by month or as a list."))
    return view


def parse_month(args, today: date) -> date:
    """The first day of `?month=YYYY-MM`, or of the current month."""
    value = _text(args, "month")
    if not value:
        return today.replace(day=1)
    match = MONTH_PATTERN.fullmatch(value)
    if not match or not FIRST_YEAR <= int(match[1]) <= LAST_YEAR or not 1 <= int(match[2]) <= 12:
        raise BadQuery(400, _("Give the month as year-month, for example 2026-12."))
    return date(int(match[1]), int(match[2]), 1)


def parse_date(args, name: str, default: date | None = None) -> date | None:
    if not _text(args, name):
        return default
    day = query_args.day(args, name)
    if day is None:
        raise BadQuery(400, _("Give dates as year-month-day, for example 2026-12-04."))
    return day


def _whole_number(args, name: str, default: int) -> int | None:
    value = _text(args, name)
    if not value:
        return default
    if not query_args.is_whole_number(value):
        return None
    return int(value) if len(value) < 10 else HUGE


def parse_paging(args, default_per_page: int) -> tuple[int, int]:
    """(page, per_page). A page beyond the last one is a 404, once the total is known."""
    page = _whole_number(args, "page", 1)
    if page is None or page < 1:
        raise BadQuery(400, _("The page number is a whole number from 1."))
    if page > MAX_PAGE:
        raise BadQuery(404, _("There is no such page."))
    per_page = _whole_number(args, "per_page", default_per_page)
    if per_page is None or not 1 <= per_page <= MAX_PER_PAGE:
        raise BadQuery(400, ngettext("Between 1 and %(num)d event per page.", "Between 1 and %(num)d events per page.",
                                     MAX_PER_PAGE))
    return page, per_page


def parse_alarm(args) -> int | None:
    """Minutes before the start for a reminder (VALARM), if asked for."""
    if not _text(args, "alarm"):
        return None
    minutes = _whole_number(args, "alarm", 0)
    if minutes is None or not 1 <= minutes <= MAX_ALARM_MINUTES:
        raise BadQuery(400, _("A reminder is given in minutes, from 1 to 10080 (one week)."))
    return minutes
