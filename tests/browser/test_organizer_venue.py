"""An organizer lays out a venue on a phone, in Arabic: venue, a 2×5 section, one stall disabled."""
from festival.extensions import db
from festival.venues.models import Stall, Venue
from tests.factories import PASSWORD


def test_organizer_creates_a_venue_and_its_stall_map_on_a_phone(app, make, live_server, phone_page, screenshot):
    organizer = make.organizer("damascus", name="سلمى الخطيب")
    page = phone_page
    page.goto(live_server + "/login")
    page.get_by_label("رقم الجوّال").fill(organizer.phone)
    page.get_by_label("كلمة المرور").fill(PASSWORD)
    page.get_by_role("button", name="تسجيل الدخول").click()
    page.wait_for_url("**/manage")

    page.get_by_role("navigation", name="القائمة الرئيسية").get_by_role("link", name="المواقع", exact=True).click()
    page.get_by_role("link", name="إضافة موقع").click()
    page.get_by_label("الاسم بالعربية").fill("حديقة تشرين")
    page.get_by_label("العنوان").fill("ساحة الأمويين، المدخل الشرقي")
    page.get_by_label("خط العرض").fill("٣٣٫٥١٧٥")  # typed on an Arabic keyboard
    page.get_by_label("خط الطول").fill("36.2745")
    page.get_by_label("ملاحظات للأسر").fill("التحميل من البوابة الشرقية قبل التاسعة صباحاً.")
    screenshot(page, "venue-form-ar")
    page.get_by_role("button", name="إضافة الموقع").click()

    page.wait_for_url("**/manage/venues/*")
    page.get_by_label("رمز القسم").fill("a")
    page.get_by_label("عدد الصفوف").fill("٢")
    page.get_by_label("أجنحة كل صف").fill("5")
    page.get_by_label("كهرباء").check()
    page.get_by_role("button", name="إنشاء الأجنحة").click()
    assert "أُضيف القسم A مع 5 أجنحة." not in page.content()  # 10 stalls, not 5
    assert "أُضيف القسم A مع 10 أجنحة." in page.content()
    stalls = page.locator("svg.stall-map-svg g.stall")
    assert stalls.count() == 10
    screenshot(page, "venue-map-ar")

    page.locator('svg.stall-map-svg [data-stall-code="A-07"]').click()
    assert page.get_by_role("heading", level=1).inner_text() == "الجناح A-07"
    page.get_by_label("معطّل (لا يُعرض في الأحداث الجديدة)").check()
    screenshot(page, "stall-form-ar")
    page.get_by_role("button", name="حفظ").click()

    assert "حُفظ الجناح A-07." in page.content()
    assert stalls.count() == 10
    disabled = page.locator("svg.stall-map-svg g.stall-disabled")
    assert disabled.count() == 1
    assert disabled.get_attribute("data-stall-code") == "A-07"
    assert disabled.locator("title").text_content().startswith("A-07 · معطّل")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    map_box = page.locator("svg.stall-map-svg").bounding_box()
    assert map_box["width"] <= 360
    screenshot(page, "venue-map-disabled-ar")

    page.get_by_role("link", name="English").click()
    assert page.locator("html").get_attribute("dir") == "ltr"
    first, fifth = (page.locator(f'[data-stall-code="{code}"] rect').bounding_box() for code in ("A-01", "A-05"))
    assert first["x"] < fifth["x"]  # left to right in English, right to left in Arabic
    assert "Stall map of حديقة تشرين" in page.locator("svg.stall-map-svg").get_attribute("aria-label")
    screenshot(page, "venue-map-en")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Venues", exact=True).click()
    assert page.get_by_role("link", name="حديقة تشرين").is_visible()
    screenshot(page, "venues-list-en")

    with app.app_context():
        venue = db.session.scalar(db.select(Venue))
        assert venue.latitude == 33.5175
        assert db.session.scalar(db.select(Stall.disabled).where(Stall.code == "A-07")) is True


def test_the_area_list_follows_the_chosen_province(app, make, live_server, phone_page):
    from festival.provinces.models import Area
    from tests.factories import province

    with app.app_context():
        damascus, rif = province("damascus").id, province("rif-dimashq").id
        db.session.add_all([Area(province_id=damascus, name_ar="المزة"), Area(province_id=rif, name_ar="جرمانا")])
        db.session.commit()
    organizer = make.organizer("damascus", "rif-dimashq")
    page = phone_page
    page.goto(live_server + "/login")
    page.get_by_label("رقم الجوّال").fill(organizer.phone)
    page.get_by_label("كلمة المرور").fill(PASSWORD)
    page.get_by_role("button", name="تسجيل الدخول").click()
    page.wait_for_url("**/manage")
    page.goto(live_server + "/manage/venues/new")
    areas = page.get_by_label("المنطقة (اختياري)")

    page.get_by_label("المحافظة").select_option(label="ريف دمشق")

    shown = areas.evaluate("list => [...list.querySelectorAll('optgroup:not([hidden]) option')].map(o => o.text)")
    assert shown == ["جرمانا"]
    areas.select_option(label="جرمانا")
    page.get_by_label("المحافظة").select_option(label="دمشق")
    assert areas.evaluate("list => list.selectedOptions[0].text") == "بلا منطقة"  # no longer in the list
