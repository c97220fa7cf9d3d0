"""A family applies to a Friday series on a 360 px phone in Arabic; an organizer decides."""
from festival.demo.product_tiles import product_tile
from festival.extensions import db
from festival.provinces.models import Area
from tests.browser.pages import PHONE_VIEWPORT, log_in, no_sideways_scroll
from tests.factories import open_market, province

REASON = "لا يوجد جناح شاغر للمونة في هذه الجمعة"


def test_family_applies_and_sees_the_organizers_decisions_on_a_phone(
        app, make, browser, live_server, phone_page, screenshot):
    with app.app_context():
        damascus = province("damascus")
        db.session.add_all([Area(province=damascus, name_ar=name) for name in ("المزة", "الميدان")])
        db.session.commit()
        market = open_market(stalls=4, fridays=3)
        market_id, market_title = market.id, market.title_ar
        db.session.commit()
    make.family(name="أسرة أم سامر للمونة", phone="0944222333")
    organizer = make.organizer("damascus", phone="0933444555")

    # The family: its profile is incomplete, so it completes it first.
    family_page = phone_page
    log_in(family_page, live_server, "0944222333")
    family_page.wait_for_url("**/family")
    assert "قبل أن تتقدّم بطلب جناح" in family_page.locator("main").inner_text()
    assert family_page.get_by_role("link", name="قدّم طلب مشاركة").count() == 0
    assert no_sideways_scroll(family_page)
    screenshot(family_page, "dashboard-incomplete-ar")

    family_page.get_by_role("link", name="أكمل ملف الأسرة").click()
    family_page.wait_for_url("**/family/profile")
    family_page.get_by_label("اسم ربّ أو ربّة الأسرة").fill("سامر الحلبي")
    family_page.get_by_label("المنطقة").select_option(label="المزة")
    family_page.get_by_label("مونة ومواد غذائية").check()
    family_page.get_by_label("صف منتجاتك").fill("مكدوس، مربى التين، ملوخية مجففة من صنع البيت.")
    family_page.get_by_label("أضف صورة لمنتجاتك").set_input_files(
        files=[{"name": "makdous.jpg", "mimeType": "image/jpeg", "buffer": product_tile("food", "apply")}]
    )
    family_page.get_by_role("button", name="حفظ ملف الأسرة").click()
    family_page.wait_for_url("**/family/profile")
    assert "حُفظ ملف أسرتك." in family_page.locator("main").inner_text()

    family_page.get_by_role("link", name="أسرتي").click()
    family_page.wait_for_url("**/family")
    assert "ملف أسرتك مكتمل." in family_page.locator("main").inner_text()
    assert no_sideways_scroll(family_page)
    screenshot(family_page, "dashboard-complete-ar")

    # It applies for two of the three Fridays.
    family_page.get_by_role("link", name="قدّم طلب مشاركة").click()
    family_page.wait_for_url(f"**/family/markets/{market_id}/apply")
    fridays = family_page.get_by_role("group", name="المواعيد").get_by_role("checkbox")
    assert fridays.count() == 3
    fridays.nth(0).check()
    fridays.nth(1).check()
    crafts = family_page.get_by_role("group", name="ماذا ستبيعون في هذا السوق؟")
    assert crafts.get_by_label("مونة ومواد غذائية").is_checked()  # taken from the profile
    crafts.get_by_label("حلويات ومعجنات").check()
    family_page.get_by_label("أوافق على شروط هذا السوق").check()
    assert no_sideways_scroll(family_page)
    screenshot(family_page, "apply-filled-ar")
    family_page.get_by_role("button", name="إرسال الطلب").click()

    family_page.wait_for_url("**/family/applications")  # two Fridays: the list shows both
    main = family_page.locator("main").inner_text()
    assert "أُرسل طلبك لموعدين" in main and main.count("قيد المراجعة") == 2
    assert no_sideways_scroll(family_page)
    screenshot(family_page, "application-sent-ar")

    # The organizer, on its own phone: the market, then its review queue.
    organizer_context = browser.new_context(viewport=PHONE_VIEWPORT, locale="ar-SY", device_scale_factor=1)
    try:
        review_page = organizer_context.new_page()
        log_in(review_page, live_server, organizer.phone)
        review_page.get_by_role("navigation", name="القائمة الرئيسية").get_by_role("link", name="الأسواق").click()
        review_page.get_by_role("link", name=market_title).click()
        review_page.get_by_role("link", name="طلبات المشاركة").click()
        review_page.wait_for_url(f"**/manage/markets/{market_id}/applications")
        applicant_links = review_page.get_by_role("link", name="أسرة أم سامر للمونة")
        assert applicant_links.count() == 2
        assert no_sideways_scroll(review_page)
        screenshot(review_page, "review-queue-ar")

        applicant_links.nth(0).click()
        review_page.wait_for_url("**/manage/applications/*")
        assert "سامر الحلبي" in review_page.locator("main").inner_text()
        review_page.get_by_label("القرار").select_option(label="قبول")
        review_page.get_by_role("button", name="حفظ القرار").click()
        assert "حُفظ القرار وأُبلغت الأسرة." in review_page.locator("main").inner_text()
        assert no_sideways_scroll(review_page)
        screenshot(review_page, "approved-ar")

        review_page.get_by_role("link", name=f"طلبات المشاركة: {market_title}").click()
        review_page.get_by_role("link", name="أسرة أم سامر للمونة").nth(1).click()
        review_page.wait_for_url("**/manage/applications/*")
        review_page.get_by_label("القرار").select_option(label="رفض")
        review_page.get_by_role("button", name="حفظ القرار").click()
        assert "اذكر سبب الرفض: ستراه الأسرة." in review_page.locator("main").inner_text()
        screenshot(review_page, "reject-without-reason-ar")
        review_page.get_by_label("القرار").select_option(label="رفض")
        review_page.get_by_label("السبب (مطلوب عند الرفض؛ تراه الأسرة)").fill(REASON)
        review_page.get_by_role("button", name="حفظ القرار").click()
        main = review_page.locator("main").inner_text()
        assert "حُفظ القرار وأُبلغت الأسرة." in main and "مرفوض" in main
        assert no_sideways_scroll(review_page)
        screenshot(review_page, "rejected-ar")

        review_page.get_by_role("link", name="English").click()
        review_page.get_by_role("link", name="Applications: ").click()
        assert review_page.get_by_role("heading", name="Applications").is_visible()
        assert no_sideways_scroll(review_page)
        screenshot(review_page, "review-queue-en")
    finally:
        organizer_context.close()

    # The family sees both decisions, and why one Friday was refused.
    family_page.get_by_role("link", name="أسرتي").click()
    family_page.wait_for_url("**/family")
    mine = family_page.locator(".application-list")
    assert mine.locator(".status-approved").count() == 1 and mine.locator(".status-rejected").count() == 1
    assert REASON in mine.inner_text()
    assert no_sideways_scroll(family_page)
    screenshot(family_page, "dashboard-decisions-ar")

    mine.locator("li", has=family_page.locator(".status-rejected")).get_by_role("link").click()
    family_page.wait_for_url("**/family/applications/*")
    main = family_page.locator("main").inner_text()
    assert "مرفوض" in main and REASON in main
    assert no_sideways_scroll(family_page)
    screenshot(family_page, "rejected-application-ar")

    family_page.locator(".breadcrumbs").get_by_role("link", name="طلباتي").click()
    family_page.wait_for_url("**/family/applications")
    mine = family_page.locator(".application-list")
    assert mine.locator(".status-approved").count() == 1 and mine.locator(".status-rejected").count() == 1
    assert no_sideways_scroll(family_page)
    screenshot(family_page, "my-applications-ar")
