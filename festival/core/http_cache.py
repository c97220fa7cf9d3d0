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

from flask import current_app, g, make_response, request, session

from festival.config import PROJECT_ROOT

# Flask-WTF signs the same session token anew on every page: not a change of content.
CSRF_INPUT = re.compile(rb'<input[^>]*name="csrf_token"[^>]*>')
FORM_TOKEN = b'name="csrf_token"'
CODINGS = ("br", "gzip")  # what festival.core.compression sends
# A compressed body's ETag gets the coding appended (`"…:br"`, Flask-Compress's way).
CODED_SUFFIXES = ("", *(f":{coding}" for coding in CODINGS))
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Encoding", "ETag")


@cache
def release_fingerprint() -> int:
    """Changes with the code, templates and catalogs: a new release is new content."""
    roots = (PROJECT_ROOT / "templates", PROJECT_ROOT / "festival", PROJECT_ROOT / "static")
    return max(path.stat().st_mtime_ns for root in roots for path in root.rglob("*") if path.is_file())


def etag_for(parts) -> str:
    return hashlib.sha256(repr((release_fingerprint(), *parts)).encode()).hexdigest()[:40]


class BodyCache:
    """Anonymous response bodies as sent, by ETag and the codings the client accepts,
    per worker, least recently used out.

    The ETag already names everything a public response depends on, so a body kept
    under it can be served to the next visitor without building it again; a change
    gives a new ETag and the old body simply ages out. The body is kept as sent, after
    compression, so what the client accepts is part of the key. Bodies with a form
    token are never kept (the token belongs to one session).
    """

    def __init__(self, max_entries: int = 256, max_bytes: int = 4 * 1024 * 1024):
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self._entries: OrderedDict[tuple[str, tuple], tuple[bytes, dict]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, tuple]):
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: tuple[str, tuple], response) -> None:
        body = response.get_data()
        if response.status_code != 200 or len(body) > self.max_bytes:
            return
        headers = {name: value for name, value in response.headers.items() if name in KEPT_HEADERS}
        with self._lock:
            self._entries[key] = (body, headers)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


bodies = BodyCache()


def made_a_form_token(response) -> bool:
    """Flask-WTF made a token for this request, or the body carries one."""
    if "csrf_token" in g:
        return True
    return not (response.direct_passthrough or response.is_streamed) and FORM_TOKEN in response.get_data()


def _anonymous_body(etag: str, build: Callable):
    # Keyed by the codings the client takes, not its header's spelling: at most 4 copies.
    if not current_app.config["PUBLIC_BODY_CACHE"]:  # off: every request builds (bench/run.py --cold)
        return make_response(build())
    key = (etag, tuple(coding for coding in CODINGS if request.accept_encodings[coding]))
    kept = bodies.get(key)
    if kept is not None:
        body, headers = kept
        return make_response(body, 200, headers)
    response = make_response(build())
    if response.status_code == 200 and not response.is_streamed and not made_a_form_token(response):
        g.body_cache_key = key  # kept by keep_sent_body, once compressed
    return response


def keep_sent_body(response):
    """after_request, the last one: keep an anonymous body as it is sent."""
    key = g.pop("body_cache_key", None)
    if key is not None:
        bodies.put(key, response)
    return response


def _tag_the_client_has(etag: str, last_modified: datetime | None) -> str | None:
    """The validator of the client's copy if it is this version (coded or not), else None."""
    if request.if_none_match:  # when both are sent, the ETag decides (RFC 9110, 13.1.3)
        return next((etag + suffix for suffix in CODED_SUFFIXES
                     if request.if_none_match.contains_weak(etag + suffix)), None)
    if last_modified is not None and request.if_modified_since and last_modified <= request.if_modified_since:
        return etag
    return None


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
        tag = _tag_the_client_has(etag, None)
        if tag:
            response = make_response("", 304)
    else:
        etag = etag_for(parts)
        tag = _tag_the_client_has(etag, last_modified)
        response = make_response("", 304) if tag else _anonymous_body(etag, build)
        # Only here: a personal page also changes when no market does, so its ETag alone
        # validates it (Flask-Compress evaluates both validators again).
        response.last_modified = last_modified
    if "ETag" not in response.headers:  # a kept body carries the ETag it was sent with
        response.set_etag(tag or etag)
    response.cache_control.no_cache = True
    if personal:
        response.cache_control.private = True
    else:
        response.cache_control.public = True
    response.vary.add("Cookie")
    return response


def kept_private(rendered):
    """A person's own pass or document (a badge, a training pass, a certificate): no shared
    cache keeps it, and the phone asks again each time, so a reissue shows at once."""
    response = make_response(rendered)
    response.cache_control.private = True
    response.cache_control.no_cache = True
    return response
