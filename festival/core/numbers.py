"""Turning what people type into numbers: Arabic-Indic digits are as good as 0-9."""
import re

from flask_babel import lazy_gettext as _l

ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
EASTERN_ARABIC_DIGITS = "۰۱۲۳۴۵۶۷۸۹"  # Persian/Urdu keyboards, also seen on Syrian phones
_TO_ASCII = str.maketrans(
    ARABIC_INDIC_DIGITS + EASTERN_ARABIC_DIGITS, "0123456789" * 2
)


def to_ascii_digits(text: str | None) -> str | None:
    """'٠٩٤٤' -> '0944'; other characters stay as they are."""
    if text is None:
        return None
    return text.translate(_TO_ASCII)


def ascii_digits_filter(value):
    """A WTForms filter: apply to every field where numbers are typed."""
    return to_ascii_digits(value) if isinstance(value, str) else value


# -- money and counts: whole numbers with thousands separators --------------------------

class InvalidNumber(ValueError):
    """What was typed is not an acceptable whole number; `message` is translated."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


# Thousands separators people type: comma, Arabic thousands separator (U+066C), Arabic
# comma (U+060C), apostrophe, and spaces of every kind (Babel and phones insert NBSPs).
THOUSANDS_SEPARATORS = ",\u066c\u060c'\u2019 \u00a0\u202f\u2009"
DECIMAL_MARKS = ".\u066b"  # a dot, or the Arabic decimal separator U+066B
MINUS_SIGNS = "-\u2212\u2012\u2013"
BIDI_MARKS = str.maketrans("", "", "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
CURRENCY_WORDS = ("ل.س.", "ل.س", "ليرة سورية", "ليرة", "SYP", "S.P.", "SP", "£S")
MONEY_MAX = 10**12  # beyond any confirmation: a typing accident, and safe for BIGINT sums
_SEPARATED = re.compile(r"\d{1,3}(,\d{3})+")


NUMBER_MESSAGES = {
    "negative": _l("The amount cannot be negative."),
    "decimal": _l("Write whole numbers, without decimals (for example 1,250,000)."),
    "not_number": _l("Write the amount in digits, for example 1,250,000 or ١٬٢٥٠٬٠٠٠."),
    "grouping": _l("The thousands separators are misplaced: write for example 1,250,000."),
    "too_large": _l("This amount is too large to be real. Please check it."),
}


def parse_whole_number(text: str | None, *, allow_currency: bool = False) -> int | None:
    """'١٬٢٥٠٬٠٠٠', '1,250,000', '1 250 000', '1250000' -> 1250000; blank -> None.

    Separators must group by three, so '1,5' (a decimal comma elsewhere) is refused
    instead of being read as 15. Raises InvalidNumber with a message for the person.
    """
    if text is None:
        return None
    messages = NUMBER_MESSAGES
    cleaned = to_ascii_digits(str(text)).translate(BIDI_MARKS).strip()
    if allow_currency:
        for word in CURRENCY_WORDS:
            if cleaned.endswith(word):
                cleaned = cleaned[: -len(word)].strip()
            elif cleaned.startswith(word):
                cleaned = cleaned[len(word):].strip()
    if not cleaned:
        return None
    if cleaned[0] in MINUS_SIGNS or cleaned[-1] in MINUS_SIGNS:
        stripped = cleaned.strip(MINUS_SIGNS).strip()
        if stripped and any(char.isdigit() for char in stripped):
            raise InvalidNumber(messages["negative"])
        raise InvalidNumber(messages["not_number"])
    if cleaned.startswith("+"):
        cleaned = cleaned[1:].strip()
    if any(mark in cleaned for mark in DECIMAL_MARKS):
        if _digits_only(cleaned.replace("\u066b", "").replace(".", "")) is not None:
            raise InvalidNumber(messages["decimal"])
        raise InvalidNumber(messages["not_number"])
    normalized = "".join("," if char in THOUSANDS_SEPARATORS else char for char in cleaned)
    while ",," in normalized:  # "1, 250" typed with a comma and a space
        normalized = normalized.replace(",,", ",")
    if not all(char.isdigit() or char == "," for char in normalized) or not any(c.isdigit() for c in normalized):
        raise InvalidNumber(messages["not_number"])
    if "," in normalized and not _SEPARATED.fullmatch(normalized):
        raise InvalidNumber(messages["grouping"])
    value = int(normalized.replace(",", ""))
    if value > MONEY_MAX:
        raise InvalidNumber(messages["too_large"])
    return value


def _digits_only(text: str) -> str | None:
    digits = "".join(char for char in text if char not in THOUSANDS_SEPARATORS)
    return digits if digits.isdigit() else None


def parse_money(text: str | None) -> int | None:
    """An amount in whole Syrian pounds as people type it (see parse_whole_number)."""
    return parse_whole_number(text, allow_currency=True)
