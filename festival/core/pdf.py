"""PDF documents in Arabic made on the server (badges, certificates): fonts, shaping, text.

Arabic is shaped by HarfBuzz (fpdf2 `set_text_shaping`, through uharfbuzz) and ordered
by fpdf2's bidi algorithm, so letters join and a line such as `الجناح A-01` reads right
to left with the code intact. Noto Sans Arabic carries Arabic and basic Latin (Latin-1);
Noto Sans is the fallback for any other Latin letter in a name or a title.

Both fonts are variable fonts. fpdf2 makes static instances of them (`variations=`),
but that costs about 0.3 s for each Arabic weight on every PDF (and 4.7 s for Noto Sans,
which covers Greek, Cyrillic and Vietnamese too): Noto Sans Arabic's Regular and Bold are
instanced once per process into a private temporary folder, and Noto Sans is used as it
is, its default instance being the Regular a fallback needs.

Text stays extractable (copy, search, screen readers, `pdftotext`): Noto Sans Arabic
draws the dots of ب ت ث ن ي ق as separate marks placed over a shared skeleton, and
fpdf2 gives a cluster's text to its first glyph, which in right-to-left order is the
mark. `_ExtractableFont` gives it to the letter instead (the glyph that advances), so
the ToUnicode map has every positional form and a word reads back as one word. Each
embedded font gets its own subset tag (`distinct_subset_tags`) and the document a title
and a language.
"""
import atexit
import hashlib
import re
import shutil
import tempfile
from functools import cache
from pathlib import Path

import fontpkg_noto_sans
import fontpkg_noto_sans_arabic
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer
from fpdf import FPDF
from fpdf.fonts import TTFFont

ARABIC_FONT = fontpkg_noto_sans_arabic.ROOT / "files" / "NotoSansArabic[wdth,wght].ttf"
LATIN_FONT = fontpkg_noto_sans.ROOT / "files" / "NotoSans[wdth,wght].ttf"  # default instance: Regular


@cache
def _static_arabic_fonts() -> dict[str, Path]:
    """Regular and Bold instances of Noto Sans Arabic, made once per process, each with its own name."""
    folder = Path(tempfile.mkdtemp(prefix="festival-badge-fonts-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    files = {}
    for style, weight, name in (("", 400, "Regular"), ("B", 700, "Bold")):
        with TTFont(ARABIC_FONT) as font:
            instancer.instantiateVariableFont(font, {"wght": weight, "wdth": 100}, inplace=True, static=True)
            names = font["name"]  # fpdf2 names a font by its family and subfamily
            for name_id, value in ((2, name), (4, f"Noto Sans Arabic {name}"), (6, f"NotoSansArabic-{name}")):
                names.setName(value, name_id, 3, 1, 0x409)
            files[style] = folder / f"NotoSansArabic-{weight}.ttf"
            font.save(files[style])
    return files


class _NoText(tuple):
    """The text of a glyph that stands for none (a dot of ب, a shadda drawn apart): nothing.

    fpdf2 leaves glyphs without text out of the ToUnicode map, and readers then guess
    (poppler from the font's cmap, pypdf from the code itself: stray `'` and `!` in
    words). This empty tuple counts as one entry, so fpdf2 writes `<code> <>`: no text.
    """

    __slots__ = ()

    def __len__(self) -> int:
        return 1


NO_TEXT = _NoText()


@cache
def _characters_of_glyphs(font_file: str) -> dict[int, int]:
    """Glyph id -> the character it is the glyph of, for the glyphs that are one (not dots, not forms)."""
    with TTFont(font_file, lazy=True) as font:
        ids = font.getReverseGlyphMap()
        characters: dict[int, int] = {}
        for codepoint, name in font.getBestCmap().items():
            characters.setdefault(ids[name], codepoint)
    return characters


def _letters(text: str, infos, positions) -> dict[int, tuple[int, int]]:
    """Glyph index of each letter -> the (start, end) of the text it stands for.

    A cluster's letter is its widest glyph (the skeleton, not its dots). A cluster that
    does not advance (a shadda or a vowel shaped on its own) belongs to the letter before it.
    """
    widest: dict[int, int] = {}
    for index, (info, position) in enumerate(zip(infos, positions, strict=True)):
        best = widest.get(info.cluster)
        if best is None or position.x_advance > positions[best].x_advance:
            widest[info.cluster] = index
    starts = []
    for start in sorted(widest):
        if not starts or positions[widest[start]].x_advance:
            starts.append(start)
    ends = [*starts[1:], len(text)]
    return {widest[start]: (start, end) for start, end in zip(starts, ends, strict=True)}


class _ExtractableFont(TTFFont):
    """fpdf2's font, whose shaped glyphs map back to the text they draw (see the module docstring)."""

    __slots__ = ()

    def shape_text(self, text: str, font_size_pt: float, text_shaping_params) -> list[dict]:
        if not text:
            return []
        infos, positions = self.perform_harfbuzz_shaping(text, font_size_pt, text_shaping_params)
        own = _characters_of_glyphs(str(self.ttffile))
        texts: dict[int, tuple[int, ...]] = {}  # glyph index -> its text; the others stand for none
        order: list[int] = []  # letters first, then their marks: readers join a mark to the letter before it
        shift: dict[int, int] = {}
        for letter, (start, end) in sorted(_letters(text, infos, positions).items()):
            members = [index for index, info in enumerate(infos) if start <= info.cluster < end]
            characters = list(map(ord, text[start:end]))
            for index in members:  # a mark that is a character (a shadda) carries it
                character = own.get(infos[index].codepoint)
                if index != letter and character in characters[1:]:
                    texts[index] = (character,)
                    characters.remove(character)
            texts[letter] = tuple(characters)
            for index in members:
                if index < letter:  # drawn after the letter now: back by the letter's advance
                    shift[index] = -positions[letter].x_advance
            order += [letter, *(index for index in members if index != letter)]
        order += [index for index in range(len(infos)) if index not in set(order)]
        shaped = []
        for index in order:
            info, position = infos[index], positions[index]
            name = self.ttfont.getGlyphName(info.codepoint)
            width = round(self.scale * self.ttfont["hmtx"].metrics[name][0])
            glyph = self.subset.get_glyph(glyph=info.codepoint, unicode=texts.get(index, NO_TEXT),
                                          glyph_name=name, glyph_width=width)
            if glyph is None:
                continue
            x_offset = position.x_offset + shift.get(index, 0)
            shaped.append({
                "mapped_char": self.subset.pick_glyph(glyph), "x_advance": position.x_advance,
                "y_advance": position.y_advance, "x_offset": x_offset, "y_offset": position.y_offset,
                "force_positioning": (width != position.x_advance or x_offset != 0 or position.y_offset != 0
                                      or position.y_advance != 0),
            })
        return shaped


def new_document() -> FPDF:
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margin(0)
    for style, path in _static_arabic_fonts().items():
        pdf.add_font("arabic", style, path)
    pdf.add_font("latin", "", LATIN_FONT)
    for font in pdf.fonts.values():
        font.__class__ = _ExtractableFont  # same slots: only shape_text differs
    pdf.set_fallback_fonts(["latin"], exact_match=False)
    pdf.set_text_shaping(True)
    pdf.set_creator("Festival")
    pdf.c_margin = 0  # layouts have their own padding; widths measured are widths drawn
    return pdf


_SUBSET_PREFIX = re.compile(rb"/MPDFAA\+([A-Za-z0-9-]+)")


def distinct_subset_tags(document: bytes) -> bytes:
    """fpdf2 tags every embedded subset `MPDFAA+`; each font gets its own six letters instead.

    The tag is made from the font's name and has the same length, so no offset moves.
    """
    tags: dict[bytes, bytes] = {}

    def tag(match: re.Match) -> bytes:
        name = match.group(1)
        if name not in tags:
            digest = hashlib.sha256(name).digest()
            candidate = bytes(65 + byte % 26 for byte in digest[:6])
            while candidate in tags.values():
                digest = hashlib.sha256(digest).digest()
                candidate = bytes(65 + byte % 26 for byte in digest[:6])
            tags[name] = candidate
        return b"/" + tags[name] + b"+" + name

    return _SUBSET_PREFIX.sub(tag, document)
