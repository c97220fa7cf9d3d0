"""The printable badge sheet as a PDF made on the server: 8 badges on each A4 page.

Arabic shaping, fonts and extractable text: festival/core/pdf.py.

Names are wrapped at spaces onto up to three lines, at smaller sizes if need be, never
cut inside a word or ended with an ellipsis: the longest name a family can enter
(120 characters) fits. The QR code is printed 39.2 mm wide, as wide as the first badges'
version 8 codes at 0.8 mm a module: today's version 7 code (45 modules, see
festival/core/qr.py) gets modules of 0.87 mm, and a larger code never less than 0.8 mm
(it grows instead). A phone still reads a slightly blurred office print. Its quiet zone
is the card's white padding.
"""
import io
import multiprocessing
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import partial

from flask_babel import gettext as _
from fpdf import FPDF
from PIL import Image

from festival.core.i18n import is_arabic
from festival.core.pdf import distinct_subset_tags, new_document
from festival.core.qr import qr_png

# A4 portrait in mm, 2 × 4 badges of 95 × 69.25 mm.
PAGE_WIDTH, PAGE_HEIGHT, PAGE_MARGIN = 210.0, 297.0, 10.0
COLUMNS, ROWS = 2, 4
BADGES_PER_PAGE = COLUMNS * ROWS
CARD_WIDTH = (PAGE_WIDTH - 2 * PAGE_MARGIN) / COLUMNS
CARD_HEIGHT = (PAGE_HEIGHT - 2 * PAGE_MARGIN) / ROWS
PADDING, GAP = 4.0, 4.0
HEADER_HEIGHT = 10.0
QR_SIZE_MM = 39.2  # the room for the code: a typical badge URL is version 7, 45 modules of 0.87 mm
QR_MIN_MODULE_MM = 0.8  # a larger code (a base URL outside the QR alphanumeric set) grows beyond QR_SIZE_MM
QR_MODULE_PIXELS = 4  # the PDF scales the image without smoothing; 4 px keeps the file small
QR_QUIET_MM = 3.5  # white around the code, at least the 4 modules the standard asks for (3.5 mm at 0.87)
LINE_SPACING = 1.3  # line height / font size
PT = 25.4 / 72  # mm per point

# The qrcode package spends ~8 ms on each code (it tries the 8 mask patterns, in pure
# Python): most of a large sheet's time. From this many badges on, worker processes make
# the codes while this process lays out the pages; below it, starting them costs more.
PARALLEL_FROM = 100
MAX_WORKERS = 4

INK, MUTED, BRAND, TINT, CUT_LINE = (31, 42, 46), (91, 103, 107), (10, 79, 68), (231, 243, 239), (150, 150, 150)


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

    def _lines(self, words: list[str], units: float, style: str) -> tuple[list[str], bool]:
        """Words laid greedily on lines `units` wide (at 1 pt); True if a word had to be cut."""
        lines, current, cut = [], "", False
        for word in words:
            candidate = f"{current} {word}" if current else word
            if self._unit_width(candidate, style) <= units:
                current = candidate
                continue
            if current:
                lines.append(current)
            current = word
            while self._unit_width(current, style) > units and len(current) > 1:  # one word wider than a line
                cut = True
                keep = len(current) - 1
                while keep > 1 and self._unit_width(current[:keep], style) > units:
                    keep -= 1
                lines.append(current[:keep])
                current = current[keep:]
        if current:
            lines.append(current)
        return lines, cut

    def _wrap(self, text: str, width: float, largest: float, smallest: float, max_lines: int,
              style: str) -> tuple[list[str], float]:
        """The text broken at spaces, and its size in half points: one line down to 4/5 of the
        largest size, else the largest size at which it takes at most `max_lines` lines. At the
        smallest size it takes the lines it needs: nothing is left out."""
        words = text.split()
        for lines_allowed, lowest in ((1, max(smallest, largest * 0.8)), (max_lines, smallest)):
            size = largest
            while True:
                lines, cut = self._lines(words, width / size, style)
                if len(lines) <= lines_allowed and not cut:
                    return lines, size
                if size <= lowest:
                    break
                size = max(lowest, size - 0.5)
        return lines, size

    def _block(self, text, x, y, width, largest, *, smallest=None, max_lines=1, style="", color=INK,
               align=None) -> float:
        """Writes the wrapped text from `y` down; returns the height it took."""
        lines, size = self._wrap(text, width, largest, smallest or largest, max_lines, style)
        line_height = size * PT * LINE_SPACING
        self.pdf.set_font("arabic", style, size)
        self.pdf.set_text_color(*color)
        for number, line in enumerate(lines):
            self.pdf.set_xy(x, y + number * line_height)
            self.pdf.cell(width, line_height, line, align=align or self.align)
        return len(lines) * line_height

    def _height(self, text, width, largest, smallest, max_lines, style="") -> float:
        lines, size = self._wrap(text, width, largest, smallest, max_lines, style)
        return len(lines) * size * PT * LINE_SPACING

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

        # Header: the event on the start side (up to two lines), the word "badge" on the end side.
        pdf.set_fill_color(*TINT)
        pdf.rect(left + 0.6, top + 0.6, CARD_WIDTH - 1.2, HEADER_HEIGHT, style="F")
        inner_left, inner_width = left + PADDING, CARD_WIDTH - 2 * PADDING
        label_width = 24.0
        label_height = 8 * PT * LINE_SPACING
        self._block(self.labels["badge"], inner_left, top + 0.6 + (HEADER_HEIGHT - label_height) / 2, inner_width,
                    8, color=BRAND, align="L" if self.rtl else "R")
        title_left = inner_left + label_width if self.rtl else inner_left
        title_width = inner_width - label_width
        title_height = self._height(card.event_title, title_width, 10.5, 7, 2, "B")
        self._block(card.event_title, title_left, top + 0.6 + max(0.0, (HEADER_HEIGHT - title_height) / 2),
                    title_width, 10.5, smallest=7, max_lines=2, style="B", color=BRAND)

        # The QR code and the short code on the end side, 0.87 mm a module, white all around it.
        with Image.open(io.BytesIO(qr_image)) as image:
            qr_size = qr_print_size(image.width // QR_MODULE_PIXELS)
        qr_top = top + 0.6 + HEADER_HEIGHT + QR_QUIET_MM
        qr_left = inner_left if self.rtl else left + CARD_WIDTH - PADDING - qr_size
        pdf.image(io.BytesIO(qr_image), x=qr_left, y=qr_top, w=qr_size, h=qr_size)
        code_top = qr_top + qr_size + 2.5
        pdf.set_font("arabic", "B", 13)
        pdf.set_text_color(*INK)
        pdf.set_xy(qr_left, code_top)
        pdf.cell(qr_size, 6, card.grouped_short_code, align="C")
        self._block(self.labels["code"], qr_left, code_top + 6, qr_size, 6.5, smallest=5, color=MUTED, align="C")

        # The family, its stall and the event on the start side.
        text_width = inner_width - qr_size - GAP
        text_left = inner_left + qr_size + GAP if self.rtl else inner_left
        y = top + HEADER_HEIGHT + 3
        y += self._block(card.family_name, text_left, y, text_width, 14, smallest=7.5, max_lines=3, style="B")
        if card.head_name:
            y += 0.5 + self._block(f"{self.labels['head']}: {card.head_name}", text_left, y + 0.5, text_width, 9,
                                   smallest=6.5, max_lines=2, color=MUTED)
        y += 1.5
        self._stall(card.stall_code, text_left, y, text_width)
        y += 12
        for text, size, lines in ((card.dates, 9.5, 1), (card.venue, 9, 2), (card.province, 9, 1)):
            y += 0.4 + self._block(text, text_left, y, text_width, size, smallest=7, max_lines=lines)

    def _stall(self, stall_code: str, text_left: float, y: float, text_width: float) -> None:
        """`الجناح` small, then the code large, side by side in reading order."""
        label_width = self._unit_width(self.labels["stall"], "") * 9 + 2
        self._block(self.labels["stall"], text_left + (text_width - label_width if self.rtl else 0), y + 2.5,
                    label_width, 9, color=MUTED)
        code_left = text_left if self.rtl else text_left + label_width
        self._block(stall_code, code_left, y, text_width - label_width, 22, smallest=12, style="B")


def qr_print_size(modules: int) -> float:
    """The printed width in mm of a code `modules` wide (without its quiet zone)."""
    return modules * max(QR_MIN_MODULE_MM, QR_SIZE_MM / modules)


def _available_cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _qr_images(urls: list[str]) -> Iterator[bytes]:
    """The PNG of each URL, in order."""
    make = partial(qr_png, module_pixels=QR_MODULE_PIXELS, quiet_zone=0)  # the card's padding is the quiet zone
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
    pdf = new_document()
    pdf.set_lang("ar" if rtl else "en")
    titles = sorted({card.event_title for card in cards})
    pdf.set_title(_("Badges: %(event)s", event=titles[0]) if len(titles) == 1 else _("Badges"))
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
    return distinct_subset_tags(bytes(pdf.output()))
