"""Recording to the audit log. Operations call `record(...)`; it joins their transaction.

An entry names its action (a code such as "market.published"; the words people read are
in festival/audit/labels.py), the record it was done to, who did it and, in `details`,
what the viewer shows beside it. A change is stored as `details["changes"]`:
{field: [old, new]} for the fields that changed, built by `changes(before, after)` from
two `snapshot(...)`s taken around the change.

The entry also keeps the province of its record, so that the log can be read one
province at a time without joining every kind of record.
"""
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum

from flask import has_request_context, request
from flask_login import current_user

from festival.audit.models import AuditEntry
from festival.extensions import db


def _request_actor_id() -> int | None:
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user.id
    return None


def plain(value):
    """A value as JSON can keep it: dates as ISO text, records as their name, lists of those."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        items = [plain(item) for item in value]
        return items if isinstance(value, list | tuple) else sorted(items, key=str)
    if isinstance(value, db.Model):
        return getattr(value, "name_ar", None) or getattr(value, "display_name", None) or getattr(value, "code", None) \
            or f"#{getattr(value, 'id', '')}"
    return value


def snapshot(target, fields) -> dict:
    """The current values of `fields` (attribute names) of `target`, as plain values."""
    return {name: plain(getattr(target, name)) for name in fields}


def changes(before: dict, after: dict) -> dict:
    """{field: [old, new]} for every field whose value differs."""
    return {name: [before.get(name), value] for name, value in after.items() if before.get(name) != value}


# Where the province of a record is found: its own column, else the record it belongs to.
_PARENT_KEYS = ("market_id", "occurrence_id", "application_id", "venue_id", "family_id")


def _parent(key: str, value):
    from festival.applications.models import Application
    from festival.markets.models import Market, Occurrence
    from festival.vendors.models import Family
    from festival.venues.models import Venue

    model = {"market_id": Market, "occurrence_id": Occurrence, "application_id": Application,
             "venue_id": Venue, "family_id": Family}[key]
    # session.get answers from the identity map when the record is loaded: usually no query.
    return db.session.get(model, value)


def province_id_of(target, depth: int = 0) -> int | None:
    if target is None or depth > 3:
        return None
    if getattr(target, "province_id", None) is not None:
        return target.province_id
    for key in _PARENT_KEYS:
        value = getattr(target, key, None)
        if value is not None:
            return province_id_of(_parent(key, value), depth + 1)
    return None


def record(action: str, target, *, actor=None, province=None, **details) -> AuditEntry:
    """Add an entry for `action` (e.g. "application.approved") done to `target`.

    `province` is taken from the target (or the market, venue or family it belongs to)
    unless given.
    """
    entry = AuditEntry(
        actor_id=actor.id if actor is not None else _request_actor_id(),
        action=action,
        target_type=type(target).__tablename__ if target is not None else "none",
        target_id=getattr(target, "id", None),
        province_id=province.id if province is not None else province_id_of(target),
        details={key: value for key, value in details.items() if value is not None},
        ip=request.remote_addr if has_request_context() else None,
    )
    db.session.add(entry)
    return entry


def record_changes(action: str, target, before: dict, after: dict, **kwargs) -> AuditEntry | None:
    """Record `action` with what changed between two snapshots; nothing when nothing changed."""
    changed = changes(before, after)
    if not changed:
        return None
    return record(action, target, changes=changed, **kwargs)
