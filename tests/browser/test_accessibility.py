"""axe-core finds no critical or serious violation on any page, at 360 and 1280 px, in both languages.

Its `target-size` rule is switched on too: every tap target is at least 24 by 24 px.

The demo data gives every page something real to show (markets in every state, applications,
stalls, badges, check-ins). axe-core comes from the npm registry at setup (the Makefile's
`install-test`), never from the repository; a missing copy fails the test instead of skipping it.
"""
from pathlib import Path

from flask import url_for

from festival.demo import load_demo
from festival.extensions import db
from festival.markets.models import Market, Occurrence
from festival.provinces.models import Province
from tests.browser.pages import PHONE_VIEWPORT

AXE = Path(__file__).resolve().parents[2] / ".npm" / "node_modules" / "axe-core" / "axe.min.js"
DEMO_PASSWORD = "festival-demo"
DESKTOP_VIEWPORT = {"width": 1280, "height": 900}
BLOCKING = {"critical", "serious"}


def _demo_pages(app) -> dict[str, list[str]]:
    """The pages each demo account opens, keyed by its phone (None: a visitor)."""
    with app.app_context():
        load_demo()
        db.session.commit()
        market = db.session.scalar(
            db.select(Market).join(Market.province)
            .where(Market.status == "published", Province.slug == "damascus").order_by(Market.id)
        )
        occurrence = db.session.scalar(
            db.select(Occurrence).where(Occurrence.market_id == market.id).order_by(Occurrence.day)
        )
        with app.test_request_context():
            event = url_for("calendar.event", occurrence_id=occurrence.id)
            market_page = url_for("markets.show", market_id=market.id)
            queue = url_for("review.queue", market_id=market.id)
            stalls = url_for("stalls.floor", occurrence_id=occurrence.id)
            attendance = url_for("checkin_manage.attendance", occurrence_id=occurrence.id)
            badges = url_for("badges.sheet", occurrence_id=occurrence.id)
            messages = url_for("messages.market", market_id=market.id)
            contact = url_for("contact.families", occurrence_id=occurrence.id, audience="placed")
            job = url_for("jobs.show", job_id=_finished_job(occurrence, "+963930000002"))
    return {
        None: ["/", "/calendar", "/calendar?view=list", "/provinces/damascus", event, "/login", "/register",
               "/help/families", "/password/forgot"],
        "0944000001": ["/family", "/family/applications", "/family/sales", "/family/profile", "/notifications",
                       "/notifications/settings", "/account/phone", "/family/documents"],
        "0930000002": ["/manage", "/manage/markets", market_page, "/manage/markets/new", "/manage/venues",
                       queue, stalls, attendance, badges, "/manage/sales", messages, contact, job,
                       "/manage/documents", f"{market_page}/documents"],
        "0930000101": ["/gate"],
        "0930000001": ["/admin/users", "/admin/audit", "/admin/sales/register", "/admin/messages",
                       "/admin/document-types"],
    }


def _finished_job(occurrence, organizer_phone: str) -> int:
    """A badge PDF job of the organizer, done, with its file (the job's page offers the download)."""
    from festival.auth.models import User
    from festival.core.types import utcnow
    from festival.jobs.models import Job, JobStatus
    from festival.jobs.operations import BuiltFile, store_file

    organizer = db.session.scalar(db.select(User).where(User.phone == organizer_phone))
    job = Job(kind="badges.occurrence", subject_key=f"badges:occurrence:{occurrence.id}", params={},
              requested_by_id=organizer.id, province_id=occurrence.market.province_id, status=JobStatus.RUNNING,
              progress_done=0, progress_total=1)
    db.session.add(job)
    db.session.flush()
    store_file(job, BuiltFile(b"%PDF-1.4", "badges.pdf", "application/pdf"), utcnow())
    db.session.commit()
    return job.id


def _violations(page, axe_source: str) -> list[str]:
    page.evaluate(axe_source)
    results = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations'], rules: {'target-size': {enabled: true}}}))"
        ".violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"
    )
    return [f"{v['id']} ({v['impact']}): {v['nodes']}" for v in results if v["impact"] in BLOCKING]


def test_no_page_has_a_critical_or_serious_accessibility_violation(app, browser, live_server):
    assert AXE.exists(), f"{AXE} is missing: run `make install-test` (it installs axe-core from npm)"
    axe_source = AXE.read_text()
    found: dict[str, list[str]] = {}
    for phone, paths in _demo_pages(app).items():
        for viewport in (PHONE_VIEWPORT, DESKTOP_VIEWPORT):
            context = browser.new_context(viewport=viewport, locale="ar-SY", bypass_csp=True)
            page = context.new_page()
            if phone:
                page.goto(live_server + "/login")
                page.fill("input[name=phone]", phone)
                page.fill("input[name=password]", DEMO_PASSWORD)
                with page.expect_navigation():
                    page.press("input[name=password]", "Enter")
            for language in ("ar", "en"):
                for path in paths:
                    separator = "&" if "?" in path else "?"
                    response = page.goto(f"{live_server}{path}{separator}lang={language}")
                    assert response.status < 400, f"{path} answered {response.status}"
                    problems = _violations(page, axe_source)
                    if problems:
                        found[f"{path} [{language}, {viewport['width']}px, {phone or 'visitor'}]"] = problems
            context.close()
    assert found == {}, "\n".join(f"{where}: {problems}" for where, problems in found.items())
