"""Reading the query string (`request.args`): one small set of readers for every page.

Each reader takes the arguments and a name, accepts Arabic-Indic digits and spaces around
the value, and answers None (or False) for a value that is missing or does not parse. The
caller decides what a malformed value means: the public calendar turns it into an error
page (festival/calendar/filters.py), organizers' list filters simply leave it out.
"""
import re
from datetime import date

from festival.core.numbers import to_ascii_digits

DATE_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
WHOLE_NUMBER = re.compile(r"[0-9]+")
FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_DIGITS = 9  # larger numbers are never a page, a year or a row id


def text(args, name: str) -> str:
    """The value, stripped, with ASCII digits; "" when absent."""
    return to_ascii_digits(args.get(name, "") or "").strip()


def is_whole_number(value: str) -> bool:
    return bool(WHOLE_NUMBER.fullmatch(value))


def whole_number(args, name: str) -> int | None:
    """0, 1, 2 … with at most MAX_DIGITS digits."""
    value = text(args, name)
    return int(value) if is_whole_number(value) and len(value) <= MAX_DIGITS else None


def day(args, name: str) -> date | None:
    """A date written YYYY-MM-DD, in the years 2000-2100."""
    value = text(args, name)
    try:
        parsed = date.fromisoformat(value) if DATE_PATTERN.fullmatch(value) else None
    except ValueError:  # 2026-02-30
        return None
    return parsed if parsed is not None and FIRST_YEAR <= parsed.year <= LAST_YEAR else None


def flag(args, name: str) -> bool:
    """A checkbox of a GET form: `name=1`."""
    return text(args, name) == "1"


def choice(args, name: str, choices) -> str | None:
    """The value when it is one of `choices`."""
    value = text(args, name)
    return value if value in choices else None
