"""Builders for sales reports: a market date that ended, with families that had a stall."""
from datetime import UTC, datetime, time, timedelta

import pytest

from festival.applications import operations as applications
from festival.checkin.models import CheckIn
from festival.core.timezones import local_to_utc, today_in_damascus
from festival.extensions import db
from festival.reports.models import SalesReport, SalesReportLine
from festival.stalls import operations as stalls
from festival.stalls.models import StallAssignment
from tests.applications.conftest import NOW, craft, open_market, ready_family, request_for
from tests.factories import make_organizer

_names = iter(range(10**6))


def held_event(families=3, *, days_ago=1, province_slug="damascus", crafts=("food", "sweets"), organizer=None):
    """A market whose (first) date ended `days_ago` days ago, each family placed at a stall.

    Returns (occurrence, organizer, assignments). Built through the real operations,
    then the date is moved into the past (applications are only taken for future dates).
    """
    market = open_market(stalls=max(families, 1), fridays=1, crafts=crafts, province_slug=province_slug)
    organizer = db.session.merge(organizer) if organizer is not None else make_organizer(province_slug)
    organizer = db.session.merge(organizer)
    occurrence = market.occurrences[0]
    assignments = []
    for number in range(families):
        family = ready_family(f"أسرة {next(_names)}", province_slug=province_slug, crafts=crafts)
        application = applications.apply(family, [occurrence], request_for(*crafts), now=NOW)[0]
        applications.decide(application, "approved", by=organizer, now=NOW)
        assignments.append(stalls.assign(application, market.offered_stalls[number], by=organizer))
    move_to(occurrence, today_in_damascus() - timedelta(days=days_ago))
    db.session.commit()
    return occurrence, organizer, assignments


def move_to(occurrence, day):
    occurrence.day = occurrence.last_day = day
    occurrence.starts_at = local_to_utc(day, time(9))
    occurrence.ends_at = local_to_utc(day, time(15))
    market = occurrence.market
    market.first_day = market.last_day = day
    market.applications_open_at = datetime.combine(day - timedelta(days=40), time(0), tzinfo=UTC)
    market.applications_close_at = datetime.combine(day - timedelta(days=5), time(0), tzinfo=UTC)
    db.session.flush()


def add_report(assignment: StallAssignment, total: int, *, attended=True, lines=(), rating=None, by=None):
    """A stored report, straight into the database (for aggregates and dashboards)."""
    report = SalesReport(occurrence_id=assignment.occurrence_id, family_id=assignment.family_id,
                         application_id=assignment.application_id, attended=attended,
                         total_sales=total if attended else 0, rating=rating,
                         entered_by_id=by.id if by is not None else None)
    report.lines = [SalesReportLine(craft_id=craft(slug).id, amount=amount, items=items)
                    for slug, amount, items in lines]
    db.session.add(report)
    db.session.flush()
    return report


def check_in(assignment: StallAssignment):
    db.session.add(CheckIn(occurrence_id=assignment.occurrence_id, family_id=assignment.family_id,
                           application_id=assignment.application_id, method="manual"))
    db.session.flush()


@pytest.fixture
def event(app_context):
    return held_event()
