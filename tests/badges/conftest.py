"""A placed, approved family with a live badge, on a market happening soon (tests/factories.placed_families)."""
import pytest

from tests.factories import placed_families


@pytest.fixture
def placed(app_context):
    market, organizer, badges = placed_families()
    return market, organizer, badges[0]
