"""A visitor on a 360 px phone reads the stall map and finds who sells where, without hovering."""
from festival.extensions import db
from tests.factories import placed_families

SMALLEST_TEXT = """svg => Math.min(...[...svg.querySelectorAll("text")].map(
  text => parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a))"""


def test_the_stall_map_is_readable_on_a_phone_and_a_tap_shows_the_family(app, browser, live_server, phone_page):
    with app.app_context():
        market, _organizer, badges = placed_families(count=2, stalls_count=8)
        occurrence_id = market.occurrences[0].id
        first = db.session.merge(badges[0])
        family, stall = first.family.name, first.stall_code
    page = phone_page

    for lang in ("ar", "en"):
        page.goto(f"{live_server}/events/{occurrence_id}?lang={lang}")
        svg = page.locator(".stall-map svg")
        assert svg.evaluate(SMALLEST_TEXT) >= 12  # CSS px at 360 px wide

        page.locator(f'.stall-map a:has(g[data-stall-code="{stall}"])').click()
        assert page.url.endswith(f"#stall-{stall}")
        entry = page.locator(f"#stall-{stall}")
        assert family in entry.inner_text() and entry.is_visible()
        assert entry.evaluate("element => element.getBoundingClientRect().top < window.innerHeight")

        page.locator(".stall-list summary").click()  # every stall's details, no hover needed
        rows = page.locator(".stall-list tbody tr")
        assert rows.count() == 8
        assert family in rows.filter(has_text=stall).inner_text()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
