"""Who may call the partner API: `Authorization: Bearer <token>` with the scope a view needs.

`@token_required(TokenScope.FAMILIES)` is this API's access rule, as `@roles_required` is the
pages' (festival/core/access.py): it declares `access_rule = ("api_token", scope)`, which
tests/core/test_access.py and tests/auth/test_role_groups.py read. No session cookie counts
here: a signed-in partner's browser gets a 401 like anyone without a token.

- no header, another scheme, an unknown or a revoked token: 401 with `WWW-Authenticate: Bearer`;
- a token without the view's scope: 403;
- otherwise the view gets `token` (its partner loaded), marked as used now.

Token endpoints are GET only and read no cookie, so CSRF does not apply.
"""
import logging
from functools import wraps

from flask import current_app, request
from flask_babel import gettext as _

from festival.core.database import writes_on_get
from festival.core.errors import json_error
from festival.core.types import utcnow
from festival.partners import token_operations

security_log = logging.getLogger("festival.security")
DEFAULT_RATE_LIMIT = "300 per minute"  # per address; PARTNER_API_RATE_LIMIT in the settings


def rate_limit() -> str:
    return current_app.config.get("PARTNER_API_RATE_LIMIT", DEFAULT_RATE_LIMIT)


def _bearer(header: str | None) -> str | None:
    scheme, _space, credentials = (header or "").strip().partition(" ")
    return credentials.strip() or None if scheme.lower() == "bearer" else None


def _refused(code: int, message: str, reason: str):
    security_log.warning("partner api refused: ip=%s path=%s reason=%s", request.remote_addr, request.path, reason)
    body, status = json_error(code, message)
    headers = {"WWW-Authenticate": 'Bearer realm="festival", error="invalid_token"'} if code == 401 else {}
    return body, status, headers


def token_required(scope: str):
    def decorator(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            writes_on_get()  # the token's last use is written: SQLite takes the write lock at BEGIN
            secret = _bearer(request.headers.get("Authorization"))
            if secret is None:
                return _refused(401, _("Send your API token: Authorization: Bearer <token>."), "no token")
            token = token_operations.authenticate(secret, now=utcnow())
            if token is None:
                return _refused(401, _("This API token is not valid, or it was revoked."), "bad or revoked token")
            if scope not in (token.scopes or ()):
                return _refused(403, _("This API token may not read this."), f"token {token.id} lacks {scope}")
            return view(*args, token=token, **kwargs)

        guarded.access_rule = ("api_token", str(scope))
        return guarded

    return decorator
