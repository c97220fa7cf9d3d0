"""Turning what people type into numbers: Arabic-Indic digits are as good as 0-9."""
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
