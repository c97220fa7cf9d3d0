"""Fixtures for markets; the builders are in tests/factories (build_venue, build_plan, build_market)."""
import pytest

from festival.extensions import db
from tests.factories import build_venue


@pytest.fixture
def venue(app_context):
    venue = build_venue()
    db.session.commit()
    return venue
