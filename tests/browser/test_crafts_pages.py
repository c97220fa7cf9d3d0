"""A visitor on a 360 px phone reads a craft's page (/crafts/aleppo-soap) in Arabic and
English: the heritage badge, the description, a photo, the provinces' table with a small
cell as "<5", and the coming market of a family of the craft. axe-core clean, no sideways
scroll, no personal data."""

from festival.crafts.photos import store_craft_photo
from festival.extensions import db
from tests.browser.test_search_journey import check_screen, visitor  # noqa: F401  (fixtures)
from tests.factories import make_organizer, open_market, photo_bytes, placed_family, upload_file
from tests.factories.crafts import craft_item, give_crafts


def _soap_family_at_a_coming_market(app) -> str:
    with app.app_context():
        market = open_market(stalls=1, fridays=1, crafts=("soap",))
        market.title_ar, market.title_en = "سوق الجمعة في حديقة تشرين", "Friday market in Tishreen Park"
        assignment = placed_family(market.occurrences[0], market.offered_stalls[0], make_organizer("damascus"),
                                   "أسرة أم خالد للصابون", crafts=("soap",))
        store_craft_photo(craft_item("aleppo-soap"), upload_file(photo_bytes(size=(900, 600), color=(190, 160, 90))))
        db.session.commit()
        give_crafts(assignment.family_id, "aleppo-soap")
        return assignment.family.user.phone


def test_a_craft_page_reads_well_on_a_phone_in_both_languages(app, live_server, visitor, check_screen):  # noqa: F811
    phone = _soap_family_at_a_coming_market(app)
    page = visitor

    for language, heritage, market_title in (("ar", "تراثية", "سوق الجمعة في حديقة تشرين"),
                                              ("en", "Heritage", "Friday market in Tishreen Park")):
        page.goto(f"{live_server}/crafts/aleppo-soap?lang={language}")
        text = page.locator("main").inner_text()
        assert heritage in text and market_title in text and "<5" in text
        assert phone[-6:] not in page.content() and "أسرة أم خالد" not in text
        page.locator(".photo-grid img").first.wait_for()
        check_screen(page, f"craft-{language}")
