"""An administrator reads the audit trail on a phone: what an organizer changed, in words, in Arabic and English."""
from datetime import timedelta

from festival.auth.models import User
from festival.core.timezones import today_in_damascus
from festival.extensions import db
from festival.markets import operations as markets
from tests.factories import PASSWORD, build_plan


def test_admin_reads_what_an_organizer_changed_on_a_phone(app, make, live_server, phone_page, screenshot):
    admin = make.admin(name="مدير النظام")
    organizer = make.organizer("homs", name="منظِّم حمص")
    venue = make.venue("homs", name_ar="ساحة الساعة")
    with app.app_context():
        first_day = today_in_damascus() + timedelta(days=(4 - today_in_damascus().weekday()) % 7 + 35)
        by = db.session.get(User, organizer.id)
        venue = db.session.merge(venue)
        market = markets.schedule_market(build_plan(venue, first_day, title_ar="سوق الساعة"), venue.province, by=by)
        markets.update_market(market, build_plan(venue, first_day, title_ar="سوق الساعة", stall_fee=2500), by=by)
        db.session.commit()
        market_id = market.id

    page = phone_page
    page.goto(live_server + "/login")
    page.get_by_label("رقم الجوّال").fill(admin.phone)
    page.get_by_label("كلمة المرور").fill(PASSWORD)
    page.get_by_role("button", name="تسجيل الدخول").click()
    page.wait_for_url("**/admin/users")
    page.goto(live_server + "/admin/audit")
    page.get_by_label("الإجراء").select_option(label="تعديل سوق")
    page.get_by_label("المحافظة").select_option(label="حمص")
    page.get_by_role("button", name="تصفية").click()

    row = page.locator("tbody tr").first
    assert row.locator(".cell-action").inner_text() == "تعديل سوق"
    assert row.get_by_role("link", name="سوق الساعة").get_attribute("href") == f"/manage/markets/{market_id}"
    assert "منظِّم حمص" in row.inner_text() and "2500" in row.locator("ins").all_inner_texts()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing wider than the phone
    screenshot(page, "audit-ar")

    page.goto(page.url + "&lang=en")
    assert page.locator("tbody tr .cell-action").first.inner_text() == "Market changed"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "audit-en")
