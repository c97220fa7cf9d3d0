"""Steps every browser journey takes: logging in, checking the page fits the screen."""
from tests.factories import PASSWORD

PHONE_VIEWPORT = {"width": 360, "height": 740}


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def log_in(page, base_url, phone, password=PASSWORD):
    page.goto(base_url + "/login")
    page.get_by_label("رقم الجوّال").fill(phone)
    page.get_by_label("كلمة المرور").fill(password)
    page.get_by_role("button", name="تسجيل الدخول").click()
