"""Badges as families and organizers get them: QR images that a real decoder reads back
to a URL the gate accepts, the family's own page, the organizers' sheets, reissue."""
import base64
import io
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image

from festival.applications import operations as applications
from festival.badges import pdf as badge_pdf
from festival.badges.cards import BadgeCard
from festival.badges.models import Badge
from festival.badges.operations import badge_qr_url, badge_url
from festival.checkin.verify import Outcome, Reason, verify
from festival.core.qr import qr_png, qr_svg, qr_version
from festival.extensions import db
from tests.conftest import post_form
from tests.factories import NOW, during, open_market, placed_families, ready_family, request_for

SVG = "{http://www.w3.org/2000/svg}"


def decoded(image: Image.Image) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def token_of(url: str) -> str:
    return re.split("/[bB]/", url)[-1]


@dataclass
class Sheet:
    occurrence_id: int
    organizer: SimpleNamespace
    families: list[SimpleNamespace]  # user (for login), application_id, badge_id, name, short_code, url


@pytest.fixture
def sheet_of(app):
    def build(count=3):
        with app.app_context():
            market, organizer, badges = placed_families(count=count, stalls_count=max(count, 4))
            families = [SimpleNamespace(user=SimpleNamespace(phone=badge.family.user.phone),
                                        application_id=badge.application_id, badge_id=badge.id,
                                        name=badge.family.name, short_code=badge.short_code, url=badge_qr_url(badge))
                        for badge in badges]
            return Sheet(market.occurrences[0].id, SimpleNamespace(phone=organizer.phone), families)

    return build


def live_badges(app, occurrence_id) -> list[Badge]:
    with app.app_context():
        return list(db.session.scalars(db.select(Badge).where(Badge.occurrence_id == occurrence_id,
                                                              Badge.revoked_at.is_(None))))


# The QR code itself

def test_the_qr_png_decodes_to_the_badge_url_and_the_gate_accepts_it(placed):
    _market, _organizer, badge = placed
    url = badge_qr_url(badge)

    image = Image.open(io.BytesIO(qr_png(url)))

    assert decoded(image) == [url]
    assert url.startswith("HTTP://LOCALHOST/B/") and url == url.upper()
    assert badge_url(badge) == f"http://localhost/b/{token_of(url)}"  # links on pages stay lower-case
    assert verify(token_of(url), now=during(badge.occurrence)).outcome == Outcome.VALID


def test_the_qr_code_uses_error_correction_m_and_stays_small(placed):
    url = badge_qr_url(placed[2])

    result = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr_png(url))), formats=zxingcpp.BarcodeFormat.QRCode)[0]

    assert result.ec_level == "M"
    assert int(result.extra["Version"]) == qr_version(url) <= 7  # 149 characters: version 6, 41 × 41 modules


def test_the_qr_svg_is_one_svg_element_ready_to_inline(placed):
    url = badge_qr_url(placed[2])
    svg = qr_svg(url)

    root = ElementTree.fromstring(svg)
    assert not svg.startswith("<?xml")
    modules = 17 + 4 * qr_version(url) + 2 * 4  # the code and its quiet zone
    assert root.tag == f"{SVG}svg" and root.get("viewBox") == f"0 0 {modules} {modules}"
    assert [child.tag for child in root] == [f"{SVG}rect", f"{SVG}path"]  # white quiet zone, then the modules
    assert 'id="' not in svg  # an inlined code must not repeat an id on the page


# The PDF sheet

def cards(count: int) -> list[BadgeCard]:
    return [BadgeCard(badge_id=number, family_name=f"أسرة رقم {number}", head_name="أم محمد",
                      stall_code=f"A-{number:02d}", short_code="ABCDEFGH", event_title="سوق الجمعة",
                      first_day=date(2026, 1, 9), last_day=date(2026, 1, 9), venue="حديقة تشرين",
                      province="دمشق", url=f"HTTP://LOCALHOST/B/{number:A>130}") for number in range(1, count + 1)]


def page_count(pdf: bytes) -> int:
    return len(pdfium.PdfDocument(pdf))


@pytest.mark.parametrize(("badges", "pages"), [(0, 1), (1, 1), (8, 1), (9, 2), (17, 3)])
def test_the_pdf_sheet_has_eight_badges_a_page(app, badges, pages):
    with app.test_request_context("/"):
        pdf = badge_pdf.badge_sheet_pdf(cards(badges))

    assert pdf.startswith(b"%PDF")
    assert page_count(pdf) == pages


def test_every_qr_code_of_a_printed_pdf_page_is_read_back(app):
    sheet = cards(8)
    with app.test_request_context("/"):
        pdf = pdfium.PdfDocument(badge_pdf.badge_sheet_pdf(sheet))

    page = pdf[0].render(scale=150 / 72).to_pil()  # 150 dpi, as an office printer prints it

    assert sorted(decoded(page)) == sorted(card.url for card in sheet)


def test_a_large_sheet_makes_its_qr_codes_in_worker_processes_in_order(monkeypatch):
    monkeypatch.setattr(badge_pdf, "PARALLEL_FROM", 3)
    monkeypatch.setattr(badge_pdf, "_available_cpus", lambda: 2)
    urls = [f"http://localhost/b/{number}" for number in range(6)]

    images = list(badge_pdf._qr_images(urls))

    assert [decoded(Image.open(io.BytesIO(image))) for image in images] == [[url] for url in urls]


# The family's own badge

def test_the_family_opens_its_badge_from_its_application(client, login, sheet_of):
    family = sheet_of(count=1).families[0]
    login(family.user)

    page = client.get(f"/family/badges/{family.application_id}")

    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f"{family.short_code[:4]} {family.short_code[4:]}" in html
    assert family.name in html and "<svg" in html and "<?xml" not in html
    assert "private" in page.headers["Cache-Control"]


def test_the_family_downloads_its_qr_code_as_png_and_svg(client, login, sheet_of):
    family = sheet_of(count=1).families[0]
    login(family.user)

    png = client.get(f"/family/badges/{family.application_id}/qr.png")
    svg = client.get(f"/family/badges/{family.application_id}/qr.svg")

    assert png.mimetype == "image/png" and "attachment" in png.headers["Content-Disposition"]
    assert decoded(Image.open(io.BytesIO(png.data))) == [family.url]
    assert svg.mimetype == "image/svg+xml"
    ElementTree.fromstring(svg.data)


def test_a_family_never_sees_another_familys_badge(client, login, sheet_of):
    mine, theirs = sheet_of(count=2).families
    login(mine.user)

    for path in ("", "/qr.png", "/qr.svg"):
        assert client.get(f"/family/badges/{theirs.application_id}{path}").status_code == 404


def test_a_family_without_a_stall_is_told_when_its_badge_comes(app, client, login):
    with app.app_context():
        market = open_market(stalls=2, fridays=1)
        family = ready_family("أسرة تنتظر")
        application = applications.apply(family, market.occurrences[:1], request_for("food"), now=NOW)[0]
        db.session.commit()
        application_id, user = application.id, SimpleNamespace(phone=family.user.phone)
    login(user)

    response = client.get(f"/family/badges/{application_id}", follow_redirects=True)

    assert response.request.path == f"/family/applications/{application_id}"
    assert "بعد قبول الأسرة" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/family/badges/1", "/family/badges/1/qr.png", "/manage/occurrences/1/badges",
                                  "/manage/occurrences/1/badges/1"])
def test_anonymous_visitors_are_sent_to_log_in(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


# Organizers

def test_the_printable_sheet_lists_every_placed_family(client, login, sheet_of):
    sheet = sheet_of(count=3)
    login(sheet.organizer)

    html = client.get(f"/manage/occurrences/{sheet.occurrence_id}/badges").get_data(as_text=True)

    assert html.count('class="badge-card"') == 3
    for family in sheet.families:
        assert family.name in html
        assert f"{family.short_code[:4]} {family.short_code[4:]}" in html
    inlined = re.findall(r'src="data:image/png;base64,([^"]+)"', html)  # printable offline, one request
    urls = [url for data in inlined for url in decoded(Image.open(io.BytesIO(base64.b64decode(data))))]
    assert sorted(urls) == sorted(family.url for family in sheet.families)


def test_the_sheet_issues_missing_badges_and_its_query_count_does_not_grow(app, client, login, make, count_queries):
    small, large = sheet_of_without_badges(app, 2), sheet_of_without_badges(app, 5)
    login(make.organizer("damascus"))

    client.get(f"/manage/occurrences/{small}/badges")
    client.get(f"/manage/occurrences/{large}/badges")
    with count_queries() as small_queries:
        client.get(f"/manage/occurrences/{small}/badges")
    with count_queries() as large_queries:
        client.get(f"/manage/occurrences/{large}/badges")

    assert len(live_badges(app, small)) == 2 and len(live_badges(app, large)) == 5
    assert large_queries.count == small_queries.count


def sheet_of_without_badges(app, count: int) -> int:
    """An occurrence with `count` approved, placed families and no badge yet."""
    with app.app_context():
        _market, _organizer, badges = placed_families(count=count, stalls_count=count)
        occurrence_id = badges[0].occurrence_id
        db.session.execute(db.delete(Badge).where(Badge.occurrence_id == occurrence_id))
        db.session.commit()
        return occurrence_id


def test_the_pdf_sheet_holds_every_placed_family(client, login, sheet_of):
    sheet = sheet_of(count=9)
    login(sheet.organizer)

    sheet_page = f"/manage/occurrences/{sheet.occurrence_id}/badges"
    job_page = post_form(client, f"{sheet_page}.pdf", {}, form_page=sheet_page)
    assert job_page.status_code == 303 and job_page.headers["Location"].startswith("/jobs/")
    html = client.get(job_page.headers["Location"]).get_data(as_text=True)  # the test app runs the job at once
    download = re.search(r'href="(/jobs/\d+/file)"', html).group(1)
    response = client.get(download)

    assert response.mimetype == "application/pdf"
    assert "no-store" in response.headers["Cache-Control"]
    assert response.data.startswith(b"%PDF")
    assert page_count(response.data) == 2


@pytest.mark.parametrize("path", ["/badges", "/badges.pdf", "/badges/{badge_id}"])
def test_an_organizer_of_another_province_is_refused(client, login, make, sheet_of, path):
    sheet = sheet_of(count=1)
    login(make.organizer("aleppo"))

    url = f"/manage/occurrences/{sheet.occurrence_id}" + path.format(badge_id=sheet.families[0].badge_id)

    if path.endswith(".pdf"):
        assert post_form(client, url, {}, form_page="/notifications").status_code == 403
    else:
        assert client.get(url).status_code == 403


def test_a_family_cannot_open_the_organizers_sheets(client, login, sheet_of):
    sheet = sheet_of(count=1)
    login(sheet.families[0].user)

    assert client.get(f"/manage/occurrences/{sheet.occurrence_id}/badges").status_code == 403
    pdf_url = f"/manage/occurrences/{sheet.occurrence_id}/badges.pdf"
    assert post_form(client, pdf_url, {}, form_page="/notifications").status_code == 403


def test_reissuing_a_lost_badge_revokes_the_old_qr_code(app, client, login, sheet_of):
    sheet = sheet_of(count=1)
    family = sheet.families[0]
    login(sheet.organizer)
    badge_page = f"/manage/occurrences/{sheet.occurrence_id}/badges/{family.badge_id}"

    response = post_form(client, f"{badge_page}/reissue", {}, form_page=badge_page)

    (new_badge,) = live_badges(app, sheet.occurrence_id)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/badges/{new_badge.id}")
    assert new_badge.id != family.badge_id and new_badge.short_code != family.short_code
    new_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"{new_badge.short_code[:4]} {new_badge.short_code[4:]}" in new_page
    with app.app_context():
        now = during(db.session.get(Badge, new_badge.id).occurrence)
        assert verify(token_of(family.url), now=now).reason == Reason.REVOKED
        assert verify(token_of(badge_url(db.session.get(Badge, new_badge.id))), now=now).outcome == Outcome.VALID
    assert client.get(badge_page).status_code == 404  # the old badge is gone from the sheet


def test_reissue_needs_the_csrf_token(client, login, sheet_of):
    sheet = sheet_of(count=1)
    login(sheet.organizer)

    response = client.post(f"/manage/occurrences/{sheet.occurrence_id}/badges/{sheet.families[0].badge_id}/reissue")

    assert response.status_code == 400
