"""Consent on 360 px phones, in Arabic then English: a family logs in with its phone and lets
the programme share its contact and production data with financing banks (/family/sharing);
a bank of its province downloads its CSV and finds the family with the fields of its policy;
the family withdraws; the bank's next download no longer holds it; the family reads, on the
same page, which export took its data (the bank, when, which fields) and that the later one
did not. Every screen fits the phone and has no axe-core violation."""
import csv
import io

import pytest

from festival.extensions import db
from tests.browser.pages import PHONE_VIEWPORT, log_in, no_sideways_scroll
from tests.browser.test_accessibility import AXE, _violations
from tests.factories import make_partner, ready_family

FAMILY = "أسرة أم وسيم للمونة"
OTHER = "أسرة الغوطة للألبان"
BANK = "مصرف التسليف الشعبي"
POLICY = ("name", "head_name", "phone", "products")


@pytest.fixture
def new_phone(browser):
    """A fresh 360 px phone (its own cookies) per person of the journey."""
    contexts = []

    def open_phone(locale="ar-SY"):
        # bypass_csp: axe-core is injected from the test, as tests/browser/test_accessibility.py does.
        context = browser.new_context(viewport=PHONE_VIEWPORT, locale=locale, device_scale_factor=1,
                                      bypass_csp=True, accept_downloads=True)
        contexts.append(context)
        return context.new_page()

    yield open_phone
    for context in contexts:
        context.close()


@pytest.fixture
def check_screen(screenshot):
    assert AXE.exists(), f"{AXE} is missing: run `make install-test` (it installs axe-core from npm)"
    axe_source = AXE.read_text()

    def check(page, name):
        assert no_sideways_scroll(page), f"{name}: the page scrolls sideways at 360 px"
        assert _violations(page, axe_source) == [], name
        screenshot(page, name)

    return check


def _download_csv(page, button_name) -> list[list[str]]:
    with page.expect_download() as download_info:
        page.locator("form[action$='/partner/export/csv']").get_by_role("button", name=button_name).click()
    text = open(download_info.value.path(), encoding="utf-8-sig").read()
    return list(csv.reader(io.StringIO(text)))


def test_a_family_shares_with_a_bank_then_withdraws_and_the_next_export_leaves_it_out(
        app, live_server, new_phone, check_screen):
    with app.app_context():
        family = ready_family(FAMILY)  # lets its public profile be shown, nothing more
        family.products = "مكدوس، مربى التين"
        ready_family(OTHER)
        db.session.commit()
        family_phone, family_mobile = family.user.phone, "0" + family.user.phone.removeprefix("+963")
        bank = make_partner(BANK, kind="bank", purpose="banks", province_slugs=("damascus",), fields=POLICY)
        bank_phone = bank.phone

    # 1. The family, logged in with its phone, ticks "share with financing banks".
    home = new_phone()
    log_in(home, live_server, family_mobile)
    home.goto(f"{live_server}/family/sharing")
    assert home.locator("html").get_attribute("dir") == "rtl"
    banks = home.locator("input[type=checkbox][value=banks]")
    assert not banks.is_checked()
    assert home.locator("input[type=checkbox][value=public_profile]").is_checked()
    check_screen(home, "family-sharing-before")
    banks.check()
    home.get_by_role("button", name="احفظ خياراتي").click()
    home.wait_for_url("**/family/sharing")
    assert home.locator("input[type=checkbox][value=banks]").is_checked()
    assert "لم يتلقَّ أي شريك" in home.locator("main").inner_text()  # no export yet
    check_screen(home, "family-sharing-granted")

    # 2. The bank downloads its families: the family is there, with the policy's fields only.
    desk = new_phone()
    log_in(desk, live_server, bank_phone)
    desk.goto(f"{live_server}/partner")
    check_screen(desk, "partner-home")
    rows = _download_csv(desk, "تنزيل (CSV)")
    assert rows[0] == ["الأسرة", "اسم ربّ أو ربّة الأسرة", "رقم الجوّال", "المنتجات"]
    assert rows[1:] == [[FAMILY, "أم محمد", rows[1][2], "مكدوس، مربى التين"]]
    assert rows[1][2].replace(" ", "").endswith(family_phone[-6:])
    assert OTHER not in str(rows)  # it never agreed

    # 3. The family sees who received its data, then withdraws.
    home.reload()
    received = home.locator("section", has=home.get_by_role("heading", name="من تلقّى بياناتكم"))
    assert BANK in received.inner_text() and "رقم الجوّال" in received.inner_text()
    assert received.locator("li").count() == 1
    home.locator("input[type=checkbox][value=banks]").uncheck()
    home.get_by_role("button", name="احفظ خياراتي").click()
    home.wait_for_url("**/family/sharing")
    assert not home.locator("input[type=checkbox][value=banks]").is_checked()

    # 4. The bank's next download no longer holds the family.
    desk.reload()
    assert _download_csv(desk, "تنزيل (CSV)")[1:] == []

    # 5. The family's page: one export took its data (the first), the later one did not;
    #    its earlier choices show the consent and the withdrawal, with the words it read.
    home.reload()
    received = home.locator("section", has=home.get_by_role("heading", name="من تلقّى بياناتكم"))
    assert received.locator("li").count() == 1
    history = home.locator("section", has=home.get_by_role("heading", name="خياراتكم السابقة")).inner_text()
    assert history.count("مصارف التمويل") >= 2
    check_screen(home, "family-sharing-withdrawn")

    # 6. The same pages in English.
    home.get_by_role("link", name="English").click()
    home.wait_for_load_state()
    assert home.locator("html").get_attribute("dir") == "ltr"
    assert "Who received your data" in home.locator("main").inner_text()
    check_screen(home, "family-sharing-en")
    desk.get_by_role("link", name="English").click()
    desk.wait_for_load_state()
    assert "Download (CSV)" in desk.locator("main").inner_text()
    check_screen(desk, "partner-home-en")
