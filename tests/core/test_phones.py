import pytest

from festival.core.numbers import to_ascii_digits
from festival.core.phones import InvalidPhone, display_phone, normalize_mobile

SAME_NUMBER_TYPED_DIFFERENTLY = [
    "0944123456",
    "0944 123 456",
    "0944-123-456",
    "+963944123456",
    "+963 944 123 456",
    "00963944123456",
    "٠٩٤٤١٢٣٤٥٦",
    "٠٩٤٤ ١٢٣ ٤٥٦",
    "+٩٦٣٩٤٤١٢٣٤٥٦",
    "۰۹۴۴۱۲۳۴۵۶",
    "  0944123456  ",
]


@pytest.mark.parametrize("typed", SAME_NUMBER_TYPED_DIFFERENTLY)
def test_every_usual_way_of_typing_a_syrian_mobile_is_stored_as_e164(typed):
    assert normalize_mobile(typed) == "+963944123456"


@pytest.mark.parametrize(
    "typed",
    ["", "   ", "123", "abc", "0944", "09441234567890", "0112345678", "+12025550100", "+44 7911 123456"],
)
def test_numbers_that_are_not_syrian_mobiles_are_refused(typed):
    with pytest.raises(InvalidPhone):
        normalize_mobile(typed)


def test_arabic_indic_digits_become_ascii_and_other_text_stays():
    assert to_ascii_digits("السعر ١٢٥٠ ل.س") == "السعر 1250 ل.س"


def test_stored_numbers_are_shown_the_way_syrians_write_them():
    assert display_phone("+963944123456") == "0944 123 456"
