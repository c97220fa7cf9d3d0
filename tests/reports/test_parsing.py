"""What families type as amounts: every accepted format, and every refusal with its message."""
import pytest

from festival.core.numbers import MONEY_MAX, NUMBER_MESSAGES, InvalidNumber, parse_money, parse_whole_number


@pytest.mark.parametrize(("typed", "pounds"), [
    ("1250000", 1_250_000),
    ("1,250,000", 1_250_000),
    ("١٬٢٥٠٬٠٠٠", 1_250_000),  # Arabic-Indic digits, Arabic thousands separator U+066C
    ("١،٢٥٠،٠٠٠", 1_250_000),  # the Arabic comma U+060C used as a separator
    ("١٢٥٠٠٠٠", 1_250_000),
    ("۱۲۵۰۰۰۰", 1_250_000),  # Eastern Arabic (Persian keyboard) digits
    ("1 250 000", 1_250_000),
    ("1\u00a0250\u00a0000", 1_250_000),  # no-break spaces, as Babel writes them
    ("1\u202f250\u202f000", 1_250_000),  # narrow no-break spaces
    ("  75000  ", 75_000),
    ("1, 250, 000", 1_250_000),
    ("١٬250,٠٠٠", 1_250_000),  # mixed digits and separators
    ("0", 0),
    ("٠", 0),
    ("+5000", 5_000),
    ("1,250,000 ل.س", 1_250_000),
    ("1,250,000 ل.س.", 1_250_000),
    ("ل.س 900", 900),
    ("250000 SYP", 250_000),
    ("\u200f١٬٠٠٠\u200f", 1_000),  # right-to-left marks pasted from a chat
    ("999", 999),
    ("12,345", 12_345),
])
def test_accepted_amounts(typed, pounds):
    assert parse_money(typed) == pounds


@pytest.mark.parametrize("typed", [None, "", "   ", "ل.س"])
def test_nothing_typed_is_none(typed):
    assert parse_money(typed) is None


@pytest.mark.parametrize(("typed", "reason"), [
    ("-5", "negative"),
    ("-1,250,000", "negative"),
    ("−5000", "negative"),  # the minus sign U+2212
    ("٥٠٠٠-", "negative"),  # typed right to left, the sign lands at the end
    ("1250.5", "decimal"),
    ("1,250,000.00", "decimal"),
    ("١٢٥٠٫٥", "decimal"),  # Arabic decimal separator U+066B
    ("1.250.000", "decimal"),
    (".5", "decimal"),
    ("abc", "not_number"),
    ("مليون", "not_number"),
    ("12abc", "not_number"),
    ("1e6", "not_number"),
    ("-", "not_number"),
    ("٥ آلاف", "not_number"),
    ("12,50", "grouping"),
    ("1,5", "grouping"),
    ("1,2500,000", "grouping"),
    ("1250,000,", "grouping"),
    (",250", "grouping"),
    (str(MONEY_MAX + 1), "too_large"),
])
def test_refused_amounts_say_why(typed, reason):
    with pytest.raises(InvalidNumber) as refused:
        parse_money(typed)

    assert refused.value.message is NUMBER_MESSAGES[reason]


def test_item_counts_take_the_same_forms_but_no_currency():
    assert parse_whole_number("١٢") == 12
    assert parse_whole_number("1,200") == 1_200
    with pytest.raises(InvalidNumber):
        parse_whole_number("12 ل.س")


def test_every_refusal_message_is_translated_to_arabic(app):
    from flask_babel import force_locale

    with app.test_request_context(), force_locale("ar_SY"):
        arabic = {key: str(message) for key, message in NUMBER_MESSAGES.items()}
    assert all(any("\u0600" <= char <= "\u06ff" for char in text) for text in arabic.values()), arabic
