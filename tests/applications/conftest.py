"""Fixtures for applications; the builders are in tests/factories (open_market, ready_family, request_for)."""
import pytest

from tests.factories import open_market


@pytest.fixture
def market(app_context):
    return open_market()
