"""Builders for markets: a venue with stalls, and a plan with sensible defaults."""
from datetime import UTC, datetime, time, timedelta

import pytest

from festival.extensions import db
from festival.markets.operations import MarketPlan, schedule_market
from festival.venues.models import Stall, StallSection, Venue
from tests.factories import province


def build_venue(province_slug="damascus", name="حديقة تشرين", stalls=6) -> Venue:
    venue = Venue(province=province(province_slug), name_ar=name, name_en="Tishreen Park",
                  address="دمشق، حديقة تشرين", latitude=33.5138, longitude=36.2765)
    section = StallSection(venue=venue, code="A", rows=1, columns=stalls)
    for column in range(1, stalls + 1):
        db.session.add(Stall(venue=venue, section=section, code=f"A-{column:02d}", row=1, column=column))
    db.session.add(venue)
    db.session.flush()
    return venue


def build_plan(venue, first_day, **overrides) -> MarketPlan:
    window_close = datetime.combine(first_day, time(0), tzinfo=UTC) - timedelta(days=2)
    values = {
        "kind": "friday",
        "title_ar": "سوق الجمعة للأسر المنتجة",
        "title_en": "Friday market of productive families",
        "venue": venue,
        "first_day": first_day,
        "occurrence_count": 4,
        "opens_at": time(9, 0),
        "closes_at": time(15, 0),
        "applications_open_at": window_close - timedelta(days=30),
        "applications_close_at": window_close,
    }
    values.update(overrides)
    return MarketPlan(**values)


def build_market(venue, first_day, by=None, **overrides):
    market = schedule_market(build_plan(venue, first_day, **overrides), venue.province, by=by)
    db.session.flush()
    return market


@pytest.fixture
def venue(app_context):
    venue = build_venue()
    db.session.commit()
    return venue
