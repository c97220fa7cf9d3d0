"""Audit entries as people read them: words for codes, the record's name and link, old -> new.

`present(entries)` loads the records of a whole page at once (one query per kind of
record on the page, whatever the number of entries), so the viewer and the CSV export
cost the same few queries for 50 entries or 5,000.
"""
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from flask import url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from festival.audit.labels import HIDDEN_DETAILS, VALUE_LABELS, action_label, field_label, target_label
from festival.audit.models import AuditEntry
from festival.auth.models import ROLE_VALUES, User
from festival.core.formatting import long_date, short_datetime
from festival.core.labels import label, role_label
from festival.core.timezones import to_damascus
from festival.extensions import db

ISO_DATETIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")
ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d")
LONGEST_VALUE = 160


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class EntryView:
    entry: AuditEntry
    action: str
    record_type: str
    record_name: str
    record_url: str | None
    actor_name: str
    changes: list[Change] = field(default_factory=list)
    details: list[tuple[str, str]] = field(default_factory=list)

    @property
    def record_code(self) -> str:
        """The stored reference (e.g. "markets#9"), kept for whoever searches by it."""
        entry = self.entry
        return entry.target_type + (f"#{entry.target_id}" if entry.target_id is not None else "")


def value_text(value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return "، ".join(value_text(item) for item in value)
    if isinstance(value, str):
        if value in VALUE_LABELS:
            return str(VALUE_LABELS[value])
        if value in ROLE_VALUES:
            return role_label(value)
        if ISO_DATETIME.match(value):
            try:
                moment = datetime.fromisoformat(value)
                return short_datetime(moment if moment.tzinfo else moment.replace(tzinfo=UTC))
            except ValueError:
                pass
        elif ISO_DATE.fullmatch(value):
            return long_date(date.fromisoformat(value))
        value = label("application", value)
        return value if len(value) <= LONGEST_VALUE else value[:LONGEST_VALUE - 1] + "…"
    return str(value)


# -- the records entries point to -----------------------------------------------------

def _market_day(occurrence) -> str:
    return f"{occurrence.market.title} — {long_date(occurrence.day)}"


def _targets():
    from festival.applications.models import Application
    from festival.badges.models import Badge
    from festival.checkin.models import CheckIn, GateDevice, NoShow
    from festival.markets.models import Market, Occurrence
    from festival.provinces.models import Area
    from festival.reports.models import SalesReport
    from festival.stalls.models import StallAssignment
    from festival.vendors.models import Family
    from festival.venues.models import Stall, Venue

    on_day = selectinload(Application.occurrence).selectinload(Occurrence.market)
    # type: (model, loader options, name, link)
    return {
        "users": (User, (), lambda user: user.display_name,
                  lambda user: url_for("admin.edit_user", user_id=user.id)),
        "families": (Family, (), lambda family: family.name, None),
        "markets": (Market, (), lambda market: market.title,
                    lambda market: url_for("markets.show", market_id=market.id)),
        "occurrences": (Occurrence, (selectinload(Occurrence.market),), _market_day,
                        lambda occurrence: url_for("markets.show", market_id=occurrence.market_id)),
        "venues": (Venue, (), lambda venue: venue.name, lambda venue: url_for("venues.detail", venue_id=venue.id)),
        "stalls": (Stall, (selectinload(Stall.venue),), lambda stall: f"{stall.code} — {stall.venue.name}",
                   lambda stall: url_for("venues.edit_stall", stall_id=stall.id)),
        "areas": (Area, (selectinload(Area.province),), lambda area: f"{area.name} — {area.province.name}",
                  lambda area: url_for("admin.province_areas", slug=area.province.slug)),
        "applications": (Application, (selectinload(Application.family), on_day),
                         lambda app: f"{app.family.name} — {_market_day(app.occurrence)}",
                         lambda app: url_for("review.show", application_id=app.id)),
        "stall_assignments": (
            StallAssignment, (selectinload(StallAssignment.family), selectinload(StallAssignment.stall)),
            lambda assignment: f"{assignment.family.name} — {assignment.stall.code}",
            lambda assignment: url_for("stalls.floor", occurrence_id=assignment.occurrence_id)),
        "badges": (Badge, (selectinload(Badge.family),), lambda badge: f"{badge.family.name} — {badge.short_code}",
                   None),
        "checkins": (CheckIn, (selectinload(CheckIn.family),), lambda checkin: checkin.family.name, None),
        "gate_devices": (GateDevice, (selectinload(GateDevice.user),),
                         lambda device: f"{device.user.display_name} — {device.label}", None),
        "no_shows": (NoShow, (selectinload(NoShow.family),), lambda no_show: no_show.family.name, None),
        "sales_reports": (SalesReport, (selectinload(SalesReport.family),),
                          lambda report: report.family.name,
                          lambda report: url_for("reports.enter", occurrence_id=report.occurrence_id,
                                                 family_id=report.family_id)),
    }


def _load_targets(entries) -> dict[tuple[str, int], object]:
    wanted: dict[str, set[int]] = {}
    for entry in entries:
        if entry.target_id is not None:
            wanted.setdefault(entry.target_type, set()).add(entry.target_id)
    targets = _targets()
    found = {}
    for target_type, ids in wanted.items():
        if target_type not in targets:
            continue
        model, options, _name, _link = targets[target_type]
        for record in db.session.scalars(db.select(model).where(model.id.in_(ids)).options(*options)):
            found[target_type, record.id] = record
    return found


def _change_list(details: dict) -> list[Change]:
    return [Change(field_label(name), value_text(values[0]), value_text(values[1]))
            for name, values in (details.get("changes") or {}).items()
            if isinstance(values, list) and len(values) == 2]


def _detail_list(details: dict, changes: list[Change]) -> list[tuple[str, str]]:
    shown_as_change = {change.label for change in changes}
    listed = [(field_label(name), value_text(value)) for name, value in sorted(details.items())
              if name not in HIDDEN_DETAILS and not name.endswith("_id")]
    if "user" in details and "name" not in details:  # entries written before the account's name was kept
        listed.append((field_label("user"), f"#{details['user']}"))
    if changes:  # "before"/"after" of older entries say the same as the change
        shown_as_change |= {field_label("before"), field_label("after")}
    return [(label, value) for label, value in listed if label not in shown_as_change]


def present(entries) -> list[EntryView]:
    targets = _targets()
    records = _load_targets(entries)
    views = []
    for entry in entries:
        record = records.get((entry.target_type, entry.target_id))
        _model, _options, name_of, link_of = targets.get(entry.target_type, (None, None, None, None))
        if record is not None:
            record_name, record_url = name_of(record), link_of(record) if link_of else None
        elif entry.target_id is not None:
            record_name, record_url = _("#%(number)d (deleted)", number=entry.target_id), None
        else:
            record_name, record_url = "", None
        details = entry.details or {}
        changes = _change_list(details)
        views.append(EntryView(
            entry=entry, action=action_label(entry.action), record_type=target_label(entry.target_type),
            record_name=record_name, record_url=record_url,
            actor_name=entry.actor.display_name if entry.actor else _("System"),
            changes=changes, details=_detail_list(details, changes),
        ))
    return views


def csv_table(views: list[EntryView]) -> tuple[list[str], list[list]]:
    """(headers, rows) for festival/applications/exports.to_csv."""
    headers = [_("Time"), _("Done by"), _("Account number"), _("Action"), _("Record type"), _("Record"),
               _("Province"), _("Changes"), _("Details"), _("IP address"), _("Code")]
    rows = [[
        format_datetime(to_damascus(view.entry.at), "yyyy-MM-dd HH:mm"),
        view.actor_name, view.entry.actor_id or "", view.action, view.record_type, view.record_name,
        view.entry.province.name if view.entry.province else "",
        "; ".join(f"{change.label}: {change.old} → {change.new}" for change in view.changes),
        "; ".join(f"{label}: {value}" for label, value in view.details),
        view.entry.ip or "", view.entry.action,
    ] for view in views]
    return headers, rows
