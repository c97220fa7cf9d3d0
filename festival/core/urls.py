"""URL helpers: the site's own absolute address, and safe redirects."""
from urllib.parse import urlsplit

from flask import current_app, has_request_context, request


def site_base_url() -> str:
    """`https://festival.example.sy`: FESTIVAL_BASE_URL, never the request's Host header in production.

    In development with no FESTIVAL_BASE_URL set, the address the app is served on, so
    feeds and badge links work on whatever port `make run` uses.
    """
    if current_app.config.get("BASE_URL_FROM_REQUEST") and has_request_context():
        return request.host_url.rstrip("/")
    return current_app.config["FESTIVAL_BASE_URL"].rstrip("/")


def safe_next_url(target: str | None) -> str | None:
    """Only same-site paths may be used after login (no open redirect)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target:
        return None
    return target
