"""Recording to the audit log. Operations call `record(...)`; it joins their transaction."""
from flask import has_request_context, request
from flask_login import current_user

from festival.audit.models import AuditEntry
from festival.extensions import db


def _request_actor_id() -> int | None:
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user.id
    return None


def record(action: str, target, *, actor=None, **details) -> AuditEntry:
    """Add an entry for `action` (e.g. "application.approved") done to `target`."""
    entry = AuditEntry(
        actor_id=actor.id if actor is not None else _request_actor_id(),
        action=action,
        target_type=type(target).__tablename__ if target is not None else "none",
        target_id=getattr(target, "id", None),
        details={key: value for key, value in details.items() if value is not None},
        ip=request.remote_addr if has_request_context() else None,
    )
    db.session.add(entry)
    return entry
