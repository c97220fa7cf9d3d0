"""A placed, approved family with a live badge, on a market happening today or soon."""
from datetime import datetime, time

import pytest

from festival.applications import operations as applications
from festival.badges.operations import issue_badge
from festival.core.timezones import local_to_utc
from festival.extensions import db
from festival.stalls import operations as stalls
from tests.applications.conftest import NOW, open_market, ready_family, request_for
from tests.factories import make_organizer


def placed_families(count=1, stalls_count=4, fridays=1):
    market = open_market(stalls=stalls_count, fridays=fridays)
    organizer = db.session.merge(make_organizer("damascus"))
    badges = []
    for number in range(count):
        family = ready_family(f"أسرة {number}")
        application = applications.apply(family, market.occurrences[:1], request_for("food"), now=NOW)[0]
        applications.decide(application, "approved", by=organizer, now=NOW)
        stalls.assign(application, market.offered_stalls[number], by=organizer)
        badges.append(issue_badge(application, by=organizer))
    db.session.commit()
    return market, organizer, badges


def during(occurrence, hour=10) -> datetime:
    """A moment on the occurrence's (first) day, Damascus time."""
    return local_to_utc(occurrence.day, time(hour))


@pytest.fixture
def placed(app_context):
    market, organizer, badges = placed_families()
    return market, organizer, badges[0]


