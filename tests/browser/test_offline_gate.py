"""The gate keeps working offline: a phone opens the scanner online, loses the network for a
morning, checks badges on its own, is restarted, and sends everything when the network is back.

The phone is a persistent Chromium profile (closed and opened again = a phone restart);
`set_offline` cuts its network, service worker included.
"""
import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from festival.badges.models import Badge
from festival.badges.operations import reissue_badge
from festival.checkin.models import CheckIn, ScanConflict
from festival.extensions import db
from festival.markets.models import Occurrence
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.browser.pages import PHONE_VIEWPORT, log_in, no_sideways_scroll
from tests.factories import build_gate_day

CODE_LABEL = "الرمز القصير على البطاقة"
CHECK_IN = "تسجيل الحضور"


class Phone:
    """A gate phone with its own profile on disk: its storage survives a restart."""

    def __init__(self, browser, profile_dir, base_url):
        self.browser_type, self.profile_dir, self.base_url = browser.browser_type, str(profile_dir), base_url
        self.context = self.page = None

    def start(self):
        self.context = self.browser_type.launch_persistent_context(
            self.profile_dir, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            viewport=PHONE_VIEWPORT, locale="ar-SY", service_workers="allow")
        self.page = self.context.pages[0] if self.context.pages else self.context.new_page()
        return self

    def restart(self):
        self.context.close()
        return self.start()

    def stop(self):
        if self.context:
            self.context.close()

    def open_scanner(self, occurrence_id):
        self.page.goto(f"{self.base_url}/gate/occurrences/{occurrence_id}/scan")

    def status(self):
        return self.page.locator("#gate-status")

    def wait_ready_offline_capable(self):
        """Online, with the package stored and the service worker in control of the page."""
        expect(self.status()).to_have_attribute("data-mode", "online", timeout=15000)
        expect(self.page.locator("#scanner")).to_have_attribute("data-offline-ready", "1", timeout=15000)
        expect(self.page.locator("#gate-ready")).to_contain_text("جاهز للعمل دون شبكة")

    def type_code(self, code, label=CODE_LABEL, button=CHECK_IN):
        self.page.get_by_label(label).fill(code)
        self.page.get_by_role("button", name=button).click()
        expect(self.page.get_by_label(label)).to_have_value("")

    def scan_url(self, url):
        """What a handheld scanner types when it reads a badge's QR code: the URL, then Enter."""
        self.page.get_by_label(CODE_LABEL).fill(url)
        self.page.get_by_label(CODE_LABEL).press("Enter")
        expect(self.page.get_by_label(CODE_LABEL)).to_have_value("")

    def waiting(self):
        return int(self.status().get_attribute("data-waiting"))


@pytest.fixture
def phones(browser, live_server, tmp_path):
    started = []

    def make(name):
        phone = Phone(browser, tmp_path / name, live_server).start()
        started.append(phone)
        return phone

    yield make
    for phone in started:
        phone.stop()


def checkins(app):
    with app.app_context():
        return db.session.scalars(db.select(CheckIn).order_by(CheckIn.id)).all()


def test_a_morning_offline_loses_nothing_and_counts_nothing_twice(app, phones, live_server, screenshot):
    with app.app_context():
        day = build_gate_day(families=54, stalls_count=54)
    phone = phones("gate-phone")
    log_in(phone.page, live_server, day.gate.phone)
    phone.open_scanner(day.occurrence_id)
    phone.wait_ready_offline_capable()
    screenshot(phone.page, "online-ar")

    phone.context.set_offline(True)
    phone.page.reload()  # the service worker's copy: no network at all
    expect(phone.status()).to_have_attribute("data-mode", "offline")
    by_code, by_url = day.placed[:50], day.placed[50:53]
    for family in by_code:
        phone.type_code(family.short_code.lower())
        expect(phone.page.locator("#scan-result")).to_contain_text(family.name)
    for family in by_url:
        phone.scan_url(f"{live_server}/b/{family.token}")
        expect(phone.page.locator("#scan-result")).to_contain_text(family.name)
    phone.type_code(by_code[0].short_code)  # the same family again: this phone knows
    expect(phone.page.locator("#scan-result")).to_have_class(re.compile("verdict-warn"))
    expect(phone.status()).to_have_attribute("data-waiting", "53")
    assert no_sideways_scroll(phone.page)
    screenshot(phone.page, "offline-ar")
    assert checkins(app) == []

    phone.restart()  # the phone was switched off and on, still without a network
    phone.context.set_offline(True)
    phone.open_scanner(day.occurrence_id)
    expect(phone.status()).to_have_attribute("data-waiting", "53")

    expect(phone.page.locator("#gate-ready")).to_contain_text("جاهز للعمل دون شبكة")

    phone.context.set_offline(False)  # the network is back; the restart ended the session
    expect(phone.status()).to_contain_text("سجّل الدخول من جديد لإرسال المسحات", timeout=30000)
    log_in(phone.page, live_server, day.gate.phone)
    phone.open_scanner(day.occurrence_id)
    expect(phone.status()).to_have_attribute("data-waiting", "0", timeout=30000)
    expect(phone.status()).to_have_attribute("data-mode", "online")

    recorded = checkins(app)
    assert len(recorded) == 53
    assert len({checkin.family_id for checkin in recorded}) == 53
    assert all(checkin.device_id and checkin.uploaded_at > checkin.checked_in_at for checkin in recorded)
    assert {checkin.method for checkin in recorded} == {"code", "scan"}

    assert stored_packages(phone.page) == 1
    phone.page.get_by_role("button", name="تسجيل الخروج").click()  # the list of badges leaves the phone
    phone.page.wait_for_url(re.compile(r"/(\?.*)?$"))
    assert stored_packages(phone.page) == 0


def stored_packages(page) -> int:
    return page.evaluate("""() => new Promise((resolve, reject) => {
        const request = indexedDB.open("festival-gate");
        request.onsuccess = () => {
            const count = request.result.transaction("packages").objectStore("packages").count();
            count.onsuccess = () => resolve(count.result);
            count.onerror = () => reject(count.error);
        };
        request.onerror = () => reject(request.error);
    })""")


def test_two_offline_phones_admitting_one_family_show_one_arrival_and_one_conflict(app, phones, live_server,
                                                                                   phone_page, screenshot):
    with app.app_context():
        day = build_gate_day(families=3)
    first, second = phones("north-gate"), phones("south-gate")
    for phone in (first, second):
        log_in(phone.page, live_server, day.gate.phone)
        phone.open_scanner(day.occurrence_id)
        phone.wait_ready_offline_capable()
        phone.context.set_offline(True)
    family, revoked = day.placed[0], day.placed[1]
    with app.app_context():  # an organizer replaces a badge after the phones fetched their lists
        badge = db.session.scalar(db.select(Badge).where(Badge.short_code == revoked.short_code))
        reissue_badge(badge, by=None)
        db.session.commit()

    first.type_code(family.short_code)
    second.type_code(family.short_code)
    second.type_code(revoked.short_code)  # still valid in this phone's list
    for phone in (first, second):
        expect(phone.page.locator("#scan-result")).to_have_class(re.compile("verdict-ok"))
        phone.context.set_offline(False)
    for phone in (first, second):  # uploaded, then the list refreshed
        expect(phone.status()).to_have_attribute("data-waiting", "0", timeout=30000)
        expect(phone.status()).to_have_attribute("data-mode", "online", timeout=30000)

    second.type_code(revoked.short_code)  # after the refresh, the old badge is refused
    expect(second.page.locator("#scan-result")).to_have_class(re.compile("verdict-bad"))
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(CheckIn)) == 1
        kinds = sorted(conflict.kind for conflict in db.session.scalars(db.select(ScanConflict)))
    assert kinds == ["refused", "twice"]

    page = phone_page  # the organizer's own phone
    log_in(page, live_server, day.organizer.phone)
    page.goto(f"{live_server}/manage/occurrences/{day.occurrence_id}/attendance")
    conflicts = page.locator("#scan-conflicts")
    expect(conflicts).to_contain_text(family.name)
    expect(conflicts).to_contain_text(revoked.name)
    assert no_sideways_scroll(page)
    screenshot(page, "conflicts-ar")


def test_the_phone_s_verdicts_are_the_server_s(app, phones, live_server, screenshot):
    """Valid, forged, revoked, expired and other-date badges: the browser's verifier (WebCrypto
    and the npm library) and festival/checkin/verify.py say the same."""
    from festival.checkin.verify import verify, verify_short_code
    from festival.core.types import utcnow

    with app.app_context():
        day = build_gate_day(families=4)
        other = build_gate_day(families=1, title="سوق آخر", gate_name="بوابة أخرى")
    phone = phones("verifier")
    log_in(phone.page, live_server, day.gate.phone)
    phone.open_scanner(day.occurrence_id)
    phone.wait_ready_offline_capable()
    valid, revoked, expired = day.placed[0].token, day.placed[1].token, day.placed[2].token
    forged = valid[:40] + ("A" if valid[40] != "A" else "B") + valid[41:]
    with app.app_context():
        badge = db.session.scalar(db.select(Badge).where(Badge.short_code == day.placed[1].short_code))
        reissue_badge(badge, by=None)
        expiring = db.session.scalar(db.select(Badge).where(Badge.short_code == day.placed[2].short_code))
        expiring.valid_until = utcnow() - timedelta(minutes=1)
        db.session.commit()
    phone.page.reload()  # online: the phone refreshes its list
    phone.wait_ready_offline_capable()
    cases = {"valid": valid, "forged": forged, "revoked": revoked, "expired": expired,
             "other date": other.placed[0].token, "malformed": valid[:-5]}

    with app.app_context():
        occurrence = db.session.get(Occurrence, day.occurrence_id)
        server = {name: verify(token, now=utcnow(), gate_occurrence=occurrence) for name, token in cases.items()}
    expected = {name: [verdict.outcome.value, verdict.reason.value if verdict.reason else None]
                for name, verdict in server.items()}
    assert expected == {"valid": ["valid", None], "forged": ["invalid", "bad_signature"],
                        "revoked": ["invalid", "revoked"], "expired": ["invalid", "expired"],
                        "other date": ["invalid", "wrong_event"], "malformed": ["invalid", "malformed"]}
    for engine in ("webcrypto", "library"):
        phone_says = phone.page.evaluate("""async ([cases, engine, occurrenceId]) => {
            if (engine === "library") { await GateVerify.useLibrary(); }
            const pkg = GateVerify.indexPackage(await GateStore.getPackage(occurrenceId));
            const verdicts = {};
            for (const [name, token] of Object.entries(cases)) {
                const verdict = await GateVerify.verify({token}, pkg, {}, Date.now());
                verdicts[name] = [verdict.outcome, verdict.reason];
            }
            return [await GateVerify.engine(), verdicts];
        }""", [cases, engine, day.occurrence_id])
        assert phone_says == [engine, expected]

    typed = {"code": day.placed[3].short_code, "code in lower case with a dash":
             day.placed[3].short_code[:4].lower() + "-" + day.placed[3].short_code[4:],
             "replaced badge's code": day.placed[1].short_code, "no such code": "ZZZZ2222"}
    with app.app_context():
        occurrence = db.session.get(Occurrence, day.occurrence_id)
        server_typed = {name: [verdict.outcome.value, verdict.reason.value if verdict.reason else None]
                        for name, code in typed.items()
                        for verdict in [verify_short_code(code, now=utcnow(), gate_occurrence=occurrence)]}
    phone_typed = phone.page.evaluate("""async ([typed, occurrenceId]) => {
        const pkg = GateVerify.indexPackage(await GateStore.getPackage(occurrenceId));
        const verdicts = {};
        for (const [name, code] of Object.entries(typed)) {
            const verdict = await GateVerify.verify({short_code: code}, pkg, {}, Date.now());
            verdicts[name] = [verdict.outcome, verdict.reason];
        }
        return verdicts;
    }""", [typed, day.occurrence_id])
    assert phone_typed == server_typed
    assert server_typed["no such code"] == ["invalid", "unknown"] and server_typed["code"] == ["valid", None]

    phone.page.goto(f"{live_server}/gate/occurrences/{day.occurrence_id}/scan?lang=en")
    expect(phone.page.locator("#gate-ready")).to_contain_text("Ready to work offline: 4 badges on this phone.")
    phone.context.set_offline(True)
    phone.type_code(day.placed[3].short_code, label="Short code on the badge", button="Check in")
    expect(phone.page.locator("#scan-result")).to_contain_text("Saved on this phone")
    expect(phone.status()).to_contain_text("1 scan waiting to be sent")
    assert no_sideways_scroll(phone.page)
    screenshot(phone.page, "offline-en")
