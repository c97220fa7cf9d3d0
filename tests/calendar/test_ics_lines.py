"""The feed's own line writer gives what the icalendar package gives for any text."""
import random

import pytest
from icalendar import Event

from festival.calendar.ics import escape_text, fold

TEXTS = ["سوق الجمعة", "a, b; c \\ d", "line\nnext\r\nthird\rfourth", "literal \\N here",
         "منتجات الأسر المنتجة: مونة، حلويات، تطريز، صابون، فخار ونحاس. الدخول مجاني للزوار." * 3,
         "x" * 73 + "\\,,,,", "é" * 100, "a" * 74, "a" * 75, "a" * 300]


@pytest.mark.parametrize("text", TEXTS)
def test_a_text_property_is_written_as_icalendar_writes_it(text):
    event = Event()
    event.add("description", text)
    expected = event.to_ical().decode().split("\r\n")[1:-2]  # between BEGIN:VEVENT and END:VEVENT

    assert fold(f"DESCRIPTION:{escape_text(text)}").split("\r\n") == expected


def _mixed_texts(count: int) -> list[str]:
    """Texts that put 1-, 2-, 3- and 4-byte characters, escapes and carets at every fold position."""
    rng = random.Random(11)
    alphabet = ["a", " ", "ب", "ة", "€", "🧵", "\\", "^", ",", ";", "\n"]
    return ["".join(rng.choice(alphabet) for _ in range(rng.randrange(60, 260))) for _ in range(count)]


@pytest.mark.parametrize("text", _mixed_texts(150))
def test_folding_cuts_on_the_bytes_where_icalendar_cuts_between_characters(text):
    event = Event()
    event.add("description", text)
    expected = event.to_ical().decode().split("\r\n")[1:-2]

    assert fold(f"DESCRIPTION:{escape_text(text)}").split("\r\n") == expected
