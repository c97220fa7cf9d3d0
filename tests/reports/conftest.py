"""A market date that ended, with families that had a stall (tests/factories.held_event)."""
import pytest

from tests.factories import held_event


@pytest.fixture
def event(app_context):
    return held_event()
