"""Template filters: dates, times, numbers and money through Babel in the request's locale.

One style each, on every page, in messages and e-mails alike: money as `1,250,000 ل.س`
(the glossary's abbreviation, without the CLDR's final dot that doubled a sentence's
own), a time of day as `2:05 م` / `2:05 PM` (never seconds, never a 24-hour clock on one
page and a 12-hour one on the next), an instant as `9 آذار 2027، 2:05 م`.
"""
from datetime import UTC, datetime

from babel.dates import format_time as babel_format_time
from flask_babel import format_date, format_decimal, get_locale
from flask_babel import gettext as _

from festival.core import whatsapp
from festival.core.i18n import localized
from festival.core.labels import TEMPLATE_GLOBALS
from festival.core.phones import display_phone
from festival.core.timezones import to_damascus


def money(amount: int | None) -> str:
    """Whole Syrian pounds: `1,250,000 ل.س`, `1,250,000 SYP`."""
    if amount is None:
        return ""
    currency = _("SYP")  # not inside the f-string: Babel's extractor does not look into f-strings
    return f"{format_decimal(amount, format='#,##0')} {currency}"


def stall_fee(amount: int | None) -> str:
    """What a stall costs: the amount, or `مجاناً` for nothing (never "free", which also means available)."""
    return money(amount) if amount else _("Free of charge")


def long_date(value) -> str:
    """`3 تشرين الثاني 2021` in Arabic, `November 3, 2021` in English."""
    return format_date(value, format="long") if value is not None else ""


def clock(value) -> str:
    """A time of day: `2:05 م`, `2:05 PM`; an aware instant is read in Damascus."""
    if value is None:
        return ""
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = to_damascus(value)
    return babel_format_time(value, "short", locale=get_locale())


def short_datetime(value) -> str:
    """An instant in Damascus: `9 آذار 2027، 2:05 م`, `March 9, 2027, 2:05 PM`."""
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = to_damascus(value)
    pattern = get_locale().datetime_formats["medium"]
    return pattern.format(clock(value), format_date(value.date(), "long"))


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
    app.jinja_env.globals.update(TEMPLATE_GLOBALS, localized=localized, **whatsapp.TEMPLATE_GLOBALS)
    app.jinja_env.filters.update(
        money=money, stall_fee=stall_fee, long_date=long_date, short_datetime=short_datetime, clock=clock,
        number=number, phone=display_phone, machine_datetime=machine_datetime, short_code=short_code,
    )
