"""Gate staff check families in by short code on a 360 px phone (no camera in headless Chromium)."""
import re

from playwright.sync_api import expect

from festival.checkin.models import CheckIn
from festival.core.timezones import to_damascus
from festival.extensions import db
from tests.browser.pages import log_in, no_sideways_scroll
from tests.factories import build_gate_day


def arrival_time(app, family_id, lang="ar") -> str:
    with app.app_context():
        checkin = db.session.scalar(db.select(CheckIn).where(CheckIn.family_id == family_id))
        moment = to_damascus(checkin.checked_in_at)
        if lang == "en":
            return f"{moment.hour % 12 or 12}:{moment:%M}\u202f{'AM' if moment.hour < 12 else 'PM'}"  # 6:17 PM
        return f"{moment.hour % 12 or 12}:{moment:%M} {'ص' if moment.hour < 12 else 'م'}"  # 6:17 ص, as every page


def type_code(page, label, button, code):
    page.get_by_label(label).fill(code)
    page.get_by_role("button", name=button).click()


def test_gate_staff_check_in_by_short_code_green_then_amber(app, browser, live_server, phone_page, screenshot):
    with app.app_context():
        day = build_gate_day(families=2, gate_name="سامر من فريق البوابة")
    first, second = day.placed
    page = phone_page

    log_in(page, live_server, day.gate.phone)
    page.wait_for_url("**/gate")
    assert no_sideways_scroll(page)
    screenshot(page, "dates-ar")
    page.get_by_role("link", name="افتح الماسح").first.click()
    page.wait_for_url(f"**/gate/occurrences/{day.occurrence_id}/scan")
    result = page.locator("#scan-result")

    type_code(page, "الرمز القصير على البطاقة", "تسجيل الحضور", first.short_code.lower())
    expect(result).to_have_class(re.compile("verdict-ok"))
    expect(result).to_contain_text("تم تسجيل الحضور")
    expect(result).to_contain_text(first.name)
    expect(page.get_by_label("الرمز القصير على البطاقة")).to_have_value("")
    assert no_sideways_scroll(page)
    screenshot(page, "green-ar")

    page.wait_for_timeout(1100)  # ready for the next badge within a second
    type_code(page, "الرمز القصير على البطاقة", "تسجيل الحضور", first.short_code)
    expect(result).to_have_class(re.compile("verdict-warn"))
    expected = f"سُجّل حضورها الساعة {arrival_time(app, first.family_id)} بواسطة \u2068سامر من فريق البوابة\u2069"
    expect(result).to_contain_text(expected)
    screenshot(page, "amber-ar")

    page.wait_for_timeout(1100)
    type_code(page, "الرمز القصير على البطاقة", "تسجيل الحضور", "ZZZZ2222")
    expect(result).to_have_class(re.compile("verdict-bad"))
    screenshot(page, "red-ar")
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(CheckIn)) == 1

    # The same in English, and the badge page a scanned QR code opens.
    page.goto(f"{live_server}/gate/occurrences/{day.occurrence_id}/scan?lang=en")
    type_code(page, "Short code on the badge", "Check in", second.short_code)
    expect(result).to_have_class(re.compile("verdict-ok"))
    screenshot(page, "green-en")
    page.wait_for_timeout(1100)
    type_code(page, "Short code on the badge", "Check in", second.short_code)
    expect(result).to_contain_text(f"Already checked in at {arrival_time(app, second.family_id, 'en')} by")
    assert no_sideways_scroll(page)
    screenshot(page, "amber-en")

    page.goto(f"{live_server}/b/{first.token}?lang=ar")
    expect(page.locator(".verdict")).to_have_class(re.compile("verdict-warn"))
    assert no_sideways_scroll(page)
    screenshot(page, "badge-page-amber-ar")


def test_a_visitor_scanning_a_badge_sees_only_valid_family_and_stall(app, browser, live_server, phone_page,
                                                                      screenshot):
    with app.app_context():
        day = build_gate_day(families=1, waiting=0)
    page = phone_page

    page.goto(f"{live_server}/b/{day.placed[0].token}")

    verdict = page.locator(".verdict")
    expect(verdict).to_have_class(re.compile("verdict-ok"))
    expect(verdict).to_contain_text(day.placed[0].name)
    assert page.get_by_role("button", name="تسجيل الحضور").count() == 0
    assert no_sideways_scroll(page)
    screenshot(page, "visitor-ar")
