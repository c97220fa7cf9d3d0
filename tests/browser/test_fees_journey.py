"""Stall fees on a 360 px phone in Arabic (issue 17): an organizer records a cash payment typed
in Arabic-Indic digits and a wallet payment (MTN Cash, refused at first without its transaction
number), prints a receipt, and a visitor without an account checks it by the link under its QR
code; a forged code is refused. The four pages are checked with axe-core, in Arabic and English.

The receipt's QR code is read back from a screenshot by a real decoder, as
tests/browser/test_training_journey.py does with the training pass.
"""
import io
import re
from urllib.parse import urlsplit

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from festival.extensions import db
from tests.browser.pages import PHONE_VIEWPORT, log_in, no_sideways_scroll
from tests.browser.test_accessibility import AXE, _violations
from tests.factories import fee_market

FAMILY = "أسرة المونة"
WALLET_REFERENCE = "600123456789"
MISSING_REFERENCE = "أدخل رقم العملية الخاص بالتحويل."
RECEIPT_URL = re.compile(r"HTTPS?://[A-Z0-9.:-]+/R/([A-Z2-7]{111})")


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


def figure(page, term: str) -> str:
    """The value of one of the four fee figures (Owed, Waived, Paid, Outstanding) as shown."""
    return page.locator(".fee-figures .report-figure", has=page.locator("dt", has_text=term)).locator("dd").inner_text()


def qr_codes_on_screen(page) -> list[str]:
    image = Image.open(io.BytesIO(page.locator(".receipt-qr svg").screenshot()))
    return [result.text for result in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def forged(token: str) -> str:
    """The token with one character of its signature changed (still base32: only the signature fails)."""
    middle = len(token) // 2
    return token[:middle] + ("B" if token[middle] != "B" else "C") + token[middle + 1:]


# -- the organizer's steps ------------------------------------------------------------------


RECEIPT_PAGE = re.compile(r"/manage/fees/receipts/\d+$")
REFUSED = "**/pay"  # the form again, at the URL it was sent to


def pay(page, amount: str, method: str, reference: str = "", *, lands_on=RECEIPT_PAGE) -> None:
    form = page.locator("form", has=page.get_by_role("button", name="سجّل الدفعة واطبع الإيصال"))
    form.get_by_label("المبلغ (ليرة سورية)").fill(amount)  # as typed on a Syrian phone keyboard
    form.get_by_role("group", name="طريقة الدفع").get_by_role("radio", name=method, exact=True).check()
    form.get_by_label("رقم العملية (المحفظة أو المصرف)").fill(reference)
    form.get_by_role("button", name="سجّل الدفعة واطبع الإيصال").click()
    page.wait_for_url(lands_on)


def read_receipt(page) -> tuple[int, str]:
    """On a receipt page: its number and the verification URL printed under its QR code."""
    number = int(page.locator(".receipt-number").inner_text())
    caption = page.locator(".receipt-qr figcaption").inner_text()
    found = RECEIPT_URL.search(caption)
    assert found, f"no receipt URL under the QR code: {caption!r}"
    assert page.locator(".receipt-qr svg").is_visible()
    assert qr_codes_on_screen(page) == [found.group(0)], "the QR code and the printed link differ"
    return number, found.group(0)


# -- the journey ----------------------------------------------------------------------------


def test_an_organizer_takes_cash_and_a_wallet_payment_and_a_visitor_checks_the_receipt(
        app, live_server, new_phone, check_screen, screenshot):
    with app.app_context():
        fees = fee_market(fee=5000, fridays=2, name=FAMILY)
        db.session.commit()
        market_id, family_id = fees.market.id, fees.family.id
        market_title, organizer_phone = fees.market.title_ar, fees.organizer.phone
        family_digits = fees.family.user.phone[-9:]  # +963 9xx… or 09xx… once spaces are taken out
    fees_path = f"/manage/markets/{market_id}/fees"
    family_path = f"{fees_path}/families/{family_id}"

    # 1. The organizer opens the market's fees: one family, two Fridays at 5,000 each, nothing paid.
    desk = new_phone()
    log_in(desk, live_server, organizer_phone)
    desk.wait_for_url("**/manage")
    desk.goto(live_server + fees_path)
    expect(desk.get_by_role("heading", level=1)).to_have_text(f"رسوم الأجنحة · {market_title}")
    assert figure(desk, "المستحق") == "10,000 ل.س" and figure(desk, "المتبقي") == "10,000 ل.س"
    row = desk.get_by_role("row", name=FAMILY)
    expect(row).to_contain_text("10,000 ل.س")
    check_screen(desk, "market-ar")

    # 2. The family's page: its two dates and the payment form.
    row.get_by_role("link", name=FAMILY).click()
    desk.wait_for_url(f"**{family_path}")
    expect(desk.get_by_role("heading", level=1)).to_have_text(FAMILY)
    assert figure(desk, "المتبقي") == "10,000 ل.س"
    assert desk.locator(".table-wrap tbody tr").count() == 2
    methods = desk.get_by_role("group", name="طريقة الدفع").get_by_role("radio")
    assert [methods.nth(i).evaluate("radio => radio.labels[0].innerText.trim()") for i in range(methods.count())] == [
        "نقداً", "سيريتل كاش", "MTN كاش", "حوالة مصرفية"]
    expect(desk.get_by_role("radio", name="نقداً", exact=True)).to_be_checked()  # the usual case is chosen already
    check_screen(desk, "family-ar")

    # 3. Cash, typed in Arabic-Indic digits with the Arabic thousands separator: the receipt opens.
    pay(desk, "٥٬٠٠٠", "نقداً")
    cash_number, cash_url = read_receipt(desk)
    expect(desk.get_by_role("status").filter(has_text=f"سُجّلت الدفعة: الإيصال رقم {cash_number}.")).to_be_visible()
    receipt = main_text(desk)
    assert "رقم الإيصال" in receipt and FAMILY in receipt and "5,000 ل.س" in receipt and "نقداً" in receipt
    assert market_title in receipt
    print_button = desk.get_by_role("button", name="طباعة")
    expect(print_button).to_have_attribute("data-action", "print")
    desk.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    print_button.click()
    assert desk.evaluate("window.printed") == 1, "the print button did not open the print dialog"
    check_screen(desk, "receipt-ar")
    desk.emulate_media(media="print")
    expect(print_button).to_be_hidden()  # the paper shows the receipt, not the buttons
    screenshot(desk, "receipt-print-ar")
    desk.emulate_media(media="screen")

    # 4. Back on the family's page: 5,000 still to pay; the receipt is listed.
    desk.get_by_role("link", name="رجوع").click()
    desk.wait_for_url(f"**{family_path}")
    assert figure(desk, "المدفوع") == "5,000 ل.س" and figure(desk, "المتبقي") == "5,000 ل.س"
    expect(desk.get_by_role("link", name=f"رقم الإيصال {cash_number}")).to_be_visible()

    # 5. MTN Cash without its transaction number: refused, said under the field, the amount kept.
    pay(desk, "٥٬٠٠٠", "MTN كاش", lands_on=REFUSED)
    reference = desk.get_by_label("رقم العملية (المحفظة أو المصرف)")
    expect(reference).to_have_accessible_description(re.compile(re.escape(MISSING_REFERENCE)))
    expect(desk.locator(".field", has=reference).locator(".errors")).to_have_text(MISSING_REFERENCE)
    expect(reference).to_have_attribute("aria-invalid", "true")
    expect(desk.get_by_label("المبلغ (ليرة سورية)")).to_have_value("٥٬٠٠٠")
    expect(desk.get_by_role("radio", name="MTN كاش", exact=True)).to_be_checked()
    assert figure(desk, "المتبقي") == "5,000 ل.س"  # nothing was recorded
    check_screen(desk, "family-error-ar")

    # 6. With the number from the confirmation SMS: recorded, the second receipt.
    reference.fill(WALLET_REFERENCE)
    desk.get_by_role("button", name="سجّل الدفعة واطبع الإيصال").click()
    desk.wait_for_url(RECEIPT_PAGE)
    wallet_number, wallet_url = read_receipt(desk)
    assert wallet_number != cash_number
    receipt = main_text(desk)
    assert "MTN كاش" in receipt and WALLET_REFERENCE in receipt and "5,000 ل.س" in receipt

    # 7. The family owes nothing now; the payment form is gone; both receipts are listed.
    desk.get_by_role("link", name="رجوع").click()
    desk.wait_for_url(f"**{family_path}")
    assert figure(desk, "المدفوع") == "10,000 ل.س" and figure(desk, "المتبقي") == "0 ل.س"
    assert desk.get_by_role("button", name="سجّل الدفعة واطبع الإيصال").count() == 0
    for number in (cash_number, wallet_number):
        expect(desk.get_by_role("link", name=f"رقم الإيصال {number}")).to_be_visible()
    check_screen(desk, "family-paid-ar")

    desk.goto(live_server + fees_path)
    assert figure(desk, "المدفوع") == "10,000 ل.س" and figure(desk, "المتبقي") == "0 ل.س"
    # Money received, by method (the first column), to match against the cash box and the wallet.
    expect(desk.get_by_role("row", name=re.compile("^نقداً "))).to_contain_text("5,000 ل.س")
    expect(desk.get_by_role("row", name=re.compile("^MTN كاش "))).to_contain_text("5,000 ل.س")
    check_screen(desk, "market-paid-ar")

    # 8. A visitor, without an account, opens the link printed under the QR code of the cash receipt.
    visitor = new_phone()
    response = visitor.goto(live_server + urlsplit(cash_url).path)
    assert response.status == 200
    expect(visitor.get_by_role("status")).to_contain_text("إيصال صحيح")
    shown = main_text(visitor)
    assert FAMILY in shown and "5,000 ل.س" in shown and str(cash_number) in shown and market_title in shown
    assert family_digits not in re.sub(r"\s", "", visitor.content()), "the receipt check shows the family's phone"
    check_screen(visitor, "verify-ar")

    # The wallet receipt shows only the end of the transaction number to a visitor.
    visitor.goto(live_server + urlsplit(wallet_url).path)
    expect(visitor.get_by_role("status")).to_contain_text("إيصال صحيح")
    assert WALLET_REFERENCE[-4:] in main_text(visitor) and WALLET_REFERENCE not in visitor.content()

    # 9. A code with one character changed is not a receipt.
    token = RECEIPT_URL.search(cash_url).group(1)
    response = visitor.goto(f"{live_server}/r/{forged(token)}")
    assert response.status == 404
    expect(visitor.get_by_role("status")).to_contain_text("هذا ليس إيصالاً من البرنامج")
    assert FAMILY not in main_text(visitor)
    check_screen(visitor, "forged-ar")

    # 10. The same pages in English (the language switch is remembered).
    desk.get_by_role("link", name="English").click()
    desk.wait_for_url(f"**{fees_path}*")
    expect(desk.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Stall fees · "))
    check_screen(desk, "market-en")
    desk.goto(live_server + family_path)
    assert figure(desk, "Outstanding") == "0 SYP"
    check_screen(desk, "family-en")
    desk.get_by_role("link", name=f"Receipt number {cash_number}").click()
    desk.wait_for_url(f"**/manage/fees/receipts/{cash_number}")
    # The receipt itself is in Arabic, the programme's language for its papers; the page around it is not.
    assert "إيصال رسم الجناح" in main_text(desk) and "نقداً" in main_text(desk)
    expect(desk.locator("article.receipt")).to_have_attribute("lang", "ar")
    expect(desk.get_by_role("button", name="Print")).to_have_attribute("data-action", "print")
    check_screen(desk, "receipt-en")

    visitor.goto(live_server + urlsplit(cash_url).path)
    visitor.get_by_role("link", name="English").click()
    expect(visitor.get_by_role("status")).to_contain_text("Genuine receipt")
    assert FAMILY in main_text(visitor) and "5,000 SYP" in main_text(visitor)
    check_screen(visitor, "verify-en")
