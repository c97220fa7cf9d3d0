"""Builders for the visitors' calendar: published markets, in their own app context.

Requests in a test must not share the test's app context, so every builder opens one
and returns ids; `events.occurrences(market_id)` gives the occurrence ids in order.
"""
from datetime import date, time, timedelta

import pytest

from festival.crafts.models import CraftCategory
from festival.extensions import db
from festival.markets import operations
from festival.markets.models import Market, Occurrence
from tests.markets.conftest import build_market, build_plan, build_venue

NEXT_YEAR = date.today().year + 1


def first_friday_of(year: int, month: int) -> date:
    day = date(year, month, 1)
    return day + timedelta(days=(4 - day.weekday()) % 7)


def crafts(*slugs: str) -> list[CraftCategory]:
    return list(db.session.scalars(db.select(CraftCategory).where(CraftCategory.slug.in_(slugs))))


class EventBuilder:
    def __init__(self, app):
        self._app = app

    def market(self, *, province="damascus", first_day=None, status="published", craft_slugs=("food",),
               venue_name="حديقة تشرين", **overrides) -> int:
        """A market (a Friday series of 4 by default), published unless told otherwise."""
        with self._app.app_context():
            venue = build_venue(province, name=venue_name)
            market = build_market(venue, first_day or first_friday_of(NEXT_YEAR, 3),
                                  crafts=crafts(*craft_slugs), **overrides)
            if status != "draft":
                operations.publish_market(market)
            if status == "cancelled":
                operations.cancel_market(market, "الطقس عاصف")
            db.session.commit()
            return market.id

    def festival(self, first_day: date, days: int = 3, **overrides) -> int:
        return self.market(kind="festival", first_day=first_day, last_day=first_day + timedelta(days=days - 1),
                           occurrence_count=None, opens_at=time(16, 0), closes_at=time(22, 0), **overrides)

    def occurrences(self, market_id: int) -> list[int]:
        with self._app.app_context():
            return list(db.session.scalars(
                db.select(Occurrence.id).where(Occurrence.market_id == market_id).order_by(Occurrence.day)))

    def cancel_day(self, occurrence_id: int, reason: str = "عطلة رسمية") -> None:
        with self._app.app_context():
            operations.cancel_occurrence(db.session.get(Occurrence, occurrence_id), reason)
            db.session.commit()

    def reschedule(self, market_id: int, **plan_changes) -> None:
        """update_market with the market's plan, changed as told (e.g. closes_at=time(17))."""
        with self._app.app_context():
            market = db.session.get(Market, market_id)
            values = {"kind": market.kind, "title_ar": market.title_ar, "title_en": market.title_en,
                      "last_day": market.last_day if market.kind == "festival" else None,
                      "occurrence_count": None if market.kind == "festival" else len(market.occurrences),
                      "opens_at": market.opens_at, "closes_at": market.closes_at, "crafts": list(market.crafts),
                      "applications_open_at": market.applications_open_at,
                      "applications_close_at": market.applications_close_at}
            values.update(plan_changes)
            operations.update_market(market, build_plan(market.venue, market.first_day, **values), by=None)
            db.session.commit()


@pytest.fixture
def events(app):
    return EventBuilder(app)
