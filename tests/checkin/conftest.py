"""A market day at the gate: placed families with badges, waiting families, gate staff.

tests/factories.build_gate_day builds it; the day is today and the market runs all day.
"""
import pytest

from tests.factories import build_gate_day


@pytest.fixture
def gate_day(app):
    with app.app_context():
        return build_gate_day()
