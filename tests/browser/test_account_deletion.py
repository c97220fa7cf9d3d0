"""A family on a 360 px phone answers the optional statistics questions of its profile
(a year in Arabic-Indic digits), then deletes its account with its password, and can no
longer log in. Every page checked by axe-core, in Arabic and in English."""
import pytest

from festival.extensions import db
from festival.vendors.models import Family
from tests.browser.pages import PHONE_VIEWPORT, log_in, no_sideways_scroll
from tests.browser.test_accessibility import AXE, _violations
from tests.factories import PASSWORD, ready_family

FAMILY = "أسرة أم سامر للمونة"


@pytest.fixture
def family_page(browser):
    # bypass_csp: axe-core is injected from the test, as tests/browser/test_accessibility.py does.
    context = browser.new_context(viewport=PHONE_VIEWPORT, locale="ar-SY", device_scale_factor=1, bypass_csp=True)
    yield context.new_page()
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


def _family(app) -> tuple[int, str]:
    with app.app_context():
        family = ready_family(FAMILY)
        db.session.commit()
        return family.id, family.user.phone


def test_a_family_answers_the_statistics_then_deletes_its_account(app, live_server, family_page, check_screen):
    family_id, phone = _family(app)
    page = family_page
    log_in(page, live_server, phone)

    page.goto(f"{live_server}/family/profile")
    page.get_by_label("سنة ميلاد ربّ أو ربّة الأسرة").fill("١٩٨٠")
    page.get_by_label("نعم، نحن نازحون داخل سوريا").check()
    page.locator("#statistics").get_by_label("لا", exact=True).check()
    page.locator("#statistics").scroll_into_view_if_needed()
    check_screen(page, "profile-statistics-ar")
    page.get_by_role("button", name="حفظ ملف الأسرة").click()
    page.wait_for_url("**/family/profile")
    with app.app_context():
        family = db.session.get(Family, family_id)
        assert (family.head_birth_year, family.displacement, family.disability_in_family) == (1980, "displaced", False)

    page.goto(f"{live_server}/family/profile?lang=en")
    check_screen(page, "profile-statistics-en")
    page.get_by_role("link", name="Delete our family's account").click()
    page.wait_for_url("**/family/delete-account")
    check_screen(page, "delete-en")
    page.goto(f"{live_server}/family/delete-account?lang=ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    check_screen(page, "delete-ar")

    page.get_by_label("كلمة المرور").fill(PASSWORD)
    page.get_by_label("أفهم أن هذا لا يمكن التراجع عنه.").check()
    page.get_by_role("button", name="حذف الحساب").click()
    page.wait_for_url(f"{live_server}/")
    assert "حُذف حساب أسرتك" in page.content()
    check_screen(page, "deleted-ar")

    log_in(page, live_server, phone)
    assert "/login" in page.url
    check_screen(page, "login-refused-ar")
    with app.app_context():
        family = db.session.get(Family, family_id)
        assert family.erased_at is not None and family.stored_name == "" and not family.user.enabled


def test_the_partners_dashboard_reads_on_a_phone(app, live_server, family_page, check_screen):
    from tests.factories import add_report, held_event, make_partner

    with app.app_context():
        for number in range(6):
            family = ready_family(f"أسرة {number}")
            family.head_sex, family.head_birth_year = "female", 1975 + number
            family.displacement = "displaced" if number < 5 else None
        _occurrence, _organizer, assignments = held_event(families=5)
        for assignment in assignments:
            add_report(db.session.merge(assignment), 120_000)
        partner = make_partner(province_slugs=("damascus",))
        db.session.commit()
        phone = partner.phone
    page = family_page
    log_in(page, live_server, phone)

    page.goto(f"{live_server}/partner")
    assert page.locator('[data-indicator="families"]').inner_text() == "11"
    check_screen(page, "partner-dashboard-ar")
    page.goto(f"{live_server}/partner?lang=en")
    check_screen(page, "partner-dashboard-en")
