"""Compressed responses: most visitors are on phones and slow mobile data.

Flask-Compress does the compressing (brotli or gzip, whichever the client prefers) of
HTML, JSON, CSS, JavaScript, SVG, iCalendar and CSV. Two rules of ours sit around it:

- A page that carries a form token is sent as it is. Compressing a secret next to text
  an attacker can make the page repeat lets them guess the secret from the sizes of
  encrypted responses (BREACH); the CSRF token is that secret on every logged-in page.
- Anonymous public bodies are kept per version by festival.core.http_cache. They are
  kept as sent, compressed, so a version is compressed once rather than per visitor.
"""
from flask import Flask
from flask_compress import Compress

from festival.core import http_cache

compress = Compress()

SETTINGS = {
    "COMPRESS_ALGORITHM": list(http_cache.CODINGS),  # every current browser and calendar client has one
    "COMPRESS_ALGORITHM_STREAMING": list(http_cache.CODINGS),  # static files and streamed exports
    "COMPRESS_BR_LEVEL": 5,  # brotli's fast levels beat gzip -6 in size and time
    "COMPRESS_LEVEL": 6,
    "COMPRESS_MIN_SIZE": 500,  # below this the headers outweigh the gain
    "COMPRESS_REGISTER": False,  # compress_response decides first (see the docstring)
}
EXTRA_MIMETYPES = ["text/calendar", "text/csv"]


def configure_compression(app: Flask) -> None:
    for name, value in SETTINGS.items():
        app.config.setdefault(name, value)
    compress.init_app(app)
    app.config["COMPRESS_MIMETYPES"] = [*app.config["COMPRESS_MIMETYPES"], *EXTRA_MIMETYPES]
    compress.compress_mimetypes_set.update(EXTRA_MIMETYPES)
    # after_request hooks run in reverse order of registration: the body is compressed
    # first, then kept as it was sent.
    app.after_request(http_cache.keep_sent_body)
    app.after_request(compress_response)


def compress_response(response):
    if http_cache.made_a_form_token(response):
        return response
    return compress.after_request(response)
