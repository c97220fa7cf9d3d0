"""During the market the organizer's attendance page shows new arrivals by itself, without a reload."""
from playwright.sync_api import expect

from festival.checkin.models import CheckinMethod
from festival.checkin.operations import check_in
from festival.checkin.verify import verify
from festival.core.types import utcnow
from tests.browser.pages import log_in
from tests.factories import build_gate_day


def arrive(app, token):
    from festival.extensions import db
    with app.app_context():
        check_in(verify(token, now=utcnow()), by=None, method=CheckinMethod.SCAN, now=utcnow())
        db.session.commit()


def test_a_new_arrival_appears_on_the_attendance_page_without_reloading(app, browser, live_server, phone_page):
    with app.app_context():
        day = build_gate_day(families=2, waiting=0)
    page = phone_page
    log_in(page, live_server, day.organizer.phone)
    page.wait_for_url("**/manage")
    page.clock.install()
    page.goto(f"{live_server}/manage/occurrences/{day.occurrence_id}/attendance")
    expect(page.locator(".count-ok strong")).to_have_text("0")
    page.evaluate("window.notReloaded = true")

    arrive(app, day.placed[0].token)
    page.clock.run_for(31_000)

    expect(page.locator(".count-ok strong")).to_have_text("1")
    expect(page.locator("#attendance-live")).to_contain_text(day.placed[0].name)
    assert page.evaluate("window.notReloaded === true")
    expect(page.locator(".live-status")).to_contain_text("محدَّث حتى الساعة")
