"""A family reports its sales on a 360 px phone in Arabic, with Arabic-Indic digits; the
organizer sees it counted on the event dashboard and downloads the table as XLSX."""
import io

from openpyxl import load_workbook

from festival.extensions import db
from tests.browser.pages import PHONE_VIEWPORT, no_sideways_scroll
from tests.factories import PASSWORD, _loaded, add_report, check_in, held_event, make_admin


def log_in(page, base_url, phone):
    page.goto(base_url + "/login")
    page.locator("input[name=phone]").fill(phone)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()


def one_ended_market():
    occurrence, organizer, assignments = held_event(families=3, crafts=("food", "sweets"))
    add_report(assignments[1], 500_000, lines=[("sweets", 500_000, 25)], rating=4)
    for assignment in assignments[:2]:
        check_in(assignment)
    db.session.commit()
    admin = make_admin()
    family = _loaded(assignments[0].family, "user")
    return occurrence.id, _loaded(organizer).phone, family.user.phone, family.name, admin.phone


def test_family_reports_with_arabic_digits_and_organizer_downloads_the_xlsx(app, browser, live_server, screenshot):
    with app.app_context():
        occurrence_id, organizer_phone, family_phone, family_name, admin_phone = one_ended_market()

    family_context = browser.new_context(viewport=PHONE_VIEWPORT, locale="ar-SY", device_scale_factor=1)
    page = family_context.new_page()
    log_in(page, live_server, family_phone)
    page.goto(live_server + "/family")
    page.locator(f"a[href='/family/sales/{occurrence_id}']").first.click()
    page.wait_for_url(f"**/family/sales/{occurrence_id}")
    assert page.locator("html").get_attribute("dir") == "rtl"

    page.locator("input[name=total_sales]").fill("١٬٢٥٠٬٠٠٠")
    amounts = page.locator("input[name^=amount_]")
    items = page.locator("input[name^=items_]")
    amounts.nth(0).fill("٧٥٠٬٠٠٠")
    items.nth(0).fill("٣٠")
    amounts.nth(1).fill("٥٠٠٬٠٠٠")
    items.nth(1).fill("١٢")
    page.locator("input[name=best_product]").fill("مكدوس باذنجان")
    page.locator("input[name=rating][value='5']").check()
    assert no_sideways_scroll(page)
    screenshot(page, "family-form-ar")
    page.locator("form.report-form button[type=submit]").click()
    page.wait_for_url("**/family/sales")
    assert "1,250,000" in page.locator("main").inner_text()
    screenshot(page, "family-sales-ar")
    page.goto(live_server + f"/family/sales/{occurrence_id}?lang=en")
    assert no_sideways_scroll(page)
    screenshot(page, "family-form-en")
    family_context.close()

    organizer_context = browser.new_context(viewport=PHONE_VIEWPORT, locale="ar-SY", device_scale_factor=1,
                                            accept_downloads=True)
    organizer = organizer_context.new_page()
    log_in(organizer, live_server, organizer_phone)
    organizer.goto(live_server + f"/manage/occurrences/{occurrence_id}/sales")
    figures = organizer.locator(".report-figures").inner_text()
    assert "1,750,000" in figures  # 1,250,000 just reported + 500,000 reported before
    assert no_sideways_scroll(organizer)
    screenshot(organizer, "event-dashboard-ar")

    with organizer.expect_download() as download_info:
        organizer.locator("#table-families a[href$='families.xlsx']").click()
    download = download_info.value
    sheet = load_workbook(io.BytesIO(open(download.path(), "rb").read())).active
    rows = {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows[family_name][4] == 1_250_000
    assert sheet.sheet_view.rightToLeft

    organizer.goto(live_server + f"/manage/occurrences/{occurrence_id}/sales?lang=en")
    screenshot(organizer, "event-dashboard-en")
    organizer.goto(live_server + "/manage/provinces/damascus/sales?lang=ar")
    assert no_sideways_scroll(organizer)
    screenshot(organizer, "province-dashboard-ar")
    organizer_context.close()

    admin_context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="ar-SY")
    admin = admin_context.new_page()
    log_in(admin, live_server, admin_phone)
    admin.goto(live_server + "/admin/sales")
    screenshot(admin, "national-dashboard-ar")
    admin.goto(live_server + "/admin/sales?lang=en")
    screenshot(admin, "national-dashboard-en")
    admin_context.close()
