"""Documents on 360 px phones in Arabic: a food family photographs and uploads its health
certificate, the organizer of its province opens the photo and verifies it, and in the review
queue a family whose certificate expires before a market day is flagged for that date.

The steps find fields and buttons by their names and the forms they belong to, and read the
flags by what they must name (the document type and the market day, both in Arabic whatever
the catalog holds), so the journey reads the same before and after a change of wording.
"""
from datetime import timedelta

import pytest
from flask_babel import force_locale, format_date

from festival.applications import operations as applications
from festival.core.timezones import today_in_damascus
from festival.documents.models import FamilyDocument
from festival.extensions import db
from tests.browser.pages import PHONE_VIEWPORT, log_in, no_sideways_scroll
from tests.browser.test_accessibility import AXE, _violations
from tests.factories import make_document, make_document_type, open_market, photo_bytes, ready_family, request_for

UPLOADER = "أسرة أم سامر للمونة"
EXPIRING = "أسرة الميدان للمكدوس"
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.fixture
def new_phone(browser):
    """A fresh 360 px phone (its own browser context: its own cookies) per person of the journey."""
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


def test_a_food_family_uploads_its_certificate_the_organizer_verifies_it_and_an_expiring_one_is_flagged(
        app, make, live_server, new_phone, check_screen, tmp_path):
    organizer = make.organizer("damascus", name="المنظِّمة ريم")
    with app.app_context():
        certificate = make_document_type()
        market = open_market(stalls=4, fridays=2, crafts=("food",))
        first, second = market.occurrences
        uploader, expiring = ready_family(name=UPLOADER), ready_family(name=EXPIRING)
        make_document(expiring, certificate, expires_on=first.last_day, organizer=organizer)
        for family in (uploader, expiring):
            applications.apply(db.session.merge(family), [first, second], request_for("food"),
                               now=market.applications_open_at)
        db.session.commit()
        market_id, type_id, uploader_phone = market.id, certificate.id, uploader.user.phone
        with force_locale("ar_SY"):
            second_day = format_date(second.last_day, format="long")
    photo = tmp_path / "shahada.jpg"
    photo.write_bytes(photo_bytes(size=(1200, 900)))
    expiry = today_in_damascus() + timedelta(days=180)

    # 1. The family's dashboard says its crafts need the certificate; it uploads a photo of it.
    family = new_phone()
    log_in(family, live_server, uploader_phone)
    family.wait_for_url("**/family")
    assert family.locator("#documents .document-flags li").count() == 1
    assert "الشهادة الصحية" in family.locator("#documents").inner_text()
    family.locator('#documents a[href="/family/documents"]').click()
    family.wait_for_url("**/family/documents")
    upload = family.locator("#upload form")
    upload.locator('select[name="document_type_id"]').select_option(str(type_id))
    upload.locator('input[name="number"]').fill("ص-٤٥٦٧")  # as typed on a Syrian phone keyboard
    upload.locator('input[name="expires_on"]').fill(expiry.isoformat())  # a date input takes ISO dates
    upload.locator('input[name="file"]').set_input_files(str(photo))
    upload.locator('button[type="submit"]').click()
    family.wait_for_url("**/family/documents")
    assert family.locator(".flash-success").count() == 1
    card = family.locator(f"#type-{type_id}")
    assert card.locator(".status-submitted").count() == 1 and "ص-٤٥٦٧" in card.inner_text()
    check_screen(family, "family-documents-ar")
    with app.app_context():
        document = db.session.scalar(db.select(FamilyDocument).where(FamilyDocument.status == "pending"))
        assert (document.number, document.expires_on, document.content_type) == ("ص-٤٥٦٧", expiry, "image/webp")
        document_id = document.id

    # 2. The organizer finds it in the queue of documents to check, sees the photo, verifies it.
    desk = new_phone()
    log_in(desk, live_server, organizer.phone)
    desk.wait_for_url("**/manage")
    desk.locator('nav.subnav a[href="/manage/documents"]').click()
    desk.wait_for_url("**/manage/documents")
    assert UPLOADER in main_text(desk) and EXPIRING not in main_text(desk)  # the verified one waits no more
    check_screen(desk, "queue-ar")
    desk.locator(f'a[href="/manage/documents/{document_id}"]').click()
    desk.wait_for_url(f"**/manage/documents/{document_id}")
    image = desk.locator(".document-preview img")
    assert image.evaluate("image => image.complete && image.naturalWidth") > 0  # the photo is shown
    check_screen(desk, "review-ar")
    desk.locator(f'form[action="/manage/documents/{document_id}/verify"] button').click()
    desk.wait_for_url("**/manage/documents")
    assert desk.locator(".flash-success").count() == 1 and UPLOADER not in main_text(desk)
    with app.app_context():
        assert db.session.get(FamilyDocument, document_id).status == "verified"

    # 3. In the review queue, the family whose certificate ends before the second Friday is flagged
    #    for that Friday only; the family that just uploaded is ready for both.
    desk.goto(f"{live_server}/manage/markets/{market_id}/applications")
    flags = desk.locator(".review-table .document-flags li")
    assert flags.count() == 1
    flagged_row = desk.locator(".review-table tbody tr", has=desk.locator(".document-flags li"))
    assert EXPIRING in flagged_row.inner_text() and second_day in flagged_row.inner_text()
    assert "الشهادة الصحية" in flags.first.inner_text() and second_day in flags.first.inner_text()
    check_screen(desk, "applications-ar")

    # 4. The family sees its certificate verified.
    family.goto(f"{live_server}/family/documents")
    assert family.locator(f"#type-{type_id} .status-approved").count() == 1
