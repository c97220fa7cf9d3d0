"""The trainer's phone reads a family's training pass with its camera, in Arabic at 360 px.

Chromium's fake camera plays a Y4M video of the pass's QR code (made here with the app's own
festival.core.qr.qr_png), so the whole chain runs for real: getUserMedia, the camera module
(static/js/qr-camera.js) decoding frames with BarcodeDetector or jsQR (/static-vendor/jsqr.js),
the POST to /manage/training/sessions/<id>/scans and the verdict on screen
(static/js/training-scan.js). The video loops: the camera keeps seeing the code, and the family
must still be present once.
"""
import io
from datetime import timedelta

import pytest
from PIL import Image
from playwright.sync_api import expect
from sqlalchemy import func, select

from festival.core.qr import qr_png
from festival.core.types import utcnow
from festival.extensions import db
from festival.training import operations
from festival.training.models import Attendance, AttendanceMethod
from festival.training.passes import pass_url
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.browser.pages import PHONE_VIEWPORT, log_in, no_sideways_scroll
from tests.factories import make_cohort, ready_family

TRAINER = "المدربة سلمى"
FAMILY = "أسرة أم سامر للمونة"
WIDTH, HEIGHT, CODE_SIDE, FRAMES = 640, 480, 480, 5
# The Arabic of festival/translations/ar/LC_MESSAGES/messages.po
SCAN_BUTTON = "امسح بالكاميرا"  # Scan with the camera
RECORDED = "سُجّل الحضور"  # Present: recorded
ALREADY = "سُجّل حضورها في هذه الجلسة من قبل"  # Already recorded for this session
PASS_SCANNED = "بمسح البطاقة"  # pass scanned (the tag on the attendance list)
SCREENSHOT = "/tmp/camera-shot.png"


def write_y4m(path, url: str) -> None:
    """A few frames of the QR code of `url`, large and centred on white, as a Y4M video
    (4:2:0: the luma plane, then both chroma planes at a quarter of its size, all grey)."""
    code = Image.open(io.BytesIO(qr_png(url))).convert("L").resize((CODE_SIDE, CODE_SIDE), Image.NEAREST)
    frame = Image.new("L", (WIDTH, HEIGHT), 255)
    frame.paste(code, ((WIDTH - CODE_SIDE) // 2, (HEIGHT - CODE_SIDE) // 2))
    luma, chroma = frame.tobytes(), bytes([128]) * (WIDTH // 2 * HEIGHT // 2)
    with open(path, "wb") as video:
        video.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(FRAMES):
            video.write(b"FRAME\n" + luma + chroma + chroma)


@pytest.fixture
def camera_phone(browser, tmp_path):
    """open(url_in_the_code, origin) -> a 360 px Arabic phone whose camera films that QR code.

    Its own Chromium (the camera is chosen at launch), from the Playwright of the `browser` fixture."""
    launched = []

    def open_phone(url_in_the_code: str, origin: str):
        video = tmp_path / "pass.y4m"
        write_y4m(video, url_in_the_code)
        camera = browser.browser_type.launch(
            executable_path=CHROMIUM, headless=True,
            args=CHROMIUM_ARGS + ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                                  f"--use-file-for-fake-video-capture={video}"])
        launched.append(camera)
        context = camera.new_context(viewport=PHONE_VIEWPORT, locale="ar-SY", device_scale_factor=1)
        context.grant_permissions(["camera"], origin=origin)
        return context.new_page()

    yield open_phone
    for camera in launched:
        camera.close()


def count_attendances(app, session_id: int, family_id: int, method=None) -> int:
    with app.app_context():
        query = select(func.count()).select_from(Attendance).where(Attendance.session_id == session_id,
                                                                   Attendance.family_id == family_id)
        if method is not None:
            query = query.where(Attendance.method == method)
        return db.session.scalar(query)


def test_the_trainers_phone_scans_a_familys_pass_with_its_camera_and_records_it_once(
        app, make, live_server, camera_phone):
    organizer = make.organizer("damascus", name=TRAINER)
    with app.app_context():
        cohort = make_cohort(organizer, [utcnow() + timedelta(minutes=20)])  # open: from an hour before
        session_id = cohort.sessions[0].id
        family = db.session.merge(ready_family(name=FAMILY))
        enrolment = operations.enrol(family, cohort, now=utcnow(), by=db.session.merge(organizer))
        db.session.commit()
        family_id, the_pass = family.id, pass_url(enrolment)
    assert "/T/" in the_pass

    phone = camera_phone(the_pass, origin=live_server)
    answers = []  # what the server said to each code the camera read
    phone.on("response", lambda response: answers.append(response.json()["tone"])
             if response.url.endswith(f"/sessions/{session_id}/scans") else None)
    log_in(phone, live_server, organizer.phone)
    phone.wait_for_url("**/manage")
    phone.goto(f"{live_server}/manage/training/sessions/{session_id}/scan")

    verdict = phone.locator("#scan-result")
    expect(verdict).to_be_hidden()  # nothing scanned yet
    phone.get_by_role("button", name=SCAN_BUTTON).click()
    expect(phone.locator("#scan-video")).to_be_visible()

    # The camera sees the pass: the family is recorded, and the trainer sees who.
    expect(verdict).to_have_class("verdict verdict-ok", timeout=15_000)
    expect(verdict.locator(".verdict-title")).to_have_text(RECORDED)
    expect(verdict.locator(".verdict-family")).to_have_text(FAMILY)
    assert no_sideways_scroll(phone), "the scan page scrolls sideways at 360 px"
    phone.screenshot(path=SCREENSHOT, full_page=True)
    assert count_attendances(app, session_id, family_id, AttendanceMethod.SCAN) == 1

    # The video loops: once the same code may be read again (qr-camera.js, SAME_CODE_MS) the
    # camera sends it again, and the server says it was recorded already, nothing more.
    expect(verdict).to_have_class("verdict verdict-warn", timeout=15_000)
    expect(verdict.locator(".verdict-title")).to_have_text(ALREADY)
    expect(verdict.locator(".verdict-family")).to_have_text(FAMILY)
    assert answers[0] == "ok" and len(answers) >= 2 and set(answers[1:]) == {"warn"}, answers
    assert count_attendances(app, session_id, family_id) == 1

    # The attendance list says so too: ticked, by a scanned pass.
    phone.goto(f"{live_server}/manage/training/sessions/{session_id}")
    row = phone.locator(".checkbox-list li", has_text=FAMILY)
    expect(row.get_by_role("checkbox")).to_be_checked()
    expect(row.locator(".tag")).to_have_text(PASS_SCANNED)
