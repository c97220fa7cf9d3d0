"""Who may report, until when, and what a report must add up to (no HTTP)."""
from datetime import time, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from festival.audit.models import AuditEntry
from festival.core.domain import DomainError
from festival.core.timezones import local_to_utc
from festival.extensions import db
from festival.notifications.models import Notification
from festival.reports import operations
from festival.reports.models import SalesReport
from festival.reports.operations import NeedsConfirmation, ReportEntry
from tests.factories import craft


def _crafts(*slugs):
    return {craft(slug).id for slug in slugs}


def _save(assignment, entry, by, now):
    return operations.save_report(assignment, entry, by=by, now=now, allowed_craft_ids=_crafts("food", "sweets"))


def _after_end(occurrence, hours=2):
    return occurrence.ends_at + timedelta(hours=hours)


def test_deadline_is_the_end_of_the_seventh_day_after_the_market_in_damascus(event):
    occurrence, _organizer, _assignments = event

    assert occurrence.market.report_deadline_days == 7
    assert operations.report_deadline(occurrence) == local_to_utc(occurrence.last_day + timedelta(days=8), time(0))


def test_the_organizer_sets_another_deadline(event):
    occurrence, organizer, _assignments = event

    operations.update_settings(occurrence.market, deadline_days=2, publish_total=False, by=organizer)

    assert operations.report_deadline(occurrence) == local_to_utc(occurrence.last_day + timedelta(days=3), time(0))


def test_a_family_reports_once_the_market_has_ended(event):
    occurrence, _organizer, assignments = event
    family_user = assignments[0].family.user

    with pytest.raises(DomainError):
        _save(assignments[0], ReportEntry(total_sales=1000), family_user, occurrence.ends_at - timedelta(minutes=1))
    report = _save(assignments[0], ReportEntry(total_sales=1000), family_user, _after_end(occurrence))

    assert report.total_sales == 1000 and report.entered_by_id is None


def test_a_family_edits_until_the_deadline_and_not_after(event):
    occurrence, _organizer, assignments = event
    family_user = assignments[0].family.user
    deadline = operations.report_deadline(occurrence)
    _save(assignments[0], ReportEntry(total_sales=1000), family_user, _after_end(occurrence))

    _save(assignments[0], ReportEntry(total_sales=2000), family_user, deadline - timedelta(seconds=1))
    with pytest.raises(DomainError) as refused:
        _save(assignments[0], ReportEntry(total_sales=3000), family_user, deadline)

    assert "انتهت مهلة" in str(refused.value.message)  # "the deadline has passed"
    assert operations.report_of(occurrence.id, assignments[0].family_id).total_sales == 2000


def test_after_the_deadline_an_organizer_changes_it_and_the_audit_log_says_so(event):
    occurrence, organizer, assignments = event
    _save(assignments[0], ReportEntry(total_sales=1000), assignments[0].family.user, _after_end(occurrence))

    report = _save(assignments[0], ReportEntry(total_sales=1500), organizer,
                   operations.report_deadline(occurrence) + timedelta(days=3))

    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "sales_report.changed_after_deadline"))
    assert report.total_sales == 1500 and report.entered_by_id == organizer.id
    assert entry.target_id == report.id and entry.details["before_total"] == 1000
    assert entry.details["total_sales"] == 1500


def test_an_organizer_enters_a_report_for_a_family_and_it_is_marked(event):
    occurrence, organizer, assignments = event

    report = _save(assignments[1], ReportEntry(total_sales=40_000), organizer, _after_end(occurrence))

    assert report.entered_by_organizer
    assert db.session.scalar(db.select(AuditEntry.action).where(AuditEntry.target_type == "sales_reports",
                                                                AuditEntry.target_id == report.id)) == \
        "sales_report.entered_for_family"


def test_an_organizer_of_another_province_may_not_enter_reports(event, app_context):
    from tests.factories import make_organizer

    occurrence, _organizer, assignments = event
    stranger = db.session.merge(make_organizer("aleppo"))

    with pytest.raises(DomainError):
        _save(assignments[0], ReportEntry(total_sales=1), stranger, _after_end(occurrence))


def test_a_family_cannot_report_for_another_family(event):
    occurrence, _organizer, assignments = event

    with pytest.raises(DomainError):
        _save(assignments[0], ReportEntry(total_sales=1), assignments[1].family.user, _after_end(occurrence))


def test_only_families_with_a_stall_report(event):
    occurrence, _organizer, assignments = event

    with pytest.raises(DomainError):
        operations.save_report(None, ReportEntry(total_sales=1), by=assignments[0].family.user,
                               now=_after_end(occurrence), allowed_craft_ids=set())


def test_the_categories_may_not_add_up_to_more_than_the_total(event):
    occurrence, _organizer, assignments = event
    food, sweets = craft("food").id, craft("sweets").id
    entry = ReportEntry(total_sales=100_000, lines={food: (80_000, 4), sweets: (30_000, 2)})

    with pytest.raises(DomainError) as refused:
        _save(assignments[0], entry, assignments[0].family.user, _after_end(occurrence))

    assert refused.value.field == "total_sales"
    assert "110,000" in str(refused.value.message) and "100,000" in str(refused.value.message)


def test_categories_adding_up_to_the_total_or_less_are_stored(event):
    occurrence, _organizer, assignments = event
    food, sweets = craft("food").id, craft("sweets").id
    entry = ReportEntry(total_sales=100_000, lines={food: (70_000, 4), sweets: (30_000, None)})

    report = _save(assignments[0], entry, assignments[0].family.user, _after_end(occurrence))

    assert sorted((line.craft_id, line.amount, line.items) for line in report.lines) == \
        sorted([(food, 70_000, 4), (sweets, 30_000, 0)])


def test_an_implausibly_large_amount_asks_for_confirmation_then_is_accepted(event, app):
    occurrence, _organizer, assignments = event
    family_user = assignments[0].family.user
    large = app.config["SALES_CONFIRM_THRESHOLD"] + 1

    with pytest.raises(NeedsConfirmation):
        _save(assignments[0], ReportEntry(total_sales=large), family_user, _after_end(occurrence))
    report = _save(assignments[0], ReportEntry(total_sales=large, confirmed=True), family_user, _after_end(occurrence))

    assert report.total_sales == large


def test_did_not_attend_stores_no_sales(event):
    occurrence, _organizer, assignments = event
    entry = ReportEntry(attended=False, total_sales=5000, lines={craft("food").id: (5000, 1)})

    report = _save(assignments[0], entry, assignments[0].family.user, _after_end(occurrence))

    assert not report.attended and report.total_sales == 0 and report.lines == []


def test_a_total_is_required_when_the_family_attended(event):
    occurrence, _organizer, assignments = event

    with pytest.raises(DomainError) as refused:
        _save(assignments[0], ReportEntry(total_sales=None), assignments[0].family.user, _after_end(occurrence))

    assert refused.value.field == "total_sales"


@pytest.mark.parametrize(("column", "value"), [("total_sales", -1), ("rating", 6), ("rating", 0)])
def test_the_database_refuses_impossible_reports(event, column, value):
    occurrence, _organizer, assignments = event
    report = _save(assignments[0], ReportEntry(total_sales=10), assignments[0].family.user, _after_end(occurrence))
    db.session.commit()

    setattr(report, column, value)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_the_database_refuses_sales_for_a_family_that_did_not_attend(event):
    occurrence, _organizer, assignments = event
    report = _save(assignments[0], ReportEntry(attended=False), assignments[0].family.user, _after_end(occurrence))
    db.session.commit()

    report.total_sales = 100
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_one_report_per_family_and_date(event):
    occurrence, _organizer, assignments = event
    _save(assignments[0], ReportEntry(total_sales=10), assignments[0].family.user, _after_end(occurrence))

    db.session.add(SalesReport(occurrence_id=occurrence.id, family_id=assignments[0].family_id,
                               application_id=assignments[1].application_id, total_sales=5))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_reminders_go_only_to_families_that_have_not_reported(event):
    occurrence, organizer, assignments = event
    _save(assignments[0], ReportEntry(total_sales=10), assignments[0].family.user, _after_end(occurrence))

    sent = operations.remind_missing(occurrence, by=organizer, now=_after_end(occurrence))

    reminded = set(db.session.scalars(db.select(Notification.user_id).where(Notification.kind == "report.reminder")))
    assert sent == 2 and reminded == {assignments[1].family.user_id, assignments[2].family.user_id}


def test_families_are_asked_once_after_the_market_ends(event):
    occurrence, _organizer, assignments = event
    before = occurrence.ends_at - timedelta(hours=1)

    assert operations.request_reports(before) == 0
    assert operations.request_reports(_after_end(occurrence)) == 3
    assert operations.request_reports(_after_end(occurrence, hours=5)) == 0
    assert db.session.scalar(db.select(db.func.count()).select_from(Notification)
                             .where(Notification.kind == "report.due")) == 3


def test_the_reminder_names_the_market_and_the_last_day_in_the_reader_language(event, app):
    from flask_babel import force_locale

    from festival.notifications.messages import render_kind

    occurrence, organizer, assignments = event
    operations.remind_missing(occurrence, by=organizer, now=_after_end(occurrence))
    notification = db.session.scalar(db.select(Notification).where(Notification.kind == "report.reminder"))
    with app.test_request_context(), force_locale("en"):
        title, body = render_kind(notification.kind, notification.params)

    assert title == "Reminder: your sales report"
    last_day = operations.report_deadline_day(occurrence)
    assert str(last_day.year) in body and last_day.strftime("%B") in body
