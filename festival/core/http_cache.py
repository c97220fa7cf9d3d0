"""Conditional GET: ETag and Last-Modified validators, 304 answers, revalidation headers.

A view names everything its response depends on (`parts`) and when that last changed;
for anonymous visitors the body is only built when their copy is out of date. Pages
for a logged-in user also show things of their own (menus, unread counters), so
those are validated by what was rendered. Every response says `no-cache`: each reuse
is revalidated, and a change is never hidden behind a cached copy.
"""
import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from functools import cache

from flask import make_response, request, session

from festival.config import PROJECT_ROOT

# Flask-WTF signs the same session token anew on every page: not a change of content.
CSRF_INPUT = re.compile(rb'<input[^>]*name="csrf_token"[^>]*>')


@cache
def release_fingerprint() -> int:
    """Changes with the code, templates and catalogs: a new release is new content."""
    roots = (PROJECT_ROOT / "templates", PROJECT_ROOT / "festival", PROJECT_ROOT / "static")
    return max(path.stat().st_mtime_ns for root in roots for path in root.rglob("*") if path.is_file())


def etag_for(parts) -> str:
    return hashlib.sha256(repr((release_fingerprint(), *parts)).encode()).hexdigest()[:40]


class BodyCache:
    """Bodies of anonymous responses by ETag, per worker, least recently used out.

    The ETag already names everything a public response depends on, so a body stored
    under it can be served to the next visitor without building it again; a change
    gives a new ETag and the old body simply ages out. Bodies with a form token are
    never stored (the token belongs to one session).
    """

    def __init__(self, max_entries: int = 256, max_bytes: int = 4 * 1024 * 1024):
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self._entries: OrderedDict[str, tuple[bytes, dict]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, etag: str):
        with self._lock:
            entry = self._entries.get(etag)
            if entry is not None:
                self._entries.move_to_end(etag)
            return entry

    def put(self, etag: str, response) -> None:
        body = response.get_data()
        if response.status_code != 200 or len(body) > self.max_bytes or b'name="csrf_token"' in body:
            return
        headers = {key: value for key, value in response.headers.items()
                   if key in ("Content-Type", "Content-Disposition")}
        with self._lock:
            self._entries[etag] = (body, headers)
            self._entries.move_to_end(etag)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


bodies = BodyCache()


def _anonymous_body(etag: str, build: Callable):
    stored = bodies.get(etag)
    if stored is not None:
        body, headers = stored
        return make_response(body, 200, headers)
    response = make_response(build())
    bodies.put(etag, response)
    return response


def _client_copy_is_current(etag: str, last_modified: datetime | None) -> bool:
    if request.if_none_match:  # when both are sent, the ETag decides (RFC 9110, 13.1.3)
        return request.if_none_match.contains_weak(etag)
    if last_modified is not None and request.if_modified_since:
        return last_modified <= request.if_modified_since
    return False


def conditional_response(parts, last_modified: datetime, build: Callable, *, personal: bool = False):
    """200 with validators, or 304 if the client already has this version.

    `build()` returns anything Flask can turn into a response. `personal` is for a page
    rendered for a logged-in user: it is always built, validated by its content, and
    kept out of shared caches.
    """
    if "_flashes" in session:  # a one-time message must not end up in a cached copy
        response = make_response(build())
        response.cache_control.no_store = True
        return response
    last_modified = last_modified.replace(microsecond=0)
    if personal:
        response = make_response(build())
        etag = etag_for((*parts, hashlib.sha256(CSRF_INPUT.sub(b"", response.get_data())).hexdigest()))
        if _client_copy_is_current(etag, None):
            response = make_response("", 304)
    else:
        etag = etag_for(parts)
        fresh = _client_copy_is_current(etag, last_modified)
        response = make_response("", 304) if fresh else _anonymous_body(etag, build)
    response.set_etag(etag)
    response.last_modified = last_modified
    response.cache_control.no_cache = True
    if personal:
        response.cache_control.private = True
    else:
        response.cache_control.public = True
    response.vary.add("Cookie")
    return response
