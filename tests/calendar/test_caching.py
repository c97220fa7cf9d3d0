"""Validators: unchanged pages answer 304, and any change is seen at once."""
import json
from datetime import time

import pytest

from festival.extensions import db
from festival.markets import public_version
from festival.markets.models import Market, PublicDataVersion
from festival.vendors.models import Family
from festival.venues.operations import update_venue
from tests.factories import NEXT_YEAR, placed_families

CACHED_URLS = [f"/calendar?month={NEXT_YEAR}-03", "/calendar?view=list", "/calendar.ics", "/api/v1/events"]


@pytest.fixture
def market(events):
    return events.market(occurrence_count=2)


def every_url(events, market):
    first = events.occurrences(market)[0]
    return [*CACHED_URLS, f"/events/{first}", f"/events/{first}.ics", f"/api/v1/events/{first}"]


def test_every_view_sends_validators_and_asks_to_revalidate(client, events, market):
    for url in every_url(events, market):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["ETag"] and response.headers["Last-Modified"], url
        assert "no-cache" in response.headers["Cache-Control"], url
        assert "Cookie" in response.headers["Vary"], url


def test_an_unchanged_page_answers_304_to_its_etag(client, events, market):
    for url in every_url(events, market):
        etag = client.get(url).headers["ETag"]

        again = client.get(url, headers={"If-None-Match": etag})

        assert again.status_code == 304, url
        assert again.data == b"" and again.headers["ETag"] == etag


def test_an_unchanged_page_answers_304_to_its_date(client, market):
    last_modified = client.get("/calendar.ics").headers["Last-Modified"]

    assert client.get("/calendar.ics", headers={"If-Modified-Since": last_modified}).status_code == 304
    long_ago = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert client.get("/calendar.ics", headers={"If-Modified-Since": long_ago}).status_code == 200


def test_a_rescheduled_market_is_seen_at_once_with_the_old_etag(client, events, market):
    urls = every_url(events, market)
    etags = {url: client.get(url).headers["ETag"] for url in urls}

    events.reschedule(market, title_ar="سوق الجمعة الجديد", closes_at=time(17, 0))

    for url in urls:
        fresh = client.get(url, headers={"If-None-Match": etags[url]})
        assert fresh.status_code == 200, url
        assert fresh.headers["ETag"] != etags[url]
        body = json.dumps(fresh.json, ensure_ascii=False) if fresh.is_json else fresh.get_data(as_text=True)
        assert "سوق الجمعة الجديد" in body, url


def test_a_cancelled_day_is_seen_at_once(client, events, market):
    first = events.occurrences(market)[0]
    etag = client.get(f"/events/{first}.ics").headers["ETag"]

    events.cancel_day(first, reason="عطلة رسمية")

    fresh = client.get(f"/events/{first}.ics", headers={"If-None-Match": etag})
    assert fresh.status_code == 200 and b"STATUS:CANCELLED" in fresh.data


def test_a_newly_published_market_changes_the_etag(client, events, market):
    etag = client.get("/calendar.ics").headers["ETag"]

    events.market(venue_name="ساحة الأمويين", title_ar="سوق جديد")

    assert client.get("/calendar.ics", headers={"If-None-Match": etag}).status_code == 200


def test_language_filter_and_user_make_different_versions(client, make, login, market):
    arabic = client.get("/calendar").headers["ETag"]
    filtered = client.get("/calendar?province=aleppo").headers["ETag"]
    english = client.get("/calendar?lang=en").headers["ETag"]
    english_by_cookie = client.get("/calendar").headers["ETag"]
    login(make.family().user)
    logged_in = client.get("/calendar").headers["ETag"]

    assert len({arabic, filtered, english, english_by_cookie, logged_in}) == 5


def test_a_page_with_a_pending_message_is_not_cached(client, make, login, market):
    login(make.family().user)  # "welcome" is flashed for the next page
    response = client.get("/calendar")

    if "flash" in response.get_data(as_text=True):
        assert "ETag" not in response.headers and "no-store" in response.headers["Cache-Control"]
    assert client.get("/calendar").headers["ETag"]


def test_a_logged_in_familys_page_is_private_and_revalidated(client, events, make, login, market):
    login(make.family().user)
    client.get("/calendar")  # shows the login's one-time message, if any
    first = client.get(f"/calendar?month={NEXT_YEAR}-03")

    unchanged = client.get(f"/calendar?month={NEXT_YEAR}-03", headers={"If-None-Match": first.headers["ETag"]})
    events.reschedule(market, title_ar="سوق الجمعة الجديد")
    changed = client.get(f"/calendar?month={NEXT_YEAR}-03", headers={"If-None-Match": first.headers["ETag"]})

    assert "private" in first.headers["Cache-Control"]
    assert unchanged.status_code == 304
    assert changed.status_code == 200 and "سوق الجمعة الجديد" in changed.get_data(as_text=True)


def test_a_familys_new_name_shows_at_once_in_the_event_directory(app, client):
    with app.app_context():
        market, _organizer, _badges = placed_families(count=2)
        occurrence_id = market.occurrences[0].id
    url = f"/events/{occurrence_id}"
    first = client.get(url)
    assert "أسرة 0" in first.get_data(as_text=True)

    with app.app_context():
        family = db.session.scalar(db.select(Family).where(Family.name == "أسرة 0"))
        family.name = "بيت المونة الشامية"
        db.session.commit()

    fresh = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert fresh.status_code == 200 and "بيت المونة الشامية" in fresh.get_data(as_text=True)


def test_a_venue_renamed_by_an_update_statement_is_seen_at_once(app, client, events):
    """update_venue changes markets with an UPDATE statement, and declares the change itself."""
    market_id = events.market(occurrence_count=2)
    occurrence_id = events.occurrences(market_id)[0]
    first = client.get(f"/events/{occurrence_id}")

    with app.test_request_context(method="POST"):
        market = db.session.get(Market, market_id)
        update_venue(market.venue, province=market.province, name_ar="ساحة الأمويين الجديدة")
        db.session.commit()

    fresh = client.get(f"/events/{occurrence_id}", headers={"If-None-Match": first.headers["ETag"]})
    assert fresh.status_code == 200 and "ساحة الأمويين الجديدة" in fresh.get_data(as_text=True)


def test_a_change_committed_while_a_page_is_being_read_is_never_kept_as_current(client, events, market, monkeypatch):
    url = f"/events/{events.occurrences(market)[0]}"
    read_version = public_version.current

    def someone_saves_then_read(*province_id):
        monkeypatch.setattr(public_version, "current", read_version)  # only this once
        events.reschedule(market, title_ar="سوق الجمعة الجديد")  # committed by another request
        return read_version(*province_id)

    monkeypatch.setattr(public_version, "current", someone_saves_then_read)
    client.get(url)  # built while the change committed: either title is right for this one

    assert "سوق الجمعة الجديد" in client.get(url).get_data(as_text=True)


def test_a_missing_version_row_starts_again_without_failing_a_save(app, client, events, market):
    with app.app_context():
        db.session.execute(PublicDataVersion.__table__.delete())
        db.session.commit()

    events.reschedule(market, title_ar="سوق الجمعة الجديد")

    with app.app_context():
        assert db.session.scalar(db.select(PublicDataVersion.number)) == 1
    assert "سوق الجمعة الجديد" in client.get(f"/events/{events.occurrences(market)[0]}").get_data(as_text=True)
