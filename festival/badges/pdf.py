"""The printable badge sheet as a PDF made on the server: 8 badges on each A4 page.

Arabic is shaped by HarfBuzz (fpdf2 `set_text_shaping`, through uharfbuzz) and ordered
by fpdf2's bidi algorithm, so letters join and a line such as `الجناح A-01` reads right
to left with the code intact. Noto Sans Arabic carries Arabic and basic Latin (Latin-1);
Noto Sans is the fallback for any other Latin letter in a name or a title.

Both fonts are variable fonts. fpdf2 makes static instances of them (`variations=`),
but that costs about 0.3 s for each Arabic weight on every PDF (and 4.7 s for Noto Sans,
which covers Greek, Cyrillic and Vietnamese too): Noto Sans Arabic's Regular and Bold are
instanced once per process into a private temporary folder, and Noto Sans is used as it
is, its default instance being the Regular a fallback needs.
"""
import atexit
import io
import math
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import cache, partial
from pathlib import Path

import fontpkg_noto_sans
import fontpkg_noto_sans_arabic
from flask_babel import gettext as _
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer
from fpdf import FPDF

from festival.badges.qr import qr_png
from festival.core.i18n import is_arabic

ARABIC_FONT = fontpkg_noto_sans_arabic.ROOT / "files" / "NotoSansArabic[wdth,wght].ttf"
LATIN_FONT = fontpkg_noto_sans.ROOT / "files" / "NotoSans[wdth,wght].ttf"  # default instance: Regular

# A4 portrait in mm, 2 × 4 badges of 95 × 69.25 mm.
PAGE_WIDTH, PAGE_HEIGHT, PAGE_MARGIN = 210.0, 297.0, 10.0
COLUMNS, ROWS = 2, 4
BADGES_PER_PAGE = COLUMNS * ROWS
CARD_WIDTH = (PAGE_WIDTH - 2 * PAGE_MARGIN) / COLUMNS
CARD_HEIGHT = (PAGE_HEIGHT - 2 * PAGE_MARGIN) / ROWS
PADDING, GAP = 4.0, 4.0
HEADER_HEIGHT = 10.0
QR_SIZE = 40.0  # 57 modules (version 8 with its quiet zone): 0.7 mm a module
QR_MODULE_PIXELS = 4  # the PDF scales the image without smoothing; 4 px keeps the file small
TEXT_WIDTH = CARD_WIDTH - 2 * PADDING - QR_SIZE - GAP

# The qrcode package spends ~8 ms on each code (it tries the 8 mask patterns, in pure
# Python): most of a large sheet's time. From this many badges on, worker processes make
# the codes while this process lays out the pages; below it, starting them costs more.
PARALLEL_FROM = 100
MAX_WORKERS = 4

INK, MUTED, BRAND, TINT, CUT_LINE = (31, 42, 46), (91, 103, 107), (10, 79, 68), (231, 243, 239), (150, 150, 150)


@cache
def _static_arabic_fonts() -> dict[str, Path]:
    """Regular and Bold instances of Noto Sans Arabic, made once per process."""
    folder = Path(tempfile.mkdtemp(prefix="festival-badge-fonts-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    files = {}
    for style, weight in (("", 400), ("B", 700)):
        with TTFont(ARABIC_FONT) as font:
            instancer.instantiateVariableFont(font, {"wght": weight, "wdth": 100}, inplace=True, static=True)
            files[style] = folder / f"NotoSansArabic-{weight}.ttf"
            font.save(files[style])
    return files


def _new_document() -> FPDF:
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margin(0)
    for style, path in _static_arabic_fonts().items():
        pdf.add_font("arabic", style, path)
    pdf.add_font("latin", "", LATIN_FONT)
    pdf.set_fallback_fonts(["latin"], exact_match=False)
    pdf.set_text_shaping(True)
    pdf.set_creator("Festival")
    return pdf


class _BadgeWriter:
    """Draws one badge at a time; `rtl` mirrors the layout (text on the right, QR on the left)."""

    def __init__(self, pdf: FPDF, rtl: bool):
        self.pdf, self.rtl = pdf, rtl
        self.align = "R" if rtl else "L"
        self.labels = {"badge": _("Badge"), "stall": _("Stall"), "code": _("Code for manual entry"),
                       "head": _("Head of the family")}
        self._unit_widths: dict[tuple[str, str], float] = {}

    def _unit_width(self, text: str, style: str) -> float:
        """Width at 1 pt (widths grow linearly with the size), measured once per text."""
        key = (text, style)
        if key not in self._unit_widths:
            self.pdf.set_font("arabic", style, 100)
            self._unit_widths[key] = self.pdf.get_string_width(text) / 100
        return self._unit_widths[key]

    def _fit(self, text: str, width: float, size: float, smallest: float, style: str) -> tuple[str, float]:
        """The text at `size`, or smaller down to `smallest`, or cut and ended with an ellipsis."""
        unit = self._unit_width(text, style)
        if unit * size <= width:
            return text, size
        fitting = math.floor(width / unit * 2) / 2 if unit else size  # in half points
        if fitting >= smallest:
            return text, fitting
        kept, cut = 0, len(text)  # the longest start that fits with "…", by bisection
        while kept < cut:
            middle = (kept + cut + 1) // 2
            if self._unit_width(text[:middle].rstrip() + "…", style) * smallest <= width:
                kept = middle
            else:
                cut = middle - 1
        return text[:kept].rstrip() + "…", smallest

    def _line(self, text, x, y, width, height, size, *, smallest=None, style="", color=INK, align=None):
        text, size = self._fit(text, width, size, smallest or size, style)
        self.pdf.set_font("arabic", style, size)
        self.pdf.set_text_color(*color)
        self.pdf.set_xy(x, y)
        self.pdf.cell(width, height, text, align=align or self.align)

    def cut_lines(self, badges_on_page: int) -> None:
        """Dashed lines around and between the badges of a page: where the scissors go."""
        pdf = self.pdf
        rows = min(ROWS, -(-badges_on_page // COLUMNS))
        right, bottom = PAGE_WIDTH - PAGE_MARGIN, PAGE_MARGIN + rows * CARD_HEIGHT
        with pdf.local_context(draw_color=CUT_LINE, line_width=0.2):
            pdf.set_dash_pattern(dash=1.5, gap=1.5)
            for row in range(rows + 1):
                pdf.line(PAGE_MARGIN, PAGE_MARGIN + row * CARD_HEIGHT, right, PAGE_MARGIN + row * CARD_HEIGHT)
            for column in range(COLUMNS + 1):
                pdf.line(PAGE_MARGIN + column * CARD_WIDTH, PAGE_MARGIN, PAGE_MARGIN + column * CARD_WIDTH, bottom)

    def draw(self, card, left: float, top: float, qr_image: bytes) -> None:
        pdf = self.pdf

        # Header: the event on the start side, the word "badge" on the end side.
        pdf.set_fill_color(*TINT)
        pdf.rect(left + 0.6, top + 0.6, CARD_WIDTH - 1.2, HEADER_HEIGHT, style="F")
        inner_left, inner_width = left + PADDING, CARD_WIDTH - 2 * PADDING
        label_width = 24.0
        self._line(self.labels["badge"], inner_left, top + 1.5, inner_width, HEADER_HEIGHT - 2, 8, color=BRAND,
                   align="L" if self.rtl else "R")
        title_left = inner_left + label_width if self.rtl else inner_left
        self._line(card.event_title, title_left, top + 1.5, inner_width - label_width, HEADER_HEIGHT - 2, 10.5,
                   smallest=8, style="B", color=BRAND)

        # The QR code and the short code on the end side.
        body_top = top + HEADER_HEIGHT + 3
        qr_left = inner_left if self.rtl else left + CARD_WIDTH - PADDING - QR_SIZE
        pdf.image(io.BytesIO(qr_image), x=qr_left, y=body_top, w=QR_SIZE, h=QR_SIZE)
        pdf.set_font("arabic", "B", 13)
        pdf.set_text_color(*INK)
        pdf.set_xy(qr_left, body_top + QR_SIZE)
        pdf.cell(QR_SIZE, 6, card.grouped_short_code, align="C")
        self._line(self.labels["code"], qr_left, body_top + QR_SIZE + 6, QR_SIZE, 3.5, 6.5, smallest=5,
                   color=MUTED, align="C")

        # The family, its stall and the event on the start side.
        text_left = inner_left + QR_SIZE + GAP if self.rtl else inner_left
        y = body_top
        self._line(card.family_name, text_left, y, TEXT_WIDTH, 7, 14, smallest=9, style="B")
        y += 7
        if card.head_name:
            self._line(f"{self.labels['head']}: {card.head_name}", text_left, y, TEXT_WIDTH, 5, 9, smallest=7,
                       color=MUTED)
            y += 6.5
        else:
            y += 1.5
        self._stall(card.stall_code, text_left, y)
        y += 12
        for text, size in ((card.dates, 9.5), (card.venue, 9), (card.province, 9)):
            self._line(text, text_left, y, TEXT_WIDTH, 5, size, smallest=7)
            y += 5.2

    def _stall(self, stall_code: str, text_left: float, y: float) -> None:
        """`الجناح` small, then the code large, side by side in reading order."""
        label_width = self._unit_width(self.labels["stall"], "") * 9 + 2
        self._line(self.labels["stall"], text_left + (TEXT_WIDTH - label_width if self.rtl else 0), y + 1.5,
                   label_width, 8, 9, color=MUTED)
        code_left = text_left if self.rtl else text_left + label_width
        self._line(stall_code, code_left, y, TEXT_WIDTH - label_width, 10, 22, smallest=12, style="B")


def _available_cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _qr_images(urls: list[str]) -> Iterator[bytes]:
    """The PNG of each URL, in order."""
    make = partial(qr_png, module_pixels=QR_MODULE_PIXELS)
    workers = min(_available_cpus(), MAX_WORKERS)
    if len(urls) < PARALLEL_FROM or workers < 2:
        yield from map(make, urls)
        return
    # spawn, not fork: a fork of a threaded web server may inherit a held lock.
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
    try:
        yield from pool.map(make, urls, chunksize=max(1, min(50, len(urls) // (4 * workers))))
    finally:
        pool.shutdown(cancel_futures=True)


def _card_origin(slot: int, rtl: bool) -> tuple[float, float]:
    """Slots fill rows in reading order: right to left in Arabic, as the page is read."""
    row, column = divmod(slot, COLUMNS)
    left = PAGE_MARGIN + column * CARD_WIDTH
    return (PAGE_WIDTH - left - CARD_WIDTH if rtl else left), PAGE_MARGIN + row * CARD_HEIGHT


def badge_sheet_pdf(cards: Iterable, *, rtl: bool | None = None, progress=None) -> bytes:
    """A4 pages of 8 badges each. `cards` are BadgeCard-like objects (festival/badges/cards.py).

    `progress(done, total)` is told after each badge (a job's progress bar)."""
    rtl = is_arabic() if rtl is None else rtl
    cards = list(cards)
    pdf = _new_document()
    writer = _BadgeWriter(pdf, rtl)
    for number, (card, qr_image) in enumerate(zip(cards, _qr_images([card.url for card in cards]), strict=True)):
        slot = number % BADGES_PER_PAGE
        if slot == 0:
            pdf.add_page()
            writer.cut_lines(len(cards) - number)
        writer.draw(card, *_card_origin(slot, rtl), qr_image)
        if progress is not None:
            progress(number + 1, len(cards))
    if not cards:
        pdf.add_page()  # an empty sheet is still a valid PDF
    return bytes(pdf.output())
