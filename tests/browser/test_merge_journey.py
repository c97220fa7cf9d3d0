"""One family registered twice, in Damascus and in Aleppo (its Aleppo record gives the
Damascus phone as its second number). `flask duplicates scan` finds the pair; an admin on a
360 px phone, in Arabic, opens /admin/duplicates, compares the two records side by side,
chooses the one to keep, confirms, and the pair leaves the queue. The kept record then holds
the other's application and sales report (the register counts both markets; the family's own
page lists both), the merged record is nowhere in the register, and the merge is in
/admin/audit, in Arabic and English. Every screen fits the phone and has no axe-core violation."""
import pytest

from festival.extensions import db
from festival.markets.models import Market
from festival.vendors.models import Family
from tests.browser.pages import PHONE_VIEWPORT, log_in, no_sideways_scroll
from tests.browser.test_accessibility import AXE, _violations
from tests.factories import add_report, held_event, make_admin

KEPT = "أسرة أم خالد الحموي"
MERGED = "أسرة ام خالد الحموي"  # typed again in Aleppo, without the hamza
DAMASCUS_MARKET, ALEPPO_MARKET = "سوق الجمعة في المزة", "مهرجان قلعة حلب"


@pytest.fixture
def new_phone(browser):
    contexts = []

    def open_phone(locale="ar-SY"):
        # bypass_csp: axe-core is injected from the test, as tests/browser/test_accessibility.py does.
        context = browser.new_context(viewport=PHONE_VIEWPORT, locale=locale, device_scale_factor=1, bypass_csp=True)
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


def _family_at_a_held_market(province_slug, name, title, sales) -> Family:
    _occurrence, _organizer, [assignment] = held_event(1, province_slug=province_slug, crafts=("food",))
    db.session.get(Market, _occurrence.market_id).title_ar = title
    family = db.session.get(Family, assignment.family_id)
    family.name = name
    add_report(assignment, sales, lines=[("food", sales, 3)])
    return family


def test_an_admin_merges_two_records_of_one_family_found_in_two_provinces(app, live_server, new_phone,
                                                                          check_screen):
    with app.app_context():
        kept = _family_at_a_held_market("damascus", KEPT, DAMASCUS_MARKET, 40_000)
        merged = _family_at_a_held_market("aleppo", MERGED, ALEPPO_MARKET, 25_000)
        merged.second_phone = kept.user.phone
        admin = make_admin(name="مدير النظام")
        db.session.commit()
        kept_id, merged_id, kept_phone, admin_phone = kept.id, merged.id, kept.user.phone, admin.phone

    # 1. The nightly scan (the CLI) finds the pair by the same phone.
    result = app.test_cli_runner().invoke(args=["duplicates", "scan"])
    assert result.exit_code == 0 and "1 new" in result.output, result.output

    # 2. The admin compares the two records side by side.
    page = new_phone()
    log_in(page, live_server, admin_phone)
    page.goto(f"{live_server}/admin/duplicates")
    assert page.locator("html").get_attribute("dir") == "rtl"
    pair = page.locator("section.card", has_text=MERGED)
    assert KEPT in pair.inner_text() and "حلب" in pair.inner_text() and "دمشق" in pair.inner_text()
    assert kept_phone[-9:] not in pair.inner_text()  # masked: only the last digits
    check_screen(page, "queue-ar")

    # 3. It keeps the Damascus record and confirms.
    pair.locator(f"a[href$='/keep/{kept_id}']").click()
    page.wait_for_url(f"**/keep/{kept_id}")
    check_screen(page, "confirm-ar")
    page.get_by_role("button", name=f"نعم، ادمج في {KEPT}").click()
    page.wait_for_url("**/admin/duplicates")
    assert "لا أسر مكرّرة محتملة للمراجعة." in page.locator("main").inner_text()
    check_screen(page, "queue-after-ar")

    # 4. The register: the kept family holds both markets and both reports; the merged record is gone.
    page.goto(f"{live_server}/admin/sales/register?q=خالد")
    table = page.locator("main table").inner_text()
    assert KEPT in table and MERGED not in table
    row = page.locator("main table tbody tr", has_text=KEPT).inner_text()
    assert "65,000" in row or "65000" in row.replace(",", "").replace("٬", "")
    check_screen(page, "register-ar")

    # 5. The family, logging in with its Damascus phone, sees its Aleppo history too.
    family = new_phone()
    log_in(family, live_server, "0" + kept_phone.removeprefix("+963"))
    family.goto(f"{live_server}/family/applications")
    mine = family.locator("main").inner_text()
    assert DAMASCUS_MARKET in mine and ALEPPO_MARKET in mine
    family.goto(f"{live_server}/family/sales")
    sales = family.locator("main").inner_text()
    assert DAMASCUS_MARKET in sales and ALEPPO_MARKET in sales
    check_screen(family, "family-sales-ar")

    # 6. The audit log has the merge, in words.
    page.goto(f"{live_server}/admin/audit")
    entry = page.locator("tbody tr", has_text="دُمجت أسرتان مكرّرتان").first
    assert KEPT in entry.inner_text()
    check_screen(page, "audit-ar")
    page.goto(f"{live_server}/admin/audit?lang=en")
    assert "Duplicate families merged" in page.locator("tbody tr").first.inner_text()
    check_screen(page, "audit-en")
    page.goto(f"{live_server}/admin/duplicates")
    assert "No possible duplicates to review." in page.locator("main").inner_text()
    check_screen(page, "queue-after-en")

    with app.app_context():
        assert db.session.get(Family, merged_id).merged_into_id == kept_id
