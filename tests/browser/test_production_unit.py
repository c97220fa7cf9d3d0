"""An organizer of Rif Dimashq, on a 360 px phone in Arabic, registers a shared kitchen with two
member families (found by name, no JavaScript needed) and a fridge the bank financed; the
representative family then applies to a market for the unit, and the other member family
sees that application on its own pages. Each screen passes axe; English screenshots too."""
import pytest

from festival.extensions import db
from tests.browser.pages import PHONE_VIEWPORT, log_in, no_sideways_scroll
from tests.browser.test_accessibility import AXE, _violations
from tests.factories import make_organizer, make_partner, open_market, ready_family

UNIT = "مطبخ مونة جرمانا المشترك"
FIRST, SECOND = "أسرة عبود للمونة", "أسرة الحلو للمكدوس"


@pytest.fixture
def new_page(browser):
    contexts = []

    def open_page():
        # bypass_csp: axe-core is injected from the test, as tests/browser/test_accessibility.py does.
        context = browser.new_context(viewport=PHONE_VIEWPORT, locale="ar-SY", device_scale_factor=1,
                                      bypass_csp=True)
        contexts.append(context)
        return context.new_page()

    yield open_page
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


def _setting(app) -> dict:
    with app.app_context():
        market = open_market(stalls=2, fridays=1, crafts=("food",), province_slug="rif-dimashq")
        first = ready_family(FIRST, province_slug="rif-dimashq")
        second = ready_family(SECOND, province_slug="rif-dimashq")
        organizer = make_organizer("rif-dimashq")
        make_partner("مصرف التسليف الشعبي", province_slugs=("rif-dimashq",))
        food = db.session.scalar(db.text("select id from craft_categories where slug = 'food'"))
        db.session.commit()
        return {"market_id": market.id, "occurrence_id": market.occurrences[0].id, "organizer": organizer.phone,
                "first": first.user.phone, "second": second.user.phone, "food": food,
                "partner_id": db.session.scalar(db.text("select id from partners"))}


def _in_english(page, check_screen, name):
    page.locator(".lang-switch").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    check_screen(page, name)
    page.locator(".lang-switch").click()
    page.wait_for_load_state()


def test_an_organizer_registers_a_unit_and_its_members_follow_its_application(app, live_server, new_page,
                                                                             check_screen):
    setting = _setting(app)
    page = new_page()
    log_in(page, live_server, setting["organizer"])

    page.goto(f"{live_server}/manage/units")
    page.get_by_role("link", name="تسجيل وحدة").click()
    page.locator("[name=name]").fill(UNIT)
    page.locator("[name=craft_id]").select_option(str(setting["food"]))
    check_screen(page, "register")
    page.get_by_role("button", name="تسجيل الوحدة").click()
    page.wait_for_url("**/manage/units/*")
    assert page.locator("html").get_attribute("dir") == "rtl"

    for name in (FIRST, SECOND):
        page.locator("[name=q]").fill(name.split()[1])
        page.get_by_role("button", name="بحث").click()
        page.get_by_role("button", name=f"إضافة إلى الوحدة {name}").click()
        page.wait_for_load_state()
    members = page.locator("#members").inner_text()
    assert FIRST in members and SECOND in members and "الممثِّل" in members

    page.locator("[name=equipment-description]").fill("براد صناعي بابين")
    page.locator("[name=equipment-quantity]").fill("١")
    page.locator("[name=equipment-received_on]").fill("2026-01-05")
    page.locator("[name=equipment-partner_id]").select_option(str(setting["partner_id"]))
    page.locator("[name=equipment-value_syp]").fill("٤٬٥٠٠٬٠٠٠")
    page.get_by_role("button", name="تسجيل المعدّات").click()
    page.wait_for_load_state()
    equipment = page.locator("#equipment").inner_text()
    assert "براد صناعي بابين" in equipment and "مصرف التسليف الشعبي" in equipment and "4,500,000" in equipment
    check_screen(page, "unit")
    _in_english(page, check_screen, "unit-en")

    page.goto(f"{live_server}/manage/units")
    assert UNIT in page.locator("table").inner_text()
    check_screen(page, "list")

    representative = new_page()
    log_in(representative, live_server, setting["first"])
    representative.goto(f"{live_server}/family/markets/{setting['market_id']}/apply")
    representative.get_by_label(f"الوحدة الإنتاجية {UNIT}", exact=False).check()
    representative.locator(f"[name=occurrences][value='{setting['occurrence_id']}']").check()
    representative.locator("[name=accept_terms]").check()
    check_screen(representative, "apply")
    representative.get_by_role("button", name="إرسال الطلب").click()
    representative.wait_for_url("**/family/applications/*")

    member = new_page()
    log_in(member, live_server, setting["second"])
    member.goto(f"{live_server}/family/applications")
    section = member.locator("#unit-applications").locator("..").inner_text()
    assert "قيد المراجعة" in section and FIRST in section
    check_screen(member, "member-applications")
    member.goto(f"{live_server}/family/unit")
    unit_page = member.locator("main").inner_text()
    assert UNIT in unit_page and "قيد المراجعة" in unit_page and "براد صناعي بابين" in unit_page
    check_screen(member, "member-unit")
    _in_english(member, check_screen, "member-unit-en")
