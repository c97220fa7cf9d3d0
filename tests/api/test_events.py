"""The JSON API: shape, offsets, filters, paging and errors."""
from datetime import date, timedelta

import pytest

from festival.core.timezones import today_in_damascus
from tests.factories import NEXT_YEAR, first_friday_of


def test_an_event_has_the_promised_shape(client, events):
    market = events.market(occurrence_count=1, craft_slugs=("food",))
    occurrence = events.occurrences(market)[0]
    friday = first_friday_of(NEXT_YEAR, 3)

    response = client.get("/api/v1/events")

    assert response.status_code == 200 and response.content_type == "application/json"
    [event] = response.json["events"]
    assert event["id"] == occurrence and event["market_id"] == market
    assert event["title"] == {"ar": "سوق الجمعة للأسر المنتجة", "en": "Friday market of productive families"}
    assert event["kind"] == "friday" and event["province"] == "damascus"
    assert event["venue"]["name"] == "حديقة تشرين" and isinstance(event["venue"]["id"], int)
    assert event["start"] == f"{friday.isoformat()}T09:00:00+03:00"
    assert event["end"] == f"{friday.isoformat()}T15:00:00+03:00"
    assert event["status"] == "scheduled" and event["cancel_reason"] is None
    assert event["categories"] == ["food"]
    assert event["url"] == f"http://localhost/events/{occurrence}"
    assert event["ics_url"] == f"http://localhost/events/{occurrence}.ics"
    assert response.json["pagination"] == {
        "page": 1, "per_page": 20, "total": 1, "pages": 1, "next": None, "prev": None}


def test_names_follow_the_language(client, events):
    events.market(occurrence_count=1)

    event = client.get("/api/v1/events?lang=en").json["events"][0]

    assert event["venue"]["name"] == "Tishreen Park"


def test_a_festival_spans_its_days_and_a_cancelled_day_says_why(client, events):
    events.festival(date(NEXT_YEAR, 4, 10), days=3)
    series = events.market(occurrence_count=1, venue_name="ساحة")
    events.cancel_day(events.occurrences(series)[0], reason="عطلة رسمية")

    by_kind = {event["kind"]: event for event in client.get("/api/v1/events").json["events"]}

    assert by_kind["festival"]["start"] == f"{NEXT_YEAR}-04-10T16:00:00+03:00"
    assert by_kind["festival"]["end"] == f"{NEXT_YEAR}-04-12T22:00:00+03:00"
    assert by_kind["friday"]["status"] == "cancelled" and by_kind["friday"]["cancel_reason"] == "عطلة رسمية"


def test_from_and_to_choose_the_dates_and_the_default_starts_today(client, events):
    last_year = today_in_damascus().year - 1
    events.market(first_day=first_friday_of(last_year, 3), occurrence_count=1, venue_name="قديم")
    events.market(occurrence_count=4)
    march = first_friday_of(NEXT_YEAR, 3)

    default = client.get("/api/v1/events").json["events"]
    window = client.get(f"/api/v1/events?from={march + timedelta(days=1)}&to={march + timedelta(weeks=2)}").json
    history = client.get(f"/api/v1/events?from={last_year}-01-01&to={last_year}-12-31").json["events"]

    assert len(default) == 4
    assert [event["first_day"] for event in window["events"]] == [
        (march + timedelta(weeks=week)).isoformat() for week in (1, 2)]
    assert len(history) == 1 and history[0]["status"] == "held"


def test_filters_are_the_calendars_filters(client, events):
    events.market(province="aleppo", venue_name="السبيل", craft_slugs=("soap",))
    events.festival(date(NEXT_YEAR, 4, 10), province="homs", venue_name="الدبلان")

    assert {e["province"] for e in client.get("/api/v1/events?province=aleppo").json["events"]} == {"aleppo"}
    assert {e["kind"] for e in client.get("/api/v1/events?kind=festival").json["events"]} == {"festival"}
    assert {e["province"] for e in client.get("/api/v1/events?category=soap").json["events"]} == {"aleppo"}


def test_pages_link_to_each_other(client, events):
    events.market(occurrence_count=5)

    first = client.get("/api/v1/events?per_page=2").json
    last = client.get("/api/v1/events?per_page=2&page=3").json

    assert first["pagination"]["pages"] == 3 and first["pagination"]["total"] == 5
    assert first["pagination"]["next"] == "http://localhost/api/v1/events?per_page=2&page=2"
    assert last["pagination"]["prev"] == "http://localhost/api/v1/events?per_page=2&page=2"
    assert len(last["events"]) == 1 and last["pagination"]["next"] is None


def test_drafts_are_never_listed(client, events):
    events.market(status="draft")

    assert client.get("/api/v1/events").json["events"] == []


@pytest.mark.parametrize(("url", "status"), [
    ("/api/v1/events?per_page=100000", 400),
    ("/api/v1/events?per_page=0", 400),
    ("/api/v1/events?page=abc", 400),
    ("/api/v1/events?page=4000", 404),
    ("/api/v1/events?from=2026-02-30", 400),
    ("/api/v1/events?from=tomorrow", 400),
    ("/api/v1/events?from=2027-01-10&to=2027-01-01", 400),
    ("/api/v1/events?province=atlantis", 404),
    ("/api/v1/events?category=unicorns", 404),
    ("/api/v1/events?kind=circus", 400),
    ("/api/v1/events/999999", 404),
    ("/api/v1/nothing-here", 404),
])
def test_errors_are_json_with_a_message(client, url, status):
    response = client.get(url + ("&" if "?" in url else "?") + "lang=en")

    assert response.status_code == status
    assert response.content_type == "application/json"
    assert response.json["error"]["code"] == status and response.json["error"]["message"]


def test_error_messages_are_arabic_by_default(client):
    response = client.get("/api/v1/events?per_page=100000")

    assert "100" in response.json["error"]["message"]
    assert any("\u0600" <= character <= "\u06ff" for character in response.json["error"]["message"])
