"""The PDF sheet as readers see it: names copied, searched and read aloud whole, never cut.

Two independent extractors read it back: poppler's `pdftotext` (what most Linux viewers and
search tools use) and pypdf.
"""
import base64
import io
import re
import shutil
import subprocess
from datetime import date

import pypdf
import pytest

from festival.badges import pdf as badge_pdf
from festival.badges.cards import BadgeCard

BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
TOKEN = base64.b32encode(bytes(range(81))).decode().rstrip("=")  # as long as a real badge token, as random
PT_MM = 25.4 / 72
LONGEST_NAME = ("أسرة الدمشقي للمونة البيتية والحلويات الشرقية والمربيات والمخللات والزعتر الحلبي "
                "والصابون البلدي وأطباق القش الملوّنة")


def card(name: str, head_name: str = "أم محمد", number: int = 1, url: str | None = None) -> BadgeCard:
    return BadgeCard(badge_id=number, family_name=name, head_name=head_name, stall_code="A-01",
                     short_code="ABCDEFGH", event_title="مهرجان حلب للتسوق", first_day=date(2026, 1, 9),
                     last_day=date(2026, 1, 9), venue="حديقة تشرين", province="دمشق",
                     url=url or f"HTTPS://ASWAQ.EXAMPLE.SY/B/{TOKEN[:-3]}{number:03d}")


def sheet(app, cards, lang="ar") -> bytes:
    with app.test_request_context(f"/?lang={lang}"):
        return badge_pdf.badge_sheet_pdf(cards)


def pdftotext(document: bytes, tmp_path) -> str:
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing: `make test` installs poppler-utils")
    path = tmp_path / "sheet.pdf"
    path.write_bytes(document)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def with_pypdf(document: bytes, _tmp_path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(document)).pages)


def words(text: str) -> str:
    """The words in reading order; poppler's bidi puts a hyphen or colon on either side of its space."""
    return re.sub(r" ?([-:]) ?", r"\1", " ".join(BIDI_CONTROLS.sub("", text).split()))


@pytest.fixture(params=[pdftotext, with_pypdf], ids=["pdftotext", "pypdf"])
def extract(request, tmp_path):
    return lambda document: words(request.param(document, tmp_path))


@pytest.mark.parametrize("name", ["أسرة الدمشقي", "بيت الحلويات الشامية - آل الصبّاغ", "أسرة أبو خليل للمونة"])
def test_an_arabic_name_is_extracted_as_it_was_typed(app, extract, name):
    text = extract(sheet(app, [card(name)]))

    assert words(name) in text
    assert "ربّ الأسرة:أم محمد" in text
    assert "مهرجان حلب للتسوق" in text and "ABCD EFGH" in text


def test_the_longest_name_is_printed_whole_on_several_lines_never_cut(app, extract):
    assert len(LONGEST_NAME) >= 115  # the form allows 120

    text = extract(sheet(app, [card(LONGEST_NAME, head_name=LONGEST_NAME)]))

    assert "…" not in text
    assert text.count(LONGEST_NAME) == 2  # the family and its head, each whole, in reading order


def test_every_font_has_its_own_subset_tag_and_the_document_a_title(app):
    reader = pypdf.PdfReader(io.BytesIO(sheet(app, [card("Famille Łukasz"), card("أسرة الدمشقي")])))

    fonts = [font.get_object()["/BaseFont"] for font in reader.pages[0]["/Resources"]["/Font"].values()]
    tags = [name.split("+")[0] for name in fonts]
    assert len(fonts) >= 2 and len(set(tags)) == len(tags)
    assert all(re.fullmatch("/[A-Z]{6}", tag) for tag in tags)
    assert reader.metadata.title == "بطاقات المشاركة: مهرجان حلب للتسوق"
    assert reader.trailer["/Root"]["/Lang"] == "ar"


def printed_qr(app, url: str | None = None) -> tuple[int, float]:
    """(modules, module size in mm) of the QR code on a one-badge sheet."""
    reader = pypdf.PdfReader(io.BytesIO(sheet(app, [card("أسرة الدمشقي", url=url)])))
    page = reader.pages[0]
    image = next(iter(page["/Resources"]["/XObject"].values())).get_object()
    content = page.get_contents().get_data().decode("latin-1")
    width_pt = float(re.search(r"([\d.]+) 0 0 [\d.]+ [\d.]+ [\d.]+ cm /I\d+ Do", content).group(1))
    modules = image["/Width"] // badge_pdf.QR_MODULE_PIXELS
    return modules, width_pt * PT_MM / modules


def test_the_qr_code_is_printed_with_modules_of_at_least_0_8_mm(app):
    modules, module_mm = printed_qr(app)

    assert modules == 45  # version 7: an upper-case badge URL in alphanumeric mode
    assert module_mm >= 0.85  # 39.2 mm / 45 = 0.87 mm
    assert modules * module_mm == pytest.approx(badge_pdf.QR_SIZE_MM, abs=0.05)  # as wide as the first badges'


@pytest.mark.parametrize(("url", "modules"), [
    (f"https://aswaq.example.sy/b/{base64.urlsafe_b64encode(bytes(range(81))).decode()}", 49),  # a v1 token: 8
    (f"https://aswaq.example.sy/souq/events/b/{'x' * 130}", 53),  # byte mode: version 9
])
def test_a_larger_code_keeps_modules_of_0_8_mm(app, url, modules):
    printed_modules, module_mm = printed_qr(app, url)

    assert printed_modules == modules
    assert module_mm >= 0.799
