"""Builders for applications: a published market open for applications, ready families."""
from datetime import UTC, datetime, timedelta

import pytest

from festival.applications.operations import ApplicationRequest
from festival.crafts.models import CraftCategory
from festival.extensions import db
from festival.markets.operations import publish_market
from festival.provinces.models import Area
from tests.factories import make_family
from tests.markets.conftest import build_market, build_venue

NOW = datetime.now(UTC)


def craft(slug: str) -> CraftCategory:
    return db.session.scalar(db.select(CraftCategory).where(CraftCategory.slug == slug))


def ready_family(name="أسرة جاهزة", province_slug="damascus", crafts=("food",)):
    """A family whose profile is complete, so it may apply."""
    family = make_family(name=name, province_slug=province_slug)
    family = db.session.merge(family)
    family.head_name = "أم محمد"
    family.products = "مكدوس، مربى المشمش، زيت زيتون من الغوطة"
    family.crafts = [craft(slug) for slug in crafts]
    area = db.session.scalar(db.select(Area).where(Area.province_id == family.province_id))
    if area is None:
        area = Area(province_id=family.province_id, name_ar="المزة")
        db.session.add(area)
    family.area = area
    db.session.commit()
    return family


def open_market(stalls=2, fridays=2, crafts=("food", "sweets"), province_slug="damascus"):
    """A published Friday series whose application window is open now."""
    venue = build_venue(province_slug, name=f"حديقة {stalls}-{fridays}", stalls=stalls)
    first_day = (NOW + timedelta(days=20)).date()
    market = build_market(venue, first_day, occurrence_count=fridays,
                          applications_open_at=NOW - timedelta(days=1),
                          applications_close_at=NOW + timedelta(days=10))
    market.crafts = [craft(slug) for slug in crafts]
    publish_market(market)
    db.session.commit()
    return market


def request_for(*craft_slugs, **overrides) -> ApplicationRequest:
    values = {"crafts": [craft(slug) for slug in craft_slugs or ("food",)], "accept_terms": True}
    values.update(overrides)
    return ApplicationRequest(**values)


@pytest.fixture
def market(app_context):
    return open_market()
