"""The number of SQL statements per page does not grow with the number of events."""
from datetime import date, timedelta

from festival.core.http_cache import bodies
from tests.factories import NEXT_YEAR, first_friday_of

MARCH = date(NEXT_YEAR, 3, 1)
SERIES_START = first_friday_of(NEXT_YEAR, 3) - timedelta(weeks=1)


def add_occurrences(events, *, series: int, festivals: int, start: int = 0) -> list[int]:
    """Friday series of 5 dates and 5-day festivals around March; their market ids."""
    ids = []
    for number in range(start, start + series + festivals):
        province = ("damascus", "aleppo", "homs")[number % 3]
        if number - start < series:
            ids.append(events.market(first_day=SERIES_START, occurrence_count=5, province=province,
                                     venue_name=f"موقع {number}", craft_slugs=("food", "soap")))
        else:
            ids.append(events.festival(MARCH + timedelta(days=number % 25), days=5, province=province,
                                       venue_name=f"موقع {number}", craft_slugs=("food", "glass")))
    return ids


def measure(client, count_queries, pages: dict[str, str]) -> dict[str, int]:
    counts = {}
    for name, url in pages.items():
        client.get(url)  # warm up: the first request of a client may differ (session, caches)
        bodies.clear()  # count the statements that build the page, not those of a kept copy
        with count_queries() as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[name] = queries.count
    return counts


def pages_for(occurrence_id: int) -> dict[str, str]:
    return {
        "month": f"/calendar?month={NEXT_YEAR}-03&category=food",
        "list": "/calendar?view=list&per_page=100",
        "event": f"/events/{occurrence_id}",
        "feed": "/calendar.ics",
        "api": "/api/v1/events?per_page=100",
        "event feed": f"/events/{occurrence_id}.ics",
    }


def test_query_counts_are_the_same_for_10_and_300_occurrences(client, events, count_queries, capsys):
    small_series = add_occurrences(events, series=1, festivals=5)[0]
    assert client.get("/api/v1/events").json["pagination"]["total"] == 10
    with_10 = measure(client, count_queries, pages_for(events.occurrences(small_series)[0]))

    long_series = events.market(first_day=SERIES_START, occurrence_count=50, venue_name="موقع طويل")
    add_occurrences(events, series=45, festivals=15, start=6)
    assert client.get("/api/v1/events").json["pagination"]["total"] == 10 + 50 + 45 * 5 + 15
    with_300 = measure(client, count_queries, pages_for(events.occurrences(long_series)[0]))

    assert with_10 == with_300
    with capsys.disabled():
        print("\nSQL statements per request, at 10 and at 300 occurrences:", with_300)
