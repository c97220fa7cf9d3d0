"""A visitor on a 360 px phone, in Arabic, types "صابون" on the home page, finds a family that
makes soap, follows its link to the market's event page and finds the family there, under its
stall. No JavaScript is needed: the search box is a plain GET form."""
import pytest

from festival.extensions import db
from festival.vendors.models import Family
from tests.browser.pages import PHONE_VIEWPORT, no_sideways_scroll
from tests.browser.test_accessibility import AXE, _violations
from tests.factories import make_organizer, open_market, placed_family

SOAP_FAMILY = "أسرة أم خالد للصابون"
OTHER_FAMILY = "أسرة المونة الشامية"


@pytest.fixture
def visitor(browser):
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


def _market_with_a_soap_family(app) -> tuple[int, str]:
    with app.app_context():
        market = open_market(stalls=2, fridays=1, crafts=("soap", "food"))
        market.title_ar = "سوق الجمعة في حديقة تشرين"
        organizer = make_organizer("damascus")
        soap = placed_family(market.occurrences[0], market.offered_stalls[0], organizer, SOAP_FAMILY,
                             crafts=("soap",))
        db.session.get(Family, soap.family_id).products = "الصابون الحلبي بزيت الغار، صابون الزيتون"
        placed_family(market.occurrences[0], market.offered_stalls[1], organizer, OTHER_FAMILY)
        db.session.commit()
        return market.occurrences[0].id, soap.stall.code


def test_a_visitor_finds_soap_and_reaches_the_familys_market(app, live_server, visitor, check_screen):
    occurrence_id, stall_code = _market_with_a_soap_family(app)
    page = visitor

    page.goto(f"{live_server}/")
    box = page.get_by_role("search").get_by_role("searchbox")
    box.fill("صابون")
    box.press("Enter")

    page.wait_for_url("**/search?q=*")
    results = page.locator(".search-results")
    assert SOAP_FAMILY in results.inner_text() and OTHER_FAMILY not in results.inner_text()
    assert page.locator("html").get_attribute("dir") == "rtl"
    check_screen(page, "results")

    page.locator(".search-results li.search-entry", has_text=SOAP_FAMILY).locator("a").first.click()

    page.wait_for_url(f"**/events/{occurrence_id}#stall-{stall_code}")
    entry = page.locator(f"#stall-{stall_code}")
    assert SOAP_FAMILY in entry.inner_text() and entry.is_visible()
    assert entry.evaluate("element => element.getBoundingClientRect().top < window.innerHeight")
    check_screen(page, "event")
