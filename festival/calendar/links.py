"""Links that leave the site: absolute URLs, webcal subscriptions, Google Calendar.

Absolute URLs are built from FESTIVAL_BASE_URL (festival.core.urls.site_base_url), never from
the request's Host header in production, so feeds and the API link to the real site whatever
proxy or client asked.
"""
from urllib.parse import urlencode, urlsplit

from flask import url_for

from festival.core.timezones import local_to_utc
from festival.core.urls import site_base_url
from festival.markets.models import Occurrence
from festival.markets.recurrence import festival_days

GOOGLE_CALENDAR = "https://calendar.google.com/calendar/render"
UTC_STAMP = "%Y%m%dT%H%M%SZ"
ID_MARKER = 918273645  # an id no URL holds otherwise (see id_url)


def base_url() -> str:
    return site_base_url()


def site_host() -> str:
    return urlsplit(base_url()).hostname or "localhost"


def absolute_url(endpoint: str, **values) -> str:
    return base_url() + url_for(endpoint, **values)


def id_url(endpoint: str, name: str, *, absolute: bool = False):
    """`url(id)` for the many ids of one endpoint: url_for once per page, then each id put
    in the marker's place (a `url_for` per event and day was a tenth of the month page)."""
    marker = str(ID_MARKER)
    built = (absolute_url if absolute else url_for)(endpoint, **{name: ID_MARKER})
    prefix, found, suffix = built.partition(marker)
    if not found or marker in suffix:
        raise ValueError(f"{endpoint}: the id is not one part of its URL")
    return lambda value: f"{prefix}{int(value)}{suffix}"


def webcal_url(endpoint: str, **values) -> str:
    """The same feed for calendar apps: `webcal://host/...` subscribes instead of downloading."""
    url = absolute_url(endpoint, **values)
    return "webcal://" + url.split("://", 1)[1]


def google_calendar_url(occurrence: Occurrence, details: str) -> str:
    """A prefilled "add to Google Calendar" link; a festival repeats daily over its days."""
    market, venue = occurrence.market, occurrence.market.venue
    opens, closes = (local_to_utc(occurrence.day, moment).strftime(UTC_STAMP)
                     for moment in (market.opens_at, market.closes_at))
    params = {
        "action": "TEMPLATE",
        "text": market.title,
        "dates": f"{opens}/{closes}",
        "details": details,
        "location": ", ".join(part for part in (venue.name, venue.address) if part),
        "ctz": "Asia/Damascus",
    }
    days = len(festival_days(occurrence.day, occurrence.last_day))
    if days > 1:
        params["recur"] = f"RRULE:FREQ=DAILY;COUNT={days}"
    return f"{GOOGLE_CALENDAR}?{urlencode(params)}"
