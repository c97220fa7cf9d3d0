"""The month view: weeks from the locale's first day, Levantine month names, filters."""
import re
from datetime import date, timedelta

from festival.core.timezones import today_in_damascus
from tests.factories import NEXT_YEAR, first_friday_of

MARCH = f"{NEXT_YEAR}-03"
WEEKDAY_HEADERS = re.compile(r'<th scope="col" abbr="([^"]+)"')


def page_text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_the_arabic_month_grid_starts_on_saturday(client):
    headers = WEEKDAY_HEADERS.findall(page_text(client, "/calendar?month=2026-11"))

    assert headers == ["السبت", "الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة"]


def test_the_english_month_grid_starts_on_sunday(client):
    headers = WEEKDAY_HEADERS.findall(page_text(client, "/calendar?month=2026-11&lang=en"))

    assert headers == ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]


def test_november_2026_starts_on_the_sunday_cell_after_a_blank_saturday(client):
    page = page_text(client, "/calendar?month=2026-11")
    first_week = page.split("<tbody>")[1].split("</tr>")[0]

    cells = first_week.split("<td")[1:]
    assert "cal-outside" in cells[0] and ">1<" in cells[1]  # 1 November 2026 is a Sunday


def test_month_names_are_levantine_in_arabic_and_english_in_english(client):
    assert "تشرين الثاني 2026" in page_text(client, "/calendar?month=2026-11")
    assert "كانون الثاني 2027" in page_text(client, "/calendar?month=2027-01")
    assert "November 2026" in page_text(client, "/calendar?month=2026-11&lang=en")


def test_the_calendar_opens_on_the_current_month_in_damascus(client):
    today = today_in_damascus()

    page = page_text(client, "/calendar?lang=en")

    assert f"{today:%B} {today.year}" in page
    assert "cal-today" in page


def test_every_friday_of_a_series_is_on_the_grid_and_in_the_days_list(client, events):
    events.market(title_ar="سوق جمعة الميدان")
    fridays = [first_friday_of(NEXT_YEAR, 3) + timedelta(weeks=week) for week in range(4)]

    page = page_text(client, f"/calendar?month={MARCH}")

    for friday in fridays:
        if friday.month == 3:
            assert f'href="#day-{friday.isoformat()}"' in page
            assert f'id="day-{friday.isoformat()}"' in page
    assert page.count("سوق جمعة الميدان") >= 2


def test_a_festival_is_shown_on_each_of_its_days(client, events):
    start = date(NEXT_YEAR, 3, 9)
    events.festival(start, days=3, title_ar="مهرجان الربيع")

    page = page_text(client, f"/calendar?month={MARCH}")

    for offset in range(3):
        assert f'id="day-{(start + timedelta(days=offset)).isoformat()}"' in page
    assert f'id="day-{(start + timedelta(days=3)).isoformat()}"' not in page
    assert "مهرجان تسوّق" in page


def test_a_cancelled_friday_shows_as_cancelled_with_its_reason(client, events):
    market = events.market()
    events.cancel_day(events.occurrences(market)[0], reason="عاصفة ثلجية")

    page = page_text(client, f"/calendar?month={MARCH}")

    assert "ملغى" in page and "عاصفة ثلجية" in page
    assert "is-cancelled" in page and "cal-dot-cancelled" in page


def test_a_cancelled_market_shows_the_market_reason(client, events):
    events.market(status="cancelled")

    page = page_text(client, f"/calendar?month={MARCH}")

    assert "الطقس عاصف" in page


def test_drafts_are_not_in_the_calendar(client, events):
    events.market(status="draft", title_ar="مسودة سرية")

    assert "مسودة سرية" not in page_text(client, f"/calendar?month={MARCH}")
    assert "مسودة سرية" not in page_text(client, "/calendar?view=list")


def test_filters_keep_only_matching_markets(client, events):
    events.market(province="aleppo", title_ar="سوق حلب", craft_slugs=("soap",), venue_name="حديقة السبيل")
    events.market(province="damascus", title_ar="سوق دمشق", craft_slugs=("food",))
    events.festival(date(NEXT_YEAR, 3, 20), province="homs", title_ar="مهرجان حمص", venue_name="الدبلان")

    by_province = page_text(client, f"/calendar?month={MARCH}&province=aleppo")
    by_craft = page_text(client, f"/calendar?month={MARCH}&category=food")
    by_kind = page_text(client, f"/calendar?month={MARCH}&kind=festival")

    assert "سوق حلب" in by_province and "سوق دمشق" not in by_province
    assert "سوق دمشق" in by_craft and "سوق حلب" not in by_craft
    assert "مهرجان حمص" in by_kind and "سوق دمشق" not in by_kind and "سوق حلب" not in by_kind


def test_month_links_and_feeds_keep_the_filter(client):
    page = page_text(client, f"/calendar?month={MARCH}&province=aleppo&kind=friday")

    assert f'href="/calendar?month={NEXT_YEAR}-02&amp;province=aleppo&amp;kind=friday"' in page
    assert f'href="/calendar?month={NEXT_YEAR}-04&amp;province=aleppo&amp;kind=friday"' in page
    assert 'href="webcal://localhost/calendar.ics?province=aleppo&amp;kind=friday"' in page
    assert 'href="http://localhost/calendar.ics?province=aleppo&amp;kind=friday"' in page
    assert '<option value="aleppo" selected>' in page


def test_the_english_subscription_is_in_english(client):
    page = page_text(client, "/calendar?lang=en")

    assert 'href="webcal://localhost/calendar.ics?lang=en"' in page


def test_the_subscription_follows_the_configured_site_address(app, client):
    app.config["FESTIVAL_BASE_URL"] = "https://souq.example.sy"

    page = page_text(client, "/calendar")

    assert 'href="webcal://souq.example.sy/calendar.ics"' in page
    assert 'href="https://souq.example.sy/calendar.ics"' in page
