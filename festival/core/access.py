"""Who may enter where: the one place for role and province checks.

Every view is decorated with `@public` or `@roles_required(...)`; a test walks the URL
map and fails on a view that has neither, so a forgotten check cannot ship.

Province scope is declared on the route too: `@manages("market_id", market_or_404)`
loads the object named by the URL (404 when missing), checks that its province is one
the user manages (403 otherwise, through the model predicate
`User.can_manage_province`) and hands the object to the view. tests/core/test_access.py
requests every staff route with objects of a foreign province and fails on any answer
but 403/404. `ensure_can_manage(province)` remains for provinces chosen in a form or a
query string.
"""
import logging
from collections.abc import Callable
from functools import wraps
from operator import attrgetter

from flask import abort, request
from flask_login import current_user

from festival.extensions import db, login_manager

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


def manages(arg: str, load: Callable, *, province: str | None = "province", to: str | None = None):
    """Declare the object a view manages: `load(<URL argument arg>)` (which 404s), then the
    scope check on its `province` (a dotted path; None: the object is the province), then
    the view gets the object as `to` (default: `arg` without `_id`) instead of the id.

    Stack it under `@roles_required`, so that visitors are sent to log in first.
    """
    province_of = attrgetter(province) if province else (lambda managed: managed)

    def allowed(_user, managed) -> bool:
        ensure_can_manage(province_of(managed))  # refuses (and logs which province) itself
        return True

    return scoped(arg, load, allowed, to=to)


def scoped(arg: str, load: Callable, allowed: Callable, *, to: str | None = None):
    """`manages` with its own rule: `allowed(user, object)` says who may (e.g. the gate staff
    of a market as well as its organizers); 403 otherwise."""
    name = to or arg.removesuffix("_id")

    def decorator(view):
        @wraps(view)
        def checked(*args, **kwargs):
            managed = load(kwargs.pop(arg))
            if not current_user.is_authenticated or not allowed(current_user, managed):
                refuse(f"{arg} outside the user's scope")
            return view(*args, **kwargs, **{name: managed})

        checked.manages = (*getattr(view, "manages", ()), arg)
        return checked

    return decorator


def object_or_404(model, key, *options, column: str = "id"):
    """One row of `model` whose `column` equals `key`, loaded with `options`, or a 404."""
    found = db.session.scalar(db.select(model).where(getattr(model, column) == key).options(*options))
    if found is None:
        abort(404)
    return found
