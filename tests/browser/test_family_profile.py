"""A family completes its profile on a 360 px phone in Arabic, with a product photo."""
from festival.demo.product_tiles import product_tile
from festival.extensions import db
from festival.provinces.models import Area
from festival.vendors.models import Family
from tests.browser.pages import no_sideways_scroll
from tests.factories import PASSWORD, province


def assert_image_shows(page, image):
    image.scroll_into_view_if_needed()  # thumbnails load lazily
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())


def test_family_completes_its_profile_with_a_photo_on_a_phone(app, make, live_server, phone_page, screenshot):
    with app.app_context():
        damascus = province("damascus")
        db.session.add_all([Area(province=damascus, name_ar=name) for name in ("المزة", "الميدان", "باب توما")])
        db.session.commit()
    family = make.family(name="أسرة أم محمد للمونة", phone="0944123456")
    page = phone_page
    page.goto(live_server + "/login")
    page.get_by_label("رقم الجوّال").fill("0944123456")
    page.get_by_label("كلمة المرور").fill(PASSWORD)
    page.get_by_role("button", name="تسجيل الدخول").click()
    page.wait_for_url("**/family")
    assert "قبل أن تتقدّم بطلب جناح" in page.locator("main").inner_text()
    screenshot(page, "dashboard-incomplete-ar")

    page.get_by_role("link", name="أكمل ملف الأسرة").click()
    page.wait_for_url("**/family/profile")
    page.get_by_label("اسم ربّ أو ربّة الأسرة").fill("فاطمة الزين")
    page.get_by_label("رقم جوّال ثانٍ (اختياري)").fill("٠٩٣٣ ١٢٣ ٤٥٦")
    page.get_by_label("المنطقة").select_option(label="الميدان")
    page.get_by_label("مونة ومواد غذائية").check()
    page.get_by_label("صف منتجاتك").fill("مكدوس بالجوز، مربى مشمش، دبس فليفلة، كلها من صنع البيت.")
    page.get_by_label("مشروع للمرأة الريفية").check()
    page.get_by_label("أضف صورة لمنتجاتك").set_input_files(
        files=[{"name": "makdous.jpg", "mimeType": "image/jpeg", "buffer": product_tile("food", "browser")}]
    )
    assert no_sideways_scroll(page)
    screenshot(page, "profile-filled-ar")
    page.get_by_role("button", name="حفظ ملف الأسرة").click()

    page.wait_for_url("**/family/profile")
    assert "حُفظ ملف أسرتك." in page.locator("main").inner_text()
    assert_image_shows(page, page.locator(".photo-tile img").first)
    assert no_sideways_scroll(page)
    screenshot(page, "profile-saved-ar")

    page.get_by_label("أضف صورة لمنتجاتك").set_input_files(
        files=[{"name": "photo.jpg", "mimeType": "image/jpeg", "buffer": b"#!/bin/sh\necho hello\n"}]
    )
    page.get_by_label("اسم ربّ أو ربّة الأسرة").fill("فاطمة الزين (أم محمد)")
    page.get_by_role("button", name="حفظ ملف الأسرة").click()
    assert "هذا الملف ليس صورة يمكننا استخدامها" in page.locator("main").inner_text()
    assert page.get_by_label("اسم ربّ أو ربّة الأسرة").input_value() == "فاطمة الزين (أم محمد)"
    screenshot(page, "profile-photo-refused-ar")

    page.get_by_role("link", name="أسرتي").click()
    page.wait_for_url("**/family")
    main = page.locator("main").inner_text()
    assert "ملف أسرتك مكتمل." in main and "0933 123 456" in main
    assert_image_shows(page, page.locator(".photo-tile img").first)
    screenshot(page, "dashboard-complete-ar")

    with app.app_context():
        saved = db.session.get(Family, family.id)
        assert saved.head_name == "فاطمة الزين (أم محمد)" and len(saved.photos) == 1


def test_a_photo_over_the_limit_is_refused_in_the_phone_before_it_is_sent(app, make, live_server, phone_page,
                                                                          screenshot):
    app.config["PHOTO_MAX_BYTES"] = 200 * 1024
    make.family(name="أسرة أم محمد للمونة", phone="0944123456")
    page = phone_page
    page.goto(live_server + "/login")
    page.get_by_label("رقم الجوّال").fill("0944123456")
    page.get_by_label("كلمة المرور").fill(PASSWORD)
    page.get_by_role("button", name="تسجيل الدخول").click()
    page.wait_for_url("**/family")
    page.goto(live_server + "/family/profile")
    page.get_by_label("اسم ربّ أو ربّة الأسرة").fill("فاطمة الزين")
    photo = page.get_by_label("أضف صورة لمنتجاتك")

    photo.set_input_files(files=[{"name": "big.jpg", "mimeType": "image/jpeg", "buffer": b"\xff\xd8" + bytes(300_000)}])

    alert = page.get_by_role("alert")
    assert "هذه الصورة أكبر من 0.2 ميغابايت" in alert.inner_text()
    assert photo.evaluate("input => input.files.length") == 0
    assert photo.get_attribute("aria-invalid") == "true"
    assert page.get_by_label("اسم ربّ أو ربّة الأسرة").input_value() == "فاطمة الزين"
    assert no_sideways_scroll(page)
    screenshot(page, "profile-photo-too-large-ar")
    page.get_by_role("button", name="حفظ ملف الأسرة").click()  # the rest of the form is still sent
    assert "حُفظ ملف أسرتك." in page.locator("main").inner_text()
