"""Error pages in the user's language; bad input is a 4xx with a message, never a 500.

JSON blueprints (the public API, the scanners' check-in API) call `json_errors(bp)`:
every error of theirs is `{"error": {"code": 409, "message": "..."}}` with that status.
"""
import logging

from flask import current_app, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException, InternalServerError

from festival.core.domain import DomainError
from festival.extensions import db

error_log = logging.getLogger("festival.errors")

ERROR_MESSAGES = {
    400: (_l("Bad request"), _l("We could not understand this request. Please check what you entered and try again.")),
    403: (_l("Not allowed"), _l("Your account does not have access to this page.")),
    404: (_l("Page not found"), _l("This page does not exist or was moved.")),
    405: (_l("Not allowed"), _l("This page cannot be used this way.")),
    409: (_l("Not saved"), _l("Someone changed the same thing at the same moment, so nothing was saved. "
                              "Go back, reload the page and try again.")),
    413: (_l("File too large"), _l("The file you sent is too large. Go back and choose a smaller photo.")),
    429: (_l("Too many attempts"), _l("You have tried too many times. Please wait a few minutes and try again.")),
    500: (_l("Something went wrong"),
          _l("An error happened on our side. Nothing you entered was saved; please try again.")),
}


def render_error(code: int, message=None):
    title, default_message = ERROR_MESSAGES.get(code, ERROR_MESSAGES[400 if code < 500 else 500])
    body = render_template(
        "errors/error.html", code=code, title=title, message=message or default_message
    )
    return body, code


def _kept_headers(error: HTTPException) -> dict:
    """The headers an error must keep: `Allow` of a 405 (RFC 9110)."""
    return {name: value for name, value in error.get_headers() if name == "Allow"}


def handle_http_error(error: HTTPException):
    if error.code and error.code < 400:
        return error
    code = error.code or 500
    if request.path.startswith(tuple(current_app.extensions.get("json_error_prefixes", ()))):
        # A routing error (405, or 404 before any rule matched) has no blueprint: JSON by its path.
        body, _status = json_error(code, ERROR_MESSAGES.get(code, ERROR_MESSAGES[400])[1])
        return body, code, _kept_headers(error)
    body, _status = render_error(code, getattr(error, "user_message", None))
    return body, code, _kept_headers(error)


def handle_csrf_error(error: CSRFError):
    return render_error(
        400,
        _l("The form expired or was sent from another page. Please open the page again and resubmit."),
    )


def handle_rate_limit(error: RateLimitExceeded):
    logging.getLogger("festival.security").warning(
        "rate limit hit: ip=%s path=%s limit=%s", request.remote_addr, request.path, error.description
    )
    return render_error(429)


CONFLICT_MESSAGE = ERROR_MESSAGES[409][1]


def handle_integrity_error(error: IntegrityError):
    """A unique or check constraint refused the commit: a concurrent change won (the
    pipeline has rolled back). The database guards the invariant; the user gets words."""
    db.session.rollback()
    error_log.warning("integrity error on %s: %s", request.path, error.orig)
    return render_error(409)


def json_error(code: int, message):
    return jsonify(error={"code": code, "message": str(message)}), code


def json_errors(blueprint) -> None:
    """Every error of this blueprint's requests answered as JSON, in the request's language;
    routing errors under its URL prefix too (handle_http_error)."""
    blueprint.record_once(lambda state: state.app.extensions.setdefault("json_error_prefixes", set()).add(
        state.url_prefix.rstrip("/") + "/"))

    @blueprint.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        body, code = json_error(error.code, ERROR_MESSAGES.get(error.code, ERROR_MESSAGES[400])[1])
        return body, code, _kept_headers(error)

    @blueprint.errorhandler(DomainError)
    def domain_error(error: DomainError):
        return json_error(409, error.message)

    @blueprint.errorhandler(IntegrityError)
    def integrity_error(error: IntegrityError):
        handle_integrity_error(error)
        return json_error(409, CONFLICT_MESSAGE)


def handle_unexpected_error(error: Exception):
    db.session.rollback()
    original = getattr(error, "original_exception", error)
    error_log.exception("unhandled error on %s", request.path, exc_info=original)
    return render_error(500)


def register_error_handlers(app) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(RateLimitExceeded, handle_rate_limit)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(InternalServerError, handle_unexpected_error)
    app.register_error_handler(IntegrityError, handle_integrity_error)
