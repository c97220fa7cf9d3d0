"""Families on their phones through a real Kannel: a family registers with a code sent by SMS,
forgets its password and resets it by code; an organizer approves it and the SMS reaches the
operator; an announcement goes out and its delivery report comes back."""
import re

from festival.applications import operations as applications
from festival.auth.models import User
from festival.extensions import db
from festival.markets.models import Occurrence
from festival.provinces.models import Area
from tests.browser.pages import log_in, no_sideways_scroll
from tests.factories import craft, make_organizer, open_market
from tests.factories.markets import NOW
from tests.factories.placements import request_for
from tests.jobs.conftest import wait_for
from tests.sms.conftest import start_kannel  # noqa: F401 - a real Kannel for this test

NUMBER = "963955111222"


def complete_profile(family) -> None:
    family.head_name = "أم سليم"
    family.products = "صابون الغار"
    family.crafts = [craft("food")]
    family.area = db.session.scalar(db.select(Area).where(Area.province_id == family.province_id)) or Area(
        province_id=family.province_id, name_ar="المزة")


def code_from(kannel, after: int) -> str:
    messages = wait_for(lambda: [m for m in kannel.received[after:] if m.to == NUMBER and re.search(r"\d{6}", m.text)])
    return re.search(r"(\d{6})", messages[-1].text).group(1)


def test_a_family_signs_up_resets_and_hears_from_its_organizer_by_sms(
        app, browser, live_server, phone_page, screenshot, start_kannel):  # noqa: F811
    with app.app_context():
        market = open_market()
        occurrence_id = market.occurrences[0].id
        organizer_phone = make_organizer("damascus").phone
    page = phone_page
    with start_kannel() as kannel:
        page.goto(live_server + "/register")
        page.get_by_label("اسم الأسرة").fill("أسرة أم سليم للصابون")
        page.get_by_label("رقم الجوّال").fill("٠٩٥٥ ١١١ ٢٢٢")
        page.get_by_label("المحافظة").select_option(label="دمشق")
        page.get_by_label("كلمة المرور", exact=True).fill("ghar-soap-2026")
        page.get_by_label("أعد كتابة كلمة المرور").fill("ghar-soap-2026")
        page.get_by_role("button", name="إنشاء الحساب").click()
        page.wait_for_url("**/register/code")
        assert no_sideways_scroll(page)
        screenshot(page, "code-ar")
        page.get_by_label("الرمز الوارد في الرسالة القصيرة").fill(code_from(kannel, 0))
        page.get_by_role("button", name="تأكيد").click()
        page.wait_for_url("**/family")

        page.get_by_role("button", name="تسجيل الخروج").click()
        page.goto(live_server + "/login")
        page.get_by_role("link", name="نسيتم كلمة المرور؟").click()
        page.get_by_label("رقم الجوّال").fill("0955111222")
        page.get_by_role("button", name="أرسلوا إليّ رمزاً").click()
        page.wait_for_url("**/password/forgot/code")
        seen = len(kannel.received)
        page.get_by_label("الرمز الوارد في الرسالة القصيرة").fill(code_from(kannel, seen - 1))
        page.get_by_label("كلمة المرور", exact=True).fill("new-ghar-soap-2026")
        page.get_by_label("أعد كتابة كلمة المرور").fill("new-ghar-soap-2026")
        screenshot(page, "reset-ar")
        page.get_by_role("button", name="حفظ كلمة المرور الجديدة").click()
        page.wait_for_url("**/family")

        with app.app_context():
            family = db.session.scalar(db.select(User).where(User.phone == "+" + NUMBER)).family
            complete_profile(family)  # the profile form has its own journey (test_family_profile.py)
            application = applications.apply(family, [db.session.get(Occurrence, occurrence_id)],
                                             request_for("food"), now=NOW)[0]
            db.session.commit()
            application_id = application.id

        organizer = browser.new_context(viewport={"width": 360, "height": 740}, locale="ar-SY").new_page()
        log_in(organizer, live_server, organizer_phone)
        organizer.wait_for_url("**/manage")
        organizer.goto(f"{live_server}/manage/applications/{application_id}")
        organizer.get_by_label("القرار").select_option("approved")
        organizer.get_by_role("button", name="حفظ القرار").click()
        wait_for(lambda: [m for m in kannel.received if m.to == NUMBER and "تمت الموافقة على طلبك" in m.text])

        organizer.goto(f"{live_server}/manage/occurrences/{occurrence_id}/contact?audience=approved")
        organizer.get_by_label("الرسالة").fill("أحضروا طاولة صغيرة معكم")
        organizer.get_by_role("button", name="معاينة").click()
        assert "ستصل إلى أسرة واحدة" in organizer.locator("main").inner_text()
        screenshot(organizer, "announcement-preview-ar")
        organizer.get_by_role("button", name="إرسال", exact=True).click()
        organizer.wait_for_url("**/messages")
        wait_for(lambda: [m for m in kannel.received if m.to == NUMBER and "أحضروا طاولة صغيرة معكم" in m.text])

        def delivered_shown():  # the newest card is the announcement; its SMS line says "delivered"
            organizer.reload()
            return "وصلت" in organizer.locator("li.card").first.inner_text()

        wait_for(delivered_shown, timeout=20)
        assert no_sideways_scroll(organizer)
        screenshot(organizer, "delivery-report-ar")
        organizer.context.close()
