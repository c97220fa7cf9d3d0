"""The list of upcoming dates: only what is still to come, in order, a page at a time."""
from datetime import date, timedelta

from tests.factories import NEXT_YEAR, first_friday_of


def test_the_list_shows_upcoming_dates_in_order_with_their_details(client, events):
    events.festival(date(NEXT_YEAR, 3, 9), days=2, title_ar="مهرجان الربيع", venue_name="المعرض")
    events.market(title_ar="سوق جمعة الميدان", occurrence_count=1)

    page = client.get("/calendar?view=list").get_data(as_text=True)

    assert page.index("سوق جمعة الميدان") < page.index("مهرجان الربيع")  # 5 March before 9 March
    assert "9–10 آذار" in page and "المعرض" in page and "دمشق" in page


def test_held_markets_are_not_upcoming(client, events):
    last_year = date.today().year - 1
    events.market(title_ar="سوق قديم", first_day=first_friday_of(last_year, 3), occurrence_count=1)

    assert "سوق قديم" not in client.get("/calendar?view=list").get_data(as_text=True)
    assert "سوق قديم" in client.get(f"/calendar?month={last_year}-03").get_data(as_text=True)


def test_the_list_is_paginated_and_keeps_the_filter(client, events):
    events.market(occurrence_count=25, first_day=first_friday_of(NEXT_YEAR, 1), province="hama", venue_name="حماة")

    first = client.get("/calendar?view=list&province=hama").get_data(as_text=True)
    second = client.get("/calendar?view=list&province=hama&page=2").get_data(as_text=True)

    assert "25 موعداً" in first or "25 موعد" in first
    assert 'href="/calendar?page=2&amp;view=list&amp;province=hama"' in first
    assert first.count('class="event-item') == 20 and second.count('class="event-item') == 5
    assert client.get("/calendar?view=list&province=hama&page=3").status_code == 404


def test_the_list_days_use_full_dates_of_the_last_day_of_a_series(client, events):
    market = events.market(occurrence_count=2)
    second_friday = first_friday_of(NEXT_YEAR, 3) + timedelta(weeks=1)

    page = client.get("/calendar?view=list&lang=en").get_data(as_text=True)

    assert market and f"{second_friday:%B} {second_friday.day}, {NEXT_YEAR}" in page
