"""Cleaning text people type: one-line fields (names, titles) and characters never stored;
Arabic text folded for searching.

`one_line()` is what every one-line form field (festival/core/forms.OneLineField) stores:
line breaks become spaces, so a title cannot break an iCalendar line, a CSV row or a
badge; bidirectional override and isolate controls are removed, so a name cannot make
the text after it read backwards (U+202E "right-to-left override" spoofing). Arabic
letters, ZWNJ/ZWJ and the marks LRM/RLM/ALM stay: Arabic text needs them.
"""
import re

# Embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI).
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_DROPPED = str.maketrans("", "", BIDI_CONTROLS + "\x00")
# Everything str.splitlines() breaks on: \n \r \v \f, FS GS RS, NEL, LINE/PARAGRAPH SEPARATOR.
_LINE_BREAKS = re.compile(r"[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")
_SPACES = re.compile(r"[ \t]{2,}")


def without_bidi_controls(value: str) -> str:
    return value.translate(_DROPPED)


def one_line(value: str | None) -> str | None:
    """The text on one line, trimmed: breaks become one space, bidi controls go."""
    if value is None:
        return None
    single = _LINE_BREAKS.sub(" ", without_bidi_controls(value))
    return _SPACES.sub(" ", single).strip()


# -- searching: what counts as the same letter --------------------------------------------------
# Arabic is typed with or without its short vowels and tatweel, with or without the hamza on
# an alef, and ة/ه, ى/ي are swapped in everyday writing: a search ignores all of these.
# festival/core/search.py folds the stored names the same way inside SQL; both use these tables.
ARABIC_MARKS = "".join(chr(code) for code in (*range(0x0610, 0x061B), *range(0x064B, 0x0660), 0x0670,
                                              *range(0x06D6, 0x06DD), *range(0x06DF, 0x06E5), 0x06E7, 0x06E8,
                                              *range(0x06EA, 0x06EE))) + "\u0640"  # and tatweel
LETTER_FOLDS = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"}
_FOLD = str.maketrans({**dict.fromkeys(ARABIC_MARKS, ""), **LETTER_FOLDS})
# Compound names are written with or without their space: عبد الله / عبدالله, أبو علي / أبوعلي.
# Folded, they are written joined (a joined name still contains its parts for a search).
# COMPOUND_SQL_PATTERN is the same rule for PostgreSQL's regexp_replace (festival/core/search.py).
COMPOUND_WORDS = ("عبد", "ابو")
_COMPOUND = re.compile(rf"(?<!\S)({'|'.join(COMPOUND_WORDS)})\s+(?=\S)")
COMPOUND_SQL_PATTERN = rf"(^|\s)({'|'.join(COMPOUND_WORDS)})\s+"


def fold_letters(text: str | None) -> str | None:
    """Marks and tatweel dropped, the letter variants made one, lower case, compound names
    joined (`عبد الله` -> `عبدالله`); other spacing kept."""
    return None if text is None else _COMPOUND.sub(r"\1", text.translate(_FOLD).lower())


def search_key(text: str | None) -> str:
    """`أُسرة الحلبيّـة` -> `اسره الحلبيه`: the text as a search compares it (lower case, one space).

    The one normalisation of Arabic text: searches and the duplicate families' names
    (festival/duplicates/detection.py) compare through it."""
    if not text:
        return ""
    return " ".join(fold_letters(without_bidi_controls(text)).split())
