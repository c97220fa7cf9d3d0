"""A new family registers in Arabic on a phone, logs in, sees its dashboard, switches to English."""
from festival.auth.models import User
from festival.extensions import db


def test_new_family_registers_on_a_phone_in_arabic_then_switches_to_english(app, live_server, phone_page, screenshot):
    page = phone_page
    page.goto(live_server + "/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    screenshot(page, "home-ar")

    page.get_by_role("link", name="سجّل أسرتك").first.click()
    page.get_by_label("اسم الأسرة").fill("أسرة أم خالد للمونة")
    page.get_by_label("رقم الجوّال").fill("٠٩٤٤ ١٢٣ ٤٥٦")  # typed on an Arabic keyboard
    page.get_by_label("المحافظة").select_option(label="حمص")
    page.get_by_label("كلمة المرور", exact=True).fill("family-pass-1")
    page.get_by_label("أعد كتابة كلمة المرور").fill("family-pass-1")
    screenshot(page, "register-ar")
    page.get_by_role("button", name="إنشاء الحساب").click()

    page.wait_for_url("**/family")
    assert page.get_by_role("heading", level=1).inner_text() == "أسرة أم خالد للمونة"
    assert "حساب أسرتك جاهز" in page.content()

    page.get_by_role("button", name="تسجيل الخروج").click()
    page.get_by_role("link", name="تسجيل الدخول").first.click()
    page.get_by_label("رقم الجوّال").fill("0944123456")
    page.get_by_label("كلمة المرور").fill("family-pass-1")
    page.get_by_role("button", name="تسجيل الدخول").click()

    page.wait_for_url("**/family")
    dashboard = page.locator("main")
    assert "حمص" in dashboard.inner_text()
    assert "0944 123 456" in dashboard.inner_text()
    no_sideways_scroll = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert no_sideways_scroll
    screenshot(page, "dashboard-ar")

    page.get_by_role("link", name="English").click()
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.get_by_role("heading", name="Your family's account").is_visible()
    assert "Homs" in page.locator("main").inner_text()
    screenshot(page, "dashboard-en")

    with app.app_context():
        assert db.session.scalar(db.select(User.phone)) == "+963944123456"
