"""What the visitors' pages, feeds and API depend on, for festival.core.http_cache.

The public data's version (festival.markets.public_version: a number raised by every
committed market change) stands for all of it. Add the path
and arguments, the language, the user for personal pages and, for pages that show
"upcoming" or "held", the day in Damascus. A logged-in user's page is personal (their
menu, their counters) and is validated by its content; see festival.core.http_cache.
"""
from datetime import datetime, time

from flask import request
from flask_babel import get_locale
from flask_login import current_user

from festival.core.http_cache import conditional_response
from festival.core.timezones import local_to_utc, today_in_damascus
from festival.markets import public_version


def cached(build, *, personal: bool, extra=(), changed_at: datetime | None = None):
    """A conditional response for a view of public events; see conditional_response.

    `personal`: an HTML page, which shows who is logged in.
    `extra` adds what else the view depends on; `changed_at`, a moment after which it
    shows something new without any market changing (e.g. applications opening).
    """
    version = public_version.for_this_request()
    today = today_in_damascus()
    personal = personal and current_user.is_authenticated
    user_id = current_user.get_id() if personal else None
    parts = (version.number, version.changed_at.isoformat(), request.path,
             sorted(request.args.items(multi=True)), str(get_locale()), user_id, today.isoformat(), *extra)
    moments = [version.changed_at, local_to_utc(today, time(0))] + ([changed_at] if changed_at else [])
    return conditional_response(parts, max(moments), build, personal=personal)
