"""Visitors' calendar: month and list views, event pages, iCalendar feeds.

Views stay thin: parse the query string (festival.calendar.filters), read
(festival.calendar.queries) and answer through festival.calendar.caching, which
sends validators and answers 304 when the visitor's copy is current.
"""
from datetime import timedelta

from flask import Blueprint, Response, current_app, render_template, request, url_for
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_login import current_user

from festival.auth.models import Role
from festival.calendar import queries
from festival.calendar.caching import cached
from festival.calendar.display import TEMPLATE_HELPERS, application_phase, event_items, last_phase_change
from festival.calendar.filters import (
    TRAINING,
    BadQuery,
    EventFilter,
    parse_alarm,
    parse_filter,
    parse_month,
    parse_paging,
    parse_view,
)
from festival.calendar.ics import CONTENT_TYPE, build_calendar
from festival.calendar.links import absolute_url, google_calendar_url, webcal_url
from festival.calendar.month import month_end, month_grid
from festival.calendar.rows import with_crafts
from festival.core.access import public
from festival.core.errors import render_error
from festival.core.i18n import is_arabic
from festival.core.labels import label
from festival.core.timezones import today_in_damascus
from festival.core.types import utcnow
from festival.markets import public_version
from festival.provinces.queries import all_provinces
from festival.reports.public import published_sales
from festival.stalls.queries import public_directory
from festival.venues.svg import render_stall_map

bp = Blueprint("calendar", __name__)
bp.before_request(public_version.remember_for_this_request)  # before any data is read
LIST_PER_PAGE = 20
FEED_HISTORY = timedelta(days=366)  # subscribers keep a year of past markets


@bp.context_processor
def calendar_helpers():
    return TEMPLATE_HELPERS


@bp.errorhandler(BadQuery)
def bad_query(error: BadQuery):
    return render_error(error.code, error.message)


def _feed_args(event_filter: EventFilter) -> dict:
    return {**event_filter.as_args(), **({} if is_arabic() else {"lang": "en"})}


def _listing_context(event_filter: EventFilter, view: str) -> dict:
    return {
        "event_filter": event_filter, "filter_args": event_filter.as_args(), "view": view,
        "provinces": all_provinces(), "crafts": queries.all_crafts(), "today": today_in_damascus(),
        "webcal_url": webcal_url("calendar.feed", **_feed_args(event_filter)),
        "ics_url": absolute_url("calendar.feed", **_feed_args(event_filter)),
    }


@bp.route("/calendar")
@public
def index():
    # The filter's slugs are looked up only when the page is built: the validators cover
    # the raw query string, and a stored copy needs no lookup (an unknown slug is never stored).
    view = parse_view(request.args)
    if view == "list":
        return _upcoming_list()
    month = parse_month(request.args, today_in_damascus())

    def build():
        event_filter = parse_filter(request.args)
        occurrences = event_items(queries.occurrences_between(event_filter, month, month_end(month)),
                                  today_in_damascus())
        sessions = queries.sessions_between(event_filter, month, month_end(month))
        grid = month_grid(month, occurrences, locale=get_locale(), today=today_in_damascus(), sessions=sessions)
        return render_template("calendar/month.html", grid=grid, month_title=format_date(month, "LLLL y"),
                               **_listing_context(event_filter, view))

    return cached(build, personal=True)


def _upcoming_list():
    page, per_page = parse_paging(request.args, LIST_PER_PAGE)

    def build():
        event_filter = parse_filter(request.args)
        if event_filter.kind == TRAINING:
            query = queries.upcoming_sessions(event_filter, today_in_damascus())
            return render_template("calendar/training_list.html", page=queries.paginate(query, page, per_page),
                                   per_page=per_page, **_listing_context(event_filter, "list"))
        found = queries.paginate_rows(queries.upcoming(event_filter, today_in_damascus()), page, per_page)
        return render_template("calendar/list.html", page=found, items=event_items(found.items, today_in_damascus()),
                               per_page=per_page, **_listing_context(event_filter, "list"))

    return cached(build, personal=True)


@bp.route("/events/<int:occurrence_id>")
@public
def event(occurrence_id: int):
    occurrence = queries.public_occurrence_or_404(occurrence_id, full=True)
    market, now = occurrence.market, utcnow()
    craft_filter = request.args.get("craft") or None
    sales = published_sales(occurrence, now)
    # Read before the cache: families edit their names, products and photos without any
    # market changing, and the page must show the edit at once.
    directory = public_directory(occurrence)

    def build():
        page_url = absolute_url("calendar.event", occurrence_id=occurrence.id)
        return render_template(
            "calendar/event.html", occurrence=occurrence, market=market, venue=market.venue,
            today=today_in_damascus(), phase=application_phase(market, now),
            is_family=current_user.is_authenticated and current_user.role == Role.VENDOR,
            apply_url=_apply_url(market),
            other_dates=[other for other in market.occurrences if other.id != occurrence.id],
            google_url=google_calendar_url(occurrence, f"{market.description}\n\n{page_url}".strip()),
            stall_map=render_stall_map(market.venue, market.offered_stalls, rtl=is_arabic(),
                                       states={entry.stall_id: "assigned" for entry in directory},
                                       labels={entry.stall_id: entry.family_name for entry in directory},
                                       link_for=_family_link(occurrence, directory)),
            stall_families={entry.stall_id: entry.family_name for entry in directory},
            directory=[entry for entry in directory
                       if not craft_filter or craft_filter in {craft.slug for craft in entry.crafts}],
            directory_crafts=sorted({craft for entry in directory for craft in entry.crafts},
                                    key=lambda craft: craft.position),
            craft_filter=craft_filter, published_sales=sales, page_url=page_url,
        )

    return cached(build, personal=True, extra=(application_phase(market, now), sales, _fingerprint(directory)),
                  changed_at=last_phase_change(market, now))


def _family_link(occurrence, directory):
    """A placed family's stall on the map leads to its entry in the list below: tap for details."""
    placed = {entry.stall_id for entry in directory}

    def link(stall):
        if stall.id in placed:
            return url_for("calendar.event", occurrence_id=occurrence.id, _anchor=f"stall-{stall.code}")
        return None

    return link


def _fingerprint(directory) -> tuple:
    return tuple((entry.stall_id, entry.family_name, entry.products, entry.photo.id if entry.photo else None,
                  tuple(craft.id for craft in entry.crafts)) for entry in directory)


def _apply_url(market) -> str | None:
    """Where a family applies, once the applications service is installed."""
    if "applications.apply" not in current_app.view_functions:
        return None
    return url_for("applications.apply", market_id=market.id)


def _calendar_response(occurrences, name: str, filename: str, alarm: int | None, sessions=()) -> Response:
    body = build_calendar(occurrences, name=name, today=today_in_damascus(), alarm_minutes=alarm, sessions=sessions)
    return Response(body, content_type=CONTENT_TYPE,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _feed_name(event_filter: EventFilter) -> str:
    """X-WR-CALNAME: the site, then what the subscriber chose (`… · حلب · سوق الجمعة`)."""
    names = [_("Productive families markets")]
    names += [part.name for part in (event_filter.province, event_filter.craft) if part is not None]
    if event_filter.kind:
        training = event_filter.kind == TRAINING
        names.append(_("Training sessions") if training else label("market_kind", event_filter.kind))
    return " · ".join(names)


@bp.route("/calendar.ics")
@public
def feed():
    alarm, since = parse_alarm(request.args), today_in_damascus() - FEED_HISTORY

    def build():
        event_filter = parse_filter(request.args)  # only when built, as for the calendar page
        return _calendar_response(queries.feed_occurrences(event_filter, since), _feed_name(event_filter),
                                  "festival-calendar.ics", alarm, sessions=queries.feed_sessions(event_filter, since))

    return cached(build, personal=False)


@bp.route("/events/<int:occurrence_id>.ics")
@public
def event_feed(occurrence_id: int):
    alarm = parse_alarm(request.args)
    occurrence = queries.public_row_or_404(occurrence_id)
    return cached(lambda: _calendar_response(with_crafts([occurrence]), occurrence.title,
                                             f"event-{occurrence.id}.ics", alarm), personal=False)

