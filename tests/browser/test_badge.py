"""A family opens its badge on a 360 px phone; an organizer prints the badges of a Friday.

The QR code on the phone's screen is read back from a screenshot by a real decoder.
"""
import io
import re
import shutil
import subprocess

import zxingcpp
from PIL import Image
from werkzeug.datastructures import FileStorage

from festival.badges.operations import badge_qr_url
from festival.demo.product_tiles import product_tile
from festival.extensions import db
from festival.vendors.photos import store_photo
from tests.browser.pages import log_in, no_sideways_scroll
from tests.factories import placed_families


def qr_codes_on_screen(page) -> list[str]:
    image = Image.open(io.BytesIO(page.locator(".badge-qr-image").first.screenshot()))
    return [result.text for result in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def test_a_family_opens_its_badge_on_a_phone(app, browser, live_server, phone_page, screenshot):
    with app.app_context():
        _market, _organizer, badges = placed_families(count=1)
        badge = db.session.merge(badges[0])
        store_photo(badge.family, FileStorage(io.BytesIO(product_tile("food", "badge")), "products.jpg",
                                              content_type="image/jpeg"))
        db.session.commit()
        phone, url, short_code = badge.family.user.phone, badge_qr_url(badge), badge.short_code
    page = phone_page

    log_in(page, live_server, phone)
    page.wait_for_url("**/family")
    page.get_by_role("link", name="بطاقة مشاركتي").click()
    page.wait_for_url("**/family/badges/*")

    main = page.locator("main").inner_text()
    assert f"{short_code[:4]} {short_code[4:]}" in main
    assert "A-01" in main and "أم محمد" in main
    assert page.locator(".badge-photo").evaluate("image => image.complete && image.naturalWidth > 0")
    assert no_sideways_scroll(page)
    assert qr_codes_on_screen(page) == [url]
    screenshot(page, "badge-ar")

    page.goto(page.url + "?lang=en")
    assert "Your badge" in page.locator("main").inner_text()
    assert no_sideways_scroll(page)
    assert qr_codes_on_screen(page) == [url]
    screenshot(page, "badge-en")


def test_an_organizer_prints_the_badges_of_a_friday(app, browser, live_server, screenshot, tmp_path):
    with app.app_context():
        market, organizer, badges = placed_families(count=9, stalls_count=10)
        occurrence_id, phone = market.occurrences[0].id, organizer.phone
    context = browser.new_context(viewport={"width": 1100, "height": 900}, locale="ar-SY")
    page = context.new_page()
    try:
        log_in(page, live_server, phone)
        page.wait_for_url("**/manage")
        page.goto(f"{live_server}/manage/occurrences/{occurrence_id}/stalls")
        page.get_by_role("link", name="طباعة بطاقات المشاركة").click()
        page.wait_for_url(f"**/manage/occurrences/{occurrence_id}/badges")
        assert page.locator(".badge-card").count() == 9
        screenshot(page, "sheet-screen")

        page.emulate_media(media="print")
        assert page.locator(".site-header").is_hidden() and page.locator(".actions").first.is_hidden()
        first = page.locator(".badge-card").first.bounding_box()
        assert round(first["width"] / 96 * 25.4) == 95 and round(first["height"] / 96 * 25.4) == 69  # mm
        # Right to left: the first badge of a row is on the right.
        second = page.locator(".badge-card").nth(1).bounding_box()
        assert second["x"] < first["x"]
        # The QR image is the code and its 4-module quiet zone: 45 + 8 modules for version 7
        # (`HTTPS://FESTIVAL.EXAMPLE.SY/B/…`), 41 + 8 for this test's `HTTP://LOCALHOST/B/…`.
        qr = page.locator(".badge-qr-image img").first
        modules = qr.evaluate("image => image.naturalWidth") / 8
        assert modules <= 53
        module_mm = qr.bounding_box()["width"] / 96 * 25.4 / modules
        assert module_mm >= 44 / 53 - 0.01  # 0.83 mm a module at version 7, 0.9 mm here
        assert qr.evaluate("image => image.getBoundingClientRect().bottom") <= first["y"] + first["height"]
        label = page.locator(".badge-code-label").first.bounding_box()
        assert label["y"] + label["height"] <= first["y"] + first["height"]  # the card still holds it all
        screenshot(page, "sheet-print")
        printed = tmp_path / "sheet.pdf"
        printed.write_bytes(page.pdf(prefer_css_page_size=True))
    finally:
        context.close()
    if shutil.which("pdfinfo"):  # 9 badges: 8 on the first A4 page, 1 on the second
        info = subprocess.run(["pdfinfo", str(printed)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"^Pages:\s+2$", info, re.M) and "pts (A4)" in info


BROKEN_WORDS = """element => {
  const text = element.firstChild, words = [];
  let at = 0;
  for (const word of text.textContent.split(" ")) {
    const range = document.createRange();
    range.setStart(text, at);
    range.setEnd(text, at + word.length);
    if (new Set([...range.getClientRects()].map(rect => Math.round(rect.top))).size > 1) words.push(word);
    at += word.length + 1;
  }
  return words;
}"""


def test_long_family_names_wrap_between_words_on_a_phone(app, browser, live_server, phone_page):
    names = ["أسرة الدمشقي للمونة البيتية والحلويات", "بيت الحلويات الشامية - آل الصبّاغ", "أسرة المحمصاني"]
    with app.app_context():
        market, organizer, badges = placed_families(count=3)
        for badge, name in zip(badges, names, strict=True):
            badge = db.session.merge(badge)
            badge.family.name = name
            store_photo(badge.family, FileStorage(io.BytesIO(product_tile("food", name)), "products.jpg",
                                                  content_type="image/jpeg"))
        db.session.commit()
        occurrence_id, phone = market.occurrences[0].id, organizer.phone
    page = phone_page

    log_in(page, live_server, phone)
    page.wait_for_url("**/manage")
    for lang in ("ar", "en"):
        page.goto(f"{live_server}/manage/occurrences/{occurrence_id}/badges?lang={lang}")
        shown = page.locator(".badge-family")
        assert sorted(shown.all_inner_texts()) == sorted(names)
        assert [shown.nth(n).evaluate(BROKEN_WORDS) for n in range(3)] == [[], [], []]
        assert no_sideways_scroll(page)
