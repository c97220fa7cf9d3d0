"""The art of selling, on 360 px phones in Arabic: an organizer plans a course, a family enrols,
the trainer scans its training pass at two sessions, the family downloads its certificate, a
visitor checks it, and a market that asks for the course takes the family and refuses another.

The QR code of the pass is read back from a screenshot by a real decoder, as tests/browser/test_badge.py does.
"""
import io
import re
import shutil
import subprocess
from datetime import datetime, time, timedelta
from urllib.parse import urlsplit

import pytest
import zxingcpp
from PIL import Image

from festival.core.timezones import DAMASCUS
from festival.extensions import db
from festival.markets.models import Market
from festival.training.certificates import certificate_token
from festival.training.models import Certificate, Course, Enrolment
from festival.training.passes import pass_url
from tests.browser.pages import PHONE_VIEWPORT, log_in, no_sideways_scroll
from tests.browser.test_accessibility import AXE, _violations
from tests.factories import open_market, ready_family

TRAINER = "المدربة سلمى"
TRAINED = "أسرة أم سامر للمونة"
UNTRAINED = "أسرة الميدان للحلويات"
COURSE, GROUP, ROOM = "فن البيع", "مجموعة كانون", "قاعة غرفة تجارة دمشق"


@pytest.fixture
def new_phone(browser):
    """A fresh 360 px phone (its own browser context: its own cookies) per person of the journey."""
    contexts = []

    def open_phone():
        # bypass_csp: axe-core is injected from the test, as tests/browser/test_accessibility.py does.
        context = browser.new_context(viewport=PHONE_VIEWPORT, locale="ar-SY", device_scale_factor=1, bypass_csp=True)
        contexts.append(context)
        return context.new_page()

    yield open_phone
    for context in contexts:
        context.close()


@pytest.fixture
def check_screen(screenshot):
    """Fits the phone, 0 critical or serious axe-core violation, and a screenshot in test-artifacts/."""
    assert AXE.exists(), f"{AXE} is missing: run `make install-test` (it installs axe-core from npm)"
    axe_source = AXE.read_text()

    def check(page, name):
        assert no_sideways_scroll(page), f"{name}: the page scrolls sideways at 360 px"
        assert _violations(page, axe_source) == [], name
        screenshot(page, name)

    return check


def main_text(page) -> str:
    return page.locator("main").inner_text()


def session_times(now: datetime) -> list[tuple[str, str, str]]:
    """(day, starts, ends) of two sessions attendance can be recorded for `now` (Damascus time):
    one yesterday, one today that has begun, both within one day.

    Recording is open from an hour before a session until a day after its end, so yesterday's
    session must end later in the day than the clock shows now (10:00-12:00 on a morning run).
    """
    yesterday_ends = time(23, 59) if now.hour >= 22 else time(max(12, now.hour + 2))
    yesterday_starts = time(yesterday_ends.hour - 2, yesterday_ends.minute)
    today_starts = min(now.hour, 21)  # it has begun, and its 2 hours end before midnight
    return [
        ((now - timedelta(days=1)).date().isoformat(), yesterday_starts.strftime("%H:%M"),
         yesterday_ends.strftime("%H:%M")),
        (now.date().isoformat(), f"{today_starts:02d}:00", f"{today_starts + 2:02d}:00"),
    ]


def qr_codes_on_screen(page) -> list[str]:
    image = Image.open(io.BytesIO(page.locator(".badge-qr svg").screenshot()))
    return [result.text for result in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


# -- the organizer's steps ------------------------------------------------------------------


def add_course_and_group(page) -> str:
    """From the training list to a new group's page; its URL."""
    page.get_by_role("navigation", name="القائمة الرئيسية").get_by_role("link", name="التدريب").click()
    page.wait_for_url("**/manage/training")
    page.get_by_role("link", name="إضافة دورة").click()
    page.wait_for_url("**/manage/training/new")
    page.get_by_label("المحافظة").select_option(label="دمشق")
    page.get_by_label("العنوان بالعربية").fill(COURSE)
    page.get_by_label("المواضيع").fill("التسعير\nعرض المنتجات\nالحديث مع الزبائن")
    # Typed as on a Syrian phone keyboard: Arabic-Indic digits.
    page.get_by_label("عدد الجلسات", exact=True).fill("٢")
    page.get_by_label("الجلسات التي يجب أن تحضرها الأسرة لإتمام الدورة").fill("٢")
    page.get_by_label("عدد ساعات الجلسة").fill("٣")
    page.get_by_role("button", name="أضف الدورة").click()
    page.wait_for_url(re.compile(r"/manage/training/\d+$"))
    summary = main_text(page)
    assert "أُضيفت الدورة" in summary and "الإتمام: 2 على الأقل من جلستين" in summary and "3 ساعات للجلسة" in summary

    page.get_by_label("اسم المجموعة").fill(GROUP)
    page.get_by_label("عدد المقاعد").fill("٢٠")
    page.get_by_role("button", name="أضف المجموعة").click()
    page.wait_for_url("**/manage/training/cohorts/*")
    assert "أُضيفت المجموعة" in main_text(page) and page.get_by_role("heading", name=GROUP).is_visible()
    return page.url


def add_session(page, day: str, starts: str, ends: str) -> None:
    form = page.locator("form", has=page.get_by_role("button", name="أضف الجلسة"))
    form.get_by_label("الموعد").fill(day)  # a date input takes ISO dates whatever the language
    form.get_by_label("تبدأ الساعة (بتوقيت دمشق)").fill(starts)
    form.get_by_label("تنتهي الساعة (بتوقيت دمشق)").fill(ends)
    form.get_by_label("القاعة أو المكان").fill(ROOM)
    # The trainer is the organizer by default: the one planning is usually the one teaching.
    assert form.get_by_label("المدرّب").locator("option:checked").inner_text() == TRAINER
    form.get_by_role("button", name="أضف الجلسة").click()
    page.wait_for_url("**/manage/training/cohorts/*")
    assert "أُضيفت الجلسة." in main_text(page), main_text(page)


def require_course_for(page, live_server, market_id: int) -> None:
    page.goto(f"{live_server}/manage/markets/{market_id}/edit")
    page.get_by_label("دورة مطلوبة لتقديم الطلب (اختياري)").select_option(label=COURSE)
    page.get_by_role("button", name="حفظ", exact=True).click()
    page.wait_for_url(f"**/manage/markets/{market_id}")
    assert "تم الحفظ." in main_text(page), main_text(page)


# -- the families' steps --------------------------------------------------------------------


def enrol(page) -> None:
    page.get_by_role("navigation", name="القائمة الرئيسية").get_by_role("link", name="التدريب").click()
    page.wait_for_url("**/family/training")
    offer = page.locator("li.card", has_text=GROUP)
    assert COURSE in offer.inner_text() and "بقي 20 مقعداً" in offer.inner_text()
    offer.get_by_role("button", name="التسجيل في الدورة").click()
    page.wait_for_url("**/family/training")
    assert "سُجّلتم في الدورة" in main_text(page) and page.get_by_role("heading", name="دوراتي").is_visible()
    assert COURSE in page.locator("li[id^=enrolment-]").inner_text()  # the group is now one of its courses
    assert page.locator("li.card", has_text=GROUP).get_by_role("button", name="التسجيل في الدورة").count() == 0


def apply_for(page, live_server, market_id: int) -> None:
    page.goto(f"{live_server}/family/markets/{market_id}/apply")
    dates = page.get_by_role("group", name="المواعيد").get_by_role("checkbox")
    assert dates.count() == 1 and dates.first.is_checked()  # one Friday: already chosen
    page.get_by_label("أوافق على شروط هذا السوق").check()
    page.get_by_role("button", name="إرسال الطلب").click()
    page.wait_for_load_state()


# -- the journey ----------------------------------------------------------------------------


def test_a_family_is_trained_certified_and_admitted_to_a_market_that_asks_for_the_course(
        app, make, live_server, new_phone, check_screen):
    organizer = make.organizer("damascus", name=TRAINER)
    with app.app_context():
        trained, untrained = ready_family(name=TRAINED), ready_family(name=UNTRAINED, crafts=("sweets",))
        trained_phone, untrained_phone = trained.user.phone, untrained.user.phone
        trained_digits = trained_phone[-9:]  # +963 955 000 001 or 0955 000 001 once spaces are taken out

    # 1. The organizer plans the course and one group, with no session yet: families may still enrol.
    desk = new_phone()
    log_in(desk, live_server, organizer.phone)
    desk.wait_for_url("**/manage")
    group_url = add_course_and_group(desk)

    # 2. The family enrols and opens its training pass.
    family = new_phone()
    log_in(family, live_server, trained_phone)
    family.wait_for_url("**/family")
    enrol(family)
    family.get_by_role("link", name="بطاقة التدريب").click()
    family.wait_for_url("**/family/training/enrolments/*/pass")
    assert TRAINED in main_text(family) and GROUP in main_text(family)
    enrolment_id = int(family.url.split("/")[-2])
    with app.app_context():
        expected_url = pass_url(db.session.get(Enrolment, enrolment_id))
    assert qr_codes_on_screen(family) == [expected_url]
    check_screen(family, "pass-ar")

    # 3. Now that the family is enrolled, the sessions: one held yesterday, one that began today.
    desk.goto(group_url)
    for day, starts, ends in session_times(datetime.now(DAMASCUS)):
        add_session(desk, day, starts, ends)
    assert desk.get_by_role("button", name="أضف الجلسة").count() == 0  # both planned sessions are there
    assert desk.locator(".session-list > li").count() == 2 and TRAINED in main_text(desk)

    # The trainer's phone camera opens the pass's URL; the trainer records the family at both sessions.
    desk.goto(live_server + urlsplit(expected_url).path)
    assert desk.get_by_role("heading", name=TRAINED).is_visible() and COURSE in main_text(desk)
    record = desk.get_by_role("button", name="تسجيل الحضور")
    assert record.count() == 2 and desk.locator(".session-list > li").count() == 2  # both can be recorded now
    for remaining in (1, 0):
        record.first.click()
        desk.wait_for_load_state()
        assert desk.get_by_role("status").filter(has_text="سُجّل الحضور").is_visible()
        assert record.count() == remaining
    assert main_text(desk).count("حاضرة") == 2
    check_screen(desk, "scan-ar")
    with app.app_context():
        certificate = db.session.scalar(db.select(Certificate))
        assert certificate is not None, "2 of 2 sessions attended, yet no certificate"
        assert (certificate.sessions_attended, certificate.hours) == (2, 6)  # 3 hours a session
        verify_path = "/C/" + certificate_token(certificate)
        course_id = db.session.scalar(db.select(Course.id))

    desk.goto(group_url)
    row = desk.get_by_role("row", name=TRAINED)
    assert row.get_by_text("نعم").is_visible()  # the certificate column
    check_screen(desk, "group-ar")  # the families' table scrolls on its own (.table-wrap), not the page

    # 4. The family finds its certificate on its training page and downloads it.
    family.goto(live_server + "/family/training")
    assert main_text(family).count("حاضرة") == 2
    with family.expect_download() as download:
        family.get_by_role("link", name="تنزيل شهادتي (PDF)").click()
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(download.value.path()), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert TRAINED in " ".join(text.split()) and COURSE in " ".join(text.split())
    check_screen(family, "training-ar")

    # 5. Anyone (a market, an employer) checks the certificate from its QR code, without an account.
    visitor = new_phone()
    visitor.goto(live_server + verify_path)
    shown = main_text(visitor)
    assert "شهادة صحيحة" in shown and TRAINED in shown and COURSE in shown and TRAINER in shown
    assert "6 ساعات تدريب" in shown
    assert trained_digits not in re.sub(r"\s", "", visitor.content()), "the verification page shows the phone"
    check_screen(visitor, "verify-ar")

    # 6. A market for trained families: the organizer asks for the course in the market's form.
    with app.app_context():
        market_id = open_market(fridays=1).id
    require_course_for(desk, live_server, market_id)
    with app.app_context():
        assert db.session.get(Market, market_id).required_course_id == course_id

    apply_for(family, live_server, market_id)
    family.wait_for_url("**/family/applications/*")
    assert "أُرسل طلب مشاركتك" in main_text(family)

    other = new_phone()
    log_in(other, live_server, untrained_phone)
    other.wait_for_url("**/family")
    # The family without the certificate is told before it fills anything in, and shown the way to the course.
    other.goto(f"{live_server}/family/markets/{market_id}/apply")
    assert f"هذا السوق للأسر التي أتمّت دورة {COURSE}." in main_text(other)
    assert other.get_by_role("button", name="إرسال الطلب").count() == 0
    check_screen(other, "market-refused-ar")
    other.get_by_role("link", name="عرض الدورة ومجموعاتها").click()
    assert other.get_by_role("heading", name=COURSE).is_visible()
