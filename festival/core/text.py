"""Cleaning text people type: one-line fields (names, titles) and characters never stored.

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
