"""A visitor on a phone finds a Friday market in Aleppo, opens it and saves it to their calendar."""
from datetime import timedelta

import pytest
from icalendar import Calendar

from festival.core.timezones import today_in_damascus
from tests.browser.pages import no_sideways_scroll
from tests.factories import EventBuilder


@pytest.fixture
def events(app):
    return EventBuilder(app)


def next_friday_after(day):
    return day + timedelta(days=(4 - day.weekday()) % 7 or 7)


def test_a_visitor_finds_an_aleppo_market_on_a_phone_and_downloads_it(events, live_server, phone_page, screenshot):
    today = today_in_damascus()
    friday = next_friday_after(today)
    aleppo = events.market(province="aleppo", title_ar="سوق جمعة حلب القديمة", title_en="Old Aleppo Friday market",
                           venue_name="حديقة السبيل", first_day=friday, occurrence_count=3, stall_fee=15000,
                           contact="المكتب الإقليمي في حلب", craft_slugs=("soap", "food", "textiles"))
    events.market(province="damascus", title_ar="سوق جمعة دمشق", first_day=friday, occurrence_count=3)
    events.festival(friday + timedelta(days=1), days=3, province="aleppo", title_ar="مهرجان حلب للتسوّق",
                    title_en="Aleppo sales festival", venue_name="قلعة حلب")
    events.cancel_day(events.occurrences(aleppo)[1], reason="عطلة رسمية")
    page = phone_page

    page.goto(live_server + "/")
    page.get_by_role("navigation", name="القائمة الرئيسية").get_by_role("link", name="التقويم").click()
    assert page.get_by_role("columnheader").first.get_attribute("abbr") == "السبت"
    page.get_by_label("المحافظة").select_option(label="حلب")
    with page.expect_response(lambda response: "province=aleppo" in response.url) as filtered:
        page.get_by_role("button", name="عرض").click()
    page.wait_for_url("**province=aleppo**")
    assert filtered.value.header_value("content-encoding") == "br"  # a few KB on slow mobile data
    if friday.month != today.month:
        page.get_by_role("link", name="الشهر التالي").click()
    agenda = page.locator(".cal-agenda")
    assert "سوق جمعة حلب القديمة" in agenda.inner_text()
    assert "سوق جمعة دمشق" not in page.locator("main").inner_text()
    assert no_sideways_scroll(page)
    screenshot(page, "calendar-ar")

    agenda.get_by_role("link", name="سوق جمعة حلب القديمة").first.click()
    page.wait_for_url("**/events/*")
    assert page.get_by_role("heading", level=1).inner_text() == "سوق جمعة حلب القديمة"
    assert "15,000" in page.locator("main").inner_text() and "حديقة السبيل" in page.locator("main").inner_text()
    assert page.locator("svg.stall-map-svg").is_visible()
    assert no_sideways_scroll(page)
    screenshot(page, "event-ar")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="أضف إلى تقويمي (ملف ICS)").click()
    calendar = Calendar.from_ical(open(download_info.value.path(), "rb").read())
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "سوق جمعة حلب القديمة"
    assert event.decoded("DTSTART").date() == friday and event["DTSTART"].params["TZID"] == "Asia/Damascus"

    page.get_by_role("link", name="English").click()
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.get_by_role("heading", level=1).inner_text() == "Old Aleppo Friday market"
    assert no_sideways_scroll(page)
    screenshot(page, "event-en")
    page.get_by_role("link", name="Calendar", exact=True).first.click()
    assert page.get_by_role("columnheader").first.get_attribute("abbr") == "Sunday"
    assert no_sideways_scroll(page)
    screenshot(page, "calendar-en")
