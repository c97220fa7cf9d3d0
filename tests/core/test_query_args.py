"""The query-string readers: what people type in a link is read the same on every page."""
from datetime import date

from werkzeug.datastructures import MultiDict

from festival.core import query_args


def args(**values):
    return MultiDict(values)


def test_arabic_indic_digits_and_spaces_are_read_as_numbers():
    assert query_args.whole_number(args(page=" ١٢ "), "page") == 12
    assert query_args.day(args(since="٢٠٢٦-١٢-٠٤"), "since") == date(2026, 12, 4)


def test_what_does_not_parse_is_none_not_an_error():
    assert query_args.whole_number(args(page="-3"), "page") is None
    assert query_args.whole_number(args(page="1" * 10), "page") is None
    assert query_args.day(args(day="2026-02-30"), "day") is None
    assert query_args.day(args(day="1999-12-31"), "day") is None
    assert query_args.whole_number(args(), "page") is None


def test_a_choice_outside_the_list_is_left_out():
    assert query_args.choice(args(view="list"), "view", ("month", "list")) == "list"
    assert query_args.choice(args(view="grid"), "view", ("month", "list")) is None


def test_a_flag_is_on_only_when_ticked():
    assert query_args.flag(args(first="1"), "first") is True
    assert query_args.flag(args(first="yes"), "first") is False
