"""Every change visitors can see makes the pages that show it fresh, and only those.

A change in one province leaves the other provinces' cached pages, feeds and events
valid (a 304 to their old ETag), while every page that shows the change (its
province's pages, the all-provinces calendar and API) is new at once.
"""
import json
from datetime import time

import pytest

from festival.extensions import db
from festival.markets import operations
from festival.markets.models import Market
from festival.markets.public_version import public_data_changed
from festival.stalls import operations as stalls
from festival.stalls.models import StallAssignment
from festival.vendors.models import Family
from festival.vendors.profile import update_profile
from festival.venues.models import Stall
from festival.venues.operations import update_stall
from tests.factories import NEXT_YEAR, placed_families

MONTH = f"/calendar?month={NEXT_YEAR}-03"


def province_urls(events, market_id, slug) -> list[str]:
    first = events.occurrences(market_id)[0]
    return [f"{MONTH}&province={slug}", f"/calendar?view=list&province={slug}", f"/calendar.ics?province={slug}",
            f"/api/v1/events?province={slug}", f"/events/{first}", f"/events/{first}.ics", f"/api/v1/events/{first}"]


def text_of(response) -> str:
    return json.dumps(response.json, ensure_ascii=False) if response.is_json else response.get_data(as_text=True)


def etags(client, urls) -> dict[str, str]:
    return {url: client.get(url).headers["ETag"] for url in urls}


@pytest.fixture
def two_provinces(events):
    aleppo = events.market(province="aleppo", venue_name="حديقة السبيل", title_ar="سوق حلب")
    damascus = events.market(province="damascus", venue_name="حديقة تشرين", title_ar="سوق دمشق")
    return aleppo, damascus


def test_a_change_in_aleppo_leaves_damascus_pages_valid_and_shows_on_every_page_of_aleppo(client, events,
                                                                                            two_provinces):
    aleppo, damascus = two_provinces
    aleppo_urls = [*province_urls(events, aleppo, "aleppo"), MONTH, "/calendar.ics", "/api/v1/events"]
    damascus_urls = province_urls(events, damascus, "damascus")
    before = etags(client, aleppo_urls + damascus_urls)

    events.reschedule(aleppo, title_ar="سوق حلب الجديد", closes_at=time(17, 0))

    for url in damascus_urls:
        assert client.get(url, headers={"If-None-Match": before[url]}).status_code == 304, url
    for url in aleppo_urls:
        fresh = client.get(url, headers={"If-None-Match": before[url]})
        assert fresh.status_code == 200 and "سوق حلب الجديد" in text_of(fresh), url


def test_a_cancelled_day_in_damascus_leaves_aleppos_feed_valid(client, events, two_provinces):
    aleppo, damascus = two_provinces
    feed = "/calendar.ics?province=aleppo"
    etag = client.get(feed).headers["ETag"]
    damascus_feed = client.get("/calendar.ics?province=damascus")

    events.cancel_day(events.occurrences(damascus)[0], reason="عطلة رسمية")

    assert client.get(feed, headers={"If-None-Match": etag}).status_code == 304
    fresh = client.get("/calendar.ics?province=damascus", headers={"If-None-Match": damascus_feed.headers["ETag"]})
    assert fresh.status_code == 200 and b"STATUS:CANCELLED" in fresh.data


def test_a_change_of_everything_makes_every_province_fresh(app, client, events, two_provinces):
    aleppo, damascus = two_provinces
    urls = province_urls(events, aleppo, "aleppo") + province_urls(events, damascus, "damascus")
    before = etags(client, urls)

    with app.app_context():
        public_data_changed()  # e.g. a craft category renamed
        db.session.commit()

    for url in urls:
        assert client.get(url, headers={"If-None-Match": before[url]}).status_code == 200, url


def test_a_change_rolled_back_keeps_every_page_valid(app, client, events, two_provinces):
    aleppo, _damascus = two_provinces
    urls = province_urls(events, aleppo, "aleppo")
    before = etags(client, urls)

    with app.app_context():
        operations.cancel_market(db.session.get(Market, aleppo), "الطقس عاصف")
        db.session.rollback()
        db.session.commit()

    for url in urls:
        assert client.get(url, headers={"If-None-Match": before[url]}).status_code == 304, url


def test_a_cancelled_market_is_seen_at_once_on_every_page(app, client, events, two_provinces):
    aleppo, _damascus = two_provinces
    urls = province_urls(events, aleppo, "aleppo")
    before = etags(client, urls)

    with app.app_context():
        operations.cancel_market(db.session.get(Market, aleppo), "الطقس عاصف")
        db.session.commit()

    for url in urls:
        fresh = client.get(url, headers={"If-None-Match": before[url]})
        assert fresh.status_code == 200, url
        assert "CANCELLED" in text_of(fresh) or "cancelled" in text_of(fresh) or "ملغ" in text_of(fresh), url


def test_a_disabled_stall_leaves_the_event_map_at_once(app, client, events):
    market_id = events.market(occurrence_count=2)
    url = f"/events/{events.occurrences(market_id)[0]}"
    first = client.get(url)
    assert 'data-stall-code="A-01"' in first.get_data(as_text=True)

    with app.test_request_context(method="POST"):
        stall = db.session.scalar(db.select(Stall).where(Stall.code == "A-01"))
        update_stall(stall, covered=False, electricity=False, accessible=False, corner=False, width_m=3, depth_m=3,
                     disabled=True)
        db.session.commit()

    fresh = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert fresh.status_code == 200 and 'data-stall-code="A-01"' not in fresh.get_data(as_text=True)


def test_a_family_given_a_stall_or_taken_off_shows_at_once_on_the_event_page(app, client):
    with app.app_context():
        market, _organizer, _badges = placed_families(count=2)
        url = f"/events/{market.occurrences[0].id}"
    first = client.get(url)
    assert "أسرة 1" in first.get_data(as_text=True)

    with app.app_context():
        assignment = db.session.scalar(db.select(StallAssignment).join(StallAssignment.family)
                                       .where(Family.name == "أسرة 1"))
        stalls.unassign(assignment, by=None)
        db.session.commit()

    fresh = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert fresh.status_code == 200 and "أسرة 1" not in fresh.get_data(as_text=True)


def test_a_family_profile_edit_shows_at_once_in_the_event_directory(app, client):
    with app.app_context():
        market, _organizer, _badges = placed_families(count=1)
        url = f"/events/{market.occurrences[0].id}"
    first = client.get(url)

    with app.test_request_context(method="POST"):
        family = db.session.scalar(db.select(Family).where(Family.name == "أسرة 0"))
        update_profile(family, name="بيت المونة الشامية", head_name=family.head_name or "",
                       second_phone=family.second_phone, area=family.area, crafts=family.crafts,
                       products="مكدوس ومربيات", first_market=family.first_market,
                       rural_women_project=family.rural_women_project, disability=family.disability,
                       other_programme=family.other_programme or "")
        db.session.commit()

    fresh = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert fresh.status_code == 200
    assert "بيت المونة الشامية" in fresh.get_data(as_text=True) and "مكدوس ومربيات" in fresh.get_data(as_text=True)
