"""Template filters: dates, numbers and money through Babel in the request's locale."""
from datetime import UTC

from flask_babel import format_currency, format_date, format_datetime, format_decimal

from festival.core.labels import TEMPLATE_GLOBALS
from festival.core.phones import display_phone


def money(amount: int | None) -> str:
    """Whole Syrian pounds: `1,250,000 ل.س.`"""
    if amount is None:
        return ""
    return format_currency(amount, "SYP", format="#,##0 ¤", currency_digits=False)


def long_date(value) -> str:
    """`3 تشرين الثاني 2021` in Arabic, `November 3, 2021` in English."""
    return format_date(value, format="long") if value is not None else ""


def short_datetime(value) -> str:
    return format_datetime(value, format="medium") if value is not None else ""


def machine_datetime(value) -> str:
    """A `<time datetime>` value: UTC to the second (HTML allows at most 3 fractional digits)."""
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.replace(microsecond=0, tzinfo=None).isoformat() + "Z"


def short_code(code: str | None) -> str:
    """A badge's short code as it is printed and shown everywhere: `ABCD EFGH`, two groups of
    four that are read aloud and typed without losing one's place (typing accepts any spacing)."""
    if not code:
        return ""
    return " ".join(code[start:start + 4] for start in range(0, len(code), 4))


def number(value) -> str:
    return format_decimal(value) if value is not None else ""


def register_filters(app) -> None:
    app.jinja_env.globals.update(TEMPLATE_GLOBALS)
    app.jinja_env.filters.update(
        money=money, long_date=long_date, short_datetime=short_datetime, number=number, phone=display_phone,
        machine_datetime=machine_datetime, short_code=short_code,
    )
