"""An organizer places families on the stall map of a laptop; the family finds its stall on a phone."""
import io
from datetime import timedelta

from werkzeug.datastructures import FileStorage

from festival.applications import operations as applications
from festival.demo.product_tiles import product_tile
from festival.extensions import db
from festival.markets.operations import publish_market
from festival.vendors.photos import store_photo
from festival.venues.operations import create_venue, generate_section
from tests.browser.pages import PHONE_VIEWPORT, log_in, no_sideways_scroll
from tests.factories import NOW, build_market, craft, make_organizer, province, ready_family, request_for

LAPTOP_VIEWPORT = {"width": 1280, "height": 800}
FAMILIES = (  # name, craft, needs electricity
    ("أسرة أم خالد للمونة", "food", True),
    ("أسرة الياسمين للحلويات", "sweets", False),
    ("أسرة النول الدمشقي", "embroidery", False),
    ("أسرة صابون الغار", "soap", False),
)


def one_friday_with_four_approved_families():
    """A published market of one Friday at a venue of 8 stalls (A with electricity), 4 families approved."""
    venue = create_venue(province=province("damascus"), name_ar="حديقة تشرين", name_en="Tishreen Park")
    generate_section(venue, "A", 1, 4, electricity=True)
    generate_section(venue, "B", 1, 4)
    market = build_market(venue, (NOW + timedelta(days=20)).date(), occurrence_count=1,
                          applications_open_at=NOW - timedelta(days=1),
                          applications_close_at=NOW + timedelta(days=10))
    market.crafts = [craft(slug) for _name, slug, _needs in FAMILIES]
    publish_market(market)
    db.session.commit()
    organizer = db.session.merge(make_organizer("damascus"))
    phones = {}
    for name, slug, needs_electricity in FAMILIES:
        family = ready_family(name, crafts=(slug,))
        photo = FileStorage(io.BytesIO(product_tile(slug, name)), "products.jpg", content_type="image/jpeg")
        store_photo(family, photo)
        application, = applications.apply(family, market.occurrences, request_for(
            slug, needs_electricity=needs_electricity), now=NOW)
        applications.decide(application, "approved", by=organizer, now=NOW)
        phones[name] = family.user.phone
    db.session.commit()
    return market.occurrences[0].id, organizer.phone, phones


def placed_row(page, family_name):
    return page.locator(".placed-list li", has_text=family_name)


def stall_code_of(page, family_name) -> str:
    return placed_row(page, family_name).locator(".stall-code-tag").inner_text()


def free_stall_codes(page) -> list[str]:
    free_stalls = page.locator(".floor-map g.stall-free[data-stall-id]")
    return free_stalls.evaluate_all("groups => groups.map(g => g.dataset.stallCode)")


def test_organizer_auto_assigns_then_drags_and_moves_and_the_family_sees_its_stall(
        app, browser, live_server, phone_page, screenshot):
    with app.app_context():
        occurrence_id, organizer_phone, phones = one_friday_with_four_approved_families()
    dragged, moved = FAMILIES[0][0], FAMILIES[1][0]

    context = browser.new_context(viewport=LAPTOP_VIEWPORT, locale="ar-SY", device_scale_factor=1)
    try:
        page = context.new_page()
        log_in(page, live_server, organizer_phone)
        page.wait_for_url("**/manage")
        page.goto(f"{live_server}/manage/occurrences/{occurrence_id}/stalls")
        assert page.locator(".waiting-list li").count() == 4
        screenshot(page, "floor-before-ar")

        # Automatic placement: a preview that explains itself, then applied.
        page.get_by_role("link", name="توزيع تلقائي").click()
        page.wait_for_url(f"**/manage/occurrences/{occurrence_id}/stalls/auto**")
        assert page.get_by_role("heading", level=1).inner_text() == "الاقتراح: 4 أسر في أجنحتها"
        explanations = page.locator(".placed-list .explanation").all_inner_texts()
        assert len(explanations) == 4 and all(text.strip() for text in explanations)
        assert no_sideways_scroll(page)
        screenshot(page, "auto-preview-ar")
        page.get_by_role("button", name="اعتماد هذا الاقتراح").click()
        page.wait_for_url(f"**/manage/occurrences/{occurrence_id}/stalls")
        assert page.locator(".placed-list li").count() == 4
        assert "لكل أسرة مقبولة جناح." in page.locator("main").inner_text()
        assert page.locator(".floor-map g.stall-assigned[data-stall-id]").count() == 4
        assert no_sideways_scroll(page)
        screenshot(page, "floor-auto-applied-ar")

        # Without JavaScript's help: free a stall from the "Move or remove" details.
        first_stall = stall_code_of(page, dragged)
        row = placed_row(page, dragged)
        row.get_by_text("نقل أو إخلاء").click()
        row.get_by_role("button", name="إخلاء هذا الجناح").click()
        assert "أصبح الجناح شاغراً." in page.locator(".flashes").inner_text()
        assert page.locator(".waiting-list li", has_text=dragged).count() == 1
        screenshot(page, "floor-one-waiting-ar")

        # Drag the waiting family onto another free stall of the map.
        target_code = next(code for code in free_stall_codes(page) if code != first_stall)
        page.locator(".waiting-list li", has_text=dragged).drag_to(
            page.locator(f'.floor-map g[data-stall-code="{target_code}"]'))
        page.wait_for_selector(".flash-success")
        assert f"{dragged} في الجناح {target_code}." in page.locator(".flashes").inner_text()
        assert stall_code_of(page, dragged) == target_code
        assert page.locator(f'.floor-map g.stall-assigned[data-stall-code="{target_code}"]').count() == 1
        screenshot(page, "floor-dragged-ar")

        # The keyboard path: the "Move to stall" form of another family.
        move_to = next(code for code in free_stall_codes(page) if code != stall_code_of(page, moved))
        row = placed_row(page, moved)
        row.get_by_text("نقل أو إخلاء").click()
        row.get_by_label("النقل إلى الجناح").select_option(label=move_to)
        screenshot(page, "floor-move-form-ar")
        row.get_by_role("button", name="نقل", exact=True).click()
        assert f"انتقلت {moved} إلى الجناح {move_to}." in page.locator(".flashes").inner_text()
        assert stall_code_of(page, moved) == move_to
        assert page.locator(".placed-list li").count() == 4
        screenshot(page, "floor-moved-ar")

        page.set_viewport_size(PHONE_VIEWPORT)
        assert no_sideways_scroll(page)
        screenshot(page, "floor-phone-ar")
        page.set_viewport_size(LAPTOP_VIEWPORT)
        page.get_by_role("link", name="English").click()
        assert page.get_by_role("heading", name="Placed families").is_visible()
        assert no_sideways_scroll(page)
        screenshot(page, "floor-en")
    finally:
        context.close()

    # The dragged family, on its phone: its stall on the dashboard, then highlighted on the map.
    family_page = phone_page
    log_in(family_page, live_server, phones[dragged])
    family_page.wait_for_url("**/family")
    mine = family_page.locator(".application-list")
    assert mine.locator(".stall-code-tag").inner_text() == target_code
    assert no_sideways_scroll(family_page)
    screenshot(family_page, "family-dashboard-ar")

    mine.get_by_role("link").first.click()
    family_page.wait_for_url("**/family/applications/*")
    assert family_page.get_by_role("heading", name=f"جناحكم: {target_code}").is_visible()
    highlighted = family_page.locator(".stall-map g.stall-highlight")
    assert highlighted.count() == 1 and highlighted.get_attribute("data-stall-code") == target_code
    highlighted.scroll_into_view_if_needed()
    assert highlighted.is_visible()
    assert no_sideways_scroll(family_page)
    screenshot(family_page, "family-stall-ar")

    # Visitors find the family at its stall in the event's directory.
    visitor = browser.new_context(viewport=PHONE_VIEWPORT, locale="ar-SY", device_scale_factor=1)
    try:
        event_page = visitor.new_page()
        event_page.goto(f"{live_server}/events/{occurrence_id}")
        entry = event_page.locator(".directory-entry", has_text=dragged)
        assert entry.locator(".stall-code-tag").inner_text() == target_code
        assert event_page.locator(".directory-entry").count() == 4
        entry.scroll_into_view_if_needed()
        event_page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                                     arg=entry.locator("img").element_handle())
        assert no_sideways_scroll(event_page)
        screenshot(event_page, "event-directory-ar")
    finally:
        visitor.close()
