"""Who may enter where: the one place for role and province checks.

Every view is decorated with `@public` or `@roles_required(...)`; a test walks the URL
map and fails on a view that has neither, so a forgotten check cannot ship.
Province scope is checked with `ensure_can_manage(province)`, which uses the model
predicate `User.can_manage_province`.
"""
import logging
from functools import wraps

from flask import abort, request
from flask_login import current_user

from festival.extensions import login_manager

security_log = logging.getLogger("festival.security")


def public(view):
    view.access_rule = "public"
    return view


def roles_required(*roles: str):
    def decorator(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not current_user.has_role(*roles):
                refuse(f"role {current_user.role} not in {roles}")
            return view(*args, **kwargs)

        guarded.access_rule = roles
        return guarded

    return decorator


def refuse(reason: str):
    """Log a refused access and answer 403."""
    user_id = current_user.get_id() if current_user.is_authenticated else "anonymous"
    security_log.warning(
        "access refused: user=%s ip=%s path=%s reason=%s",
        user_id, request.remote_addr, request.path, reason,
    )
    abort(403)


def ensure_can_manage(province) -> None:
    if not current_user.is_authenticated or not current_user.can_manage_province(province):
        refuse(f"province {province.slug} outside the user's scope")
