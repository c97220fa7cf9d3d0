"""An organizer on a phone asks for every badge of a market as one PDF, watches the job's
page follow the consumer's progress without reloading, and downloads the file."""
import pypdfium2 as pdfium
import pytest

from festival.core.queue import huey
from tests.browser.pages import log_in, no_sideways_scroll
from tests.factories import placed_families
from tests.jobs.conftest import running_consumer


@pytest.fixture
def sqlite_queue(app, tmp_path):
    previous = huey.flask_app
    huey.use(f"sqlite:///{tmp_path / 'jobs.sqlite3'}")
    huey.flask_app = app
    yield
    huey.use("immediate")
    huey.flask_app = previous


def test_an_organizer_prints_every_badge_of_a_market_through_a_job(app, browser, live_server, phone_page, screenshot,
                                                                   sqlite_queue):
    with app.app_context():
        market, organizer, _badges = placed_families(count=12, stalls_count=12)
        market_id, phone = market.id, organizer.phone
    page = phone_page
    log_in(page, live_server, phone)
    page.wait_for_url("**/manage")

    page.goto(f"{live_server}/manage/markets/{market_id}")
    page.get_by_role("button", name="كل بطاقات المشاركة في هذا السوق (PDF)").click()
    page.wait_for_url("**/jobs/*")
    assert "بانتظار البدء" in page.locator("main").inner_text()  # no consumer yet
    assert no_sideways_scroll(page)
    screenshot(page, "waiting-ar")

    without_js = browser.new_context(viewport={"width": 360, "height": 740}, locale="ar-SY",
                                     java_script_enabled=False, storage_state=page.context.storage_state()).new_page()
    without_js.goto(page.url)
    with running_consumer(workers=1):
        # The page polls the job's state and reloads itself once the file is ready...
        download_link = page.get_by_role("link", name="تنزيل badges-market-")
        download_link.wait_for(timeout=60_000)
        # ...and without JavaScript it refreshes itself until then.
        without_js.get_by_role("link", name="تنزيل badges-market-").wait_for(timeout=30_000)
    without_js.context.close()
    assert page.locator("progress").get_attribute("value") == "100"
    screenshot(page, "ready-ar")

    with page.expect_download() as download_info:
        download_link.click()
    path = download_info.value.path()
    assert len(pdfium.PdfDocument(str(path))) == 2  # 12 badges, 8 on a page

    page.goto(page.url + "?lang=en")
    assert "Download badges-market-" in page.locator("main").inner_text()
    assert no_sideways_scroll(page)
    screenshot(page, "ready-en")
