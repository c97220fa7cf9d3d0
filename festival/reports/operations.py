"""Sales report rules: who may report, until when, what a report must add up to.

Operations flush and never commit. A family edits its report from the end of the
occurrence until the deadline (the market's `report_deadline_days` after the last day,
end of that day in Damascus); afterwards only organizers change it, and every such
change is in the audit log, as is every report an organizer enters for a family.
"""
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from festival.audit.log import changes, record, snapshot
from festival.auth.models import MANAGER_ROLES, User
from festival.core.domain import DomainError
from festival.core.formatting import money
from festival.core.timezones import local_to_utc
from festival.extensions import db
from festival.markets.models import Market, MarketStatus, Occurrence, OccurrenceStatus
from festival.markets.public_version import public_data_changed
from festival.notifications.service import notify
from festival.reports.models import SalesReport, SalesReportLine
from festival.stalls.models import StallAssignment
from festival.vendors.models import Family

DEFAULT_CONFIRM_THRESHOLD = 50_000_000


class NeedsConfirmation(DomainError):
    """An implausibly large amount: not refused, but the person confirms it first."""

    def __init__(self, amount: int):
        super().__init__(_l("%(amount)s is a very large amount. If it is right, tick the confirmation box and "
                            "send again.", amount=money(amount)), field="total_sales")
        self.amount = amount


@dataclass
class ReportEntry:
    """What a family (or an organizer for it) fills in."""

    attended: bool = True
    total_sales: int | None = None
    lines: dict[int, tuple[int | None, int | None]] = field(default_factory=dict)  # craft id -> (amount, items)
    best_product: str = ""
    problems: str = ""
    rating: int | None = None
    confirmed: bool = False  # "yes, this large amount is right"


# -- when ------------------------------------------------------------------------------


def report_deadline_day(occurrence: Occurrence) -> date:
    """The last day (Damascus) on which the family may still change its report."""
    return occurrence.last_day + timedelta(days=occurrence.market.report_deadline_days)


def report_deadline(occurrence: Occurrence) -> datetime:
    """The end (midnight, Damascus) of the N-th day after the occurrence's last day."""
    return local_to_utc(report_deadline_day(occurrence) + timedelta(days=1), time(0))


def has_ended(occurrence: Occurrence, now: datetime) -> bool:
    return occurrence.ends_at <= now and not occurrence.is_cancelled


def family_may_edit(occurrence: Occurrence, now: datetime) -> bool:
    return has_ended(occurrence, now) and now < report_deadline(occurrence)


def report_link(occurrence: Occurrence) -> str:
    return f"/family/sales/{occurrence.id}"


# -- checking what was typed ------------------------------------------------------------


def confirm_threshold() -> int:
    return int(current_app.config.get("SALES_CONFIRM_THRESHOLD") or DEFAULT_CONFIRM_THRESHOLD)


def _clean_lines(entry: ReportEntry) -> dict[int, tuple[int, int]]:
    return {craft_id: (amount or 0, items or 0) for craft_id, (amount, items) in entry.lines.items()
            if (amount or 0) > 0 or (items or 0) > 0}


def check_entry(entry: ReportEntry, allowed_craft_ids: set[int]) -> dict[int, tuple[int, int]]:
    """The lines to store; raises DomainError (with the field) when the report does not add up."""
    if not entry.attended:
        return {}
    if entry.total_sales is None:
        raise DomainError(_l("Enter the total sales in Syrian pounds (0 if you sold nothing)."), field="total_sales")
    if entry.rating is not None and not 1 <= entry.rating <= 5:
        raise DomainError(_l("Choose a rating from 1 to 5."), field="rating")
    lines = _clean_lines(entry)
    if set(lines) - allowed_craft_ids:
        raise DomainError(_l("One of the craft categories is not part of this report."))
    categories_sum = sum(amount for amount, _items in lines.values())
    if categories_sum > entry.total_sales:
        raise DomainError(
            _l("The amounts per category add up to %(sum)s, more than the total sales of %(total)s. "
               "Correct the total or the categories.", sum=money(categories_sum), total=money(entry.total_sales)),
            field="total_sales",
        )
    largest = max([entry.total_sales, *(amount for amount, _items in lines.values())])
    if largest > confirm_threshold() and not entry.confirmed:
        raise NeedsConfirmation(largest)
    return lines


# -- saving -------------------------------------------------------------------------------


def assignment_of(occurrence: Occurrence, family_id: int) -> StallAssignment | None:
    return db.session.scalar(
        db.select(StallAssignment).where(StallAssignment.occurrence_id == occurrence.id,
                                         StallAssignment.family_id == family_id)
    )


def report_of(occurrence_id: int, family_id: int) -> SalesReport | None:
    return db.session.scalar(
        db.select(SalesReport).where(SalesReport.occurrence_id == occurrence_id, SalesReport.family_id == family_id)
        .options(joinedload(SalesReport.lines))
    )


def _check_may_save(assignment: StallAssignment | None, by: User, now: datetime) -> tuple[bool, bool]:
    """(by_organizer, after_deadline); raises DomainError when `by` may not save."""
    if assignment is None:
        raise DomainError(_l("A sales report is for families that had a stall at this market."))
    occurrence = assignment.occurrence
    if not has_ended(occurrence, now):
        raise DomainError(_l("The sales report opens when the market has ended."))
    by_organizer = by.role in MANAGER_ROLES
    if by_organizer and not occurrence.market.can_manage(by):
        raise DomainError(_l("This market is outside your provinces."))
    if not by_organizer and (by.family is None or by.family.id != assignment.family_id):
        raise DomainError(_l("A family reports only its own sales."))
    after_deadline = now >= report_deadline(occurrence)
    if after_deadline and not by_organizer:
        raise DomainError(_l("The deadline for this sales report has passed. Please contact the organizers "
                             "to change it."))
    return by_organizer, after_deadline


def save_report(assignment: StallAssignment | None, entry: ReportEntry, *, by: User, now: datetime,
                allowed_craft_ids: set[int]) -> SalesReport:
    """Create or update the family's report for the assignment's occurrence."""
    by_organizer, after_deadline = _check_may_save(assignment, by, now)
    lines = check_entry(entry, allowed_craft_ids)
    report = report_of(assignment.occurrence_id, assignment.family_id)
    created = report is None
    if created:
        report = SalesReport(occurrence_id=assignment.occurrence_id, family_id=assignment.family_id,
                             application_id=assignment.application_id, submitted_at=now)
        db.session.add(report)
    before = None if created else (report.attended, report.total_sales)
    report.attended = entry.attended
    report.total_sales = entry.total_sales if entry.attended else 0
    report.best_product = (entry.best_product or "").strip()[:200] if entry.attended else ""
    report.problems = (entry.problems or "").strip()
    report.rating = entry.rating
    report.entered_by_id = by.id if by_organizer else None
    report.updated_at = now
    report.lines = [SalesReportLine(craft_id=craft_id, amount=amount, items=items)
                    for craft_id, (amount, items) in sorted(lines.items())]
    db.session.flush()
    if by_organizer:
        action = "sales_report.changed_after_deadline" if after_deadline else "sales_report.entered_for_family"
        record(action, report, actor=by, occurrence_id=report.occurrence_id, family_id=report.family_id,
               attended=report.attended, total_sales=report.total_sales,
               before_total=before[1] if before else None, before_attended=before[0] if before else None)
    return report


# -- asking for reports ----------------------------------------------------------------------


def _notification_params(occurrence: Occurrence) -> dict:
    market = occurrence.market
    return {"market_title_ar": market.title_ar, "market_title_en": market.title_en or market.title_ar,
            "day": occurrence.day.isoformat(), "deadline": report_deadline_day(occurrence).isoformat()}


def families_without_report(occurrence: Occurrence) -> list[StallAssignment]:
    """Assignments of the occurrence whose family has not reported (one query)."""
    reported = db.select(SalesReport.id).where(SalesReport.occurrence_id == occurrence.id,
                                               SalesReport.family_id == StallAssignment.family_id)
    return list(db.session.scalars(
        db.select(StallAssignment).where(StallAssignment.occurrence_id == occurrence.id, ~reported.exists())
        .options(joinedload(StallAssignment.family).joinedload(Family.user), joinedload(StallAssignment.stall))
    ).unique())


def remind_missing(occurrence: Occurrence, *, by: User, now: datetime) -> int:
    """One click: a reminder to every family with a stall that has not reported yet."""
    if not has_ended(occurrence, now):
        raise DomainError(_l("The sales report opens when the market has ended."))
    if now >= report_deadline(occurrence):
        raise DomainError(_l("The deadline has passed: enter the missing reports for the families instead."))
    missing = families_without_report(occurrence)
    params = _notification_params(occurrence)
    for assignment in missing:
        notify(assignment.family.user, "report.reminder", key=f"report.reminder:{occurrence.id}:{now.isoformat()}",
               link=report_link(occurrence), market_id=occurrence.market_id, **params)
    record("sales_report.reminded", occurrence, actor=by, families=len(missing))
    return len(missing)


def request_reports(now: datetime) -> int:
    """After an occurrence ends, ask each family that had a stall for its report (once).

    Run every ten minutes by the schedule (festival/schedules.py) and by `flask reports
    request`; an occurrence is asked once, and not at all when its deadline has passed meanwhile.
    """
    asked = 0
    for occurrence in _held_dates(Occurrence.ends_at <= now, Occurrence.reports_requested_at.is_(None)):
        occurrence.reports_requested_at = now
        if now < report_deadline(occurrence):
            asked += _tell_families_without_report(occurrence, "report.due")
    db.session.flush()
    return asked


def _held_dates(*conditions) -> list[Occurrence]:
    return list(db.session.scalars(
        db.select(Occurrence).join(Market).where(
            *conditions, Occurrence.status == OccurrenceStatus.SCHEDULED, Market.status != MarketStatus.CANCELLED,
        ).options(joinedload(Occurrence.market))
    ))


def _tell_families_without_report(occurrence: Occurrence, kind: str) -> int:
    """`kind` once to each family of the date still without a report (the key makes it once)."""
    params = _notification_params(occurrence)
    missing = families_without_report(occurrence)
    for assignment in missing:
        notify(assignment.family.user, kind, key=f"{kind}:{occurrence.id}", link=report_link(occurrence),
               market_id=occurrence.market_id, **params)
    return len(missing)


def remind_before_deadline(now: datetime) -> int:
    """A day before the deadline, remind the families that have not reported yet (once per date).

    A date is looked at once its families were asked; it is marked when the reminder goes
    out, or when the deadline passed before anyone could be reminded.
    """
    reminded = 0
    for occurrence in _held_dates(Occurrence.reports_requested_at.is_not(None),
                                  Occurrence.report_deadline_reminded_at.is_(None)):
        deadline = report_deadline(occurrence)
        if now < deadline - timedelta(days=1):
            continue
        occurrence.report_deadline_reminded_at = now
        if now < deadline:
            reminded += _tell_families_without_report(occurrence, "report.deadline")
    db.session.flush()
    return reminded


REPORT_SETTINGS = ("report_deadline_days", "publish_sales_total")


def update_settings(market: Market, *, deadline_days: int, publish_total: bool, by: User) -> None:
    if not 0 <= deadline_days <= 90:
        raise DomainError(_l("The deadline is between 0 and 90 days after the market."), field="deadline_days")
    changed = (market.report_deadline_days, market.publish_sales_total) != (deadline_days, publish_total)
    before = snapshot(market, REPORT_SETTINGS)
    market.report_deadline_days = deadline_days
    market.publish_sales_total = publish_total
    if changed:
        public_data_changed(market.province_id)  # the event page shows (or hides) the total
        record("sales_report.settings", market, actor=by, deadline_days=deadline_days, publish_total=publish_total,
               changes=changes(before, snapshot(market, REPORT_SETTINGS)))
    db.session.flush()
