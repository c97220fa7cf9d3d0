"""Date and time fields that accept Arabic-Indic digits, and local (Damascus) date-times."""
from datetime import UTC, date, datetime

from flask_babel import lazy_gettext as _l
from wtforms import DateField, DateTimeLocalField, TextAreaField, TimeField
from wtforms.validators import ValidationError

from festival.core.numbers import to_ascii_digits
from festival.core.timezones import DAMASCUS


class _AsciiDigits:
    def process_formdata(self, valuelist):
        super().process_formdata([to_ascii_digits(value) for value in valuelist])


class LocalDateField(_AsciiDigits, DateField):
    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"dir": "ltr"})
        super().__init__(label, validators, **kwargs)
        self.messages_invalid = _l("Enter a date, for example 2026-12-04.")

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(self.messages_invalid)) from error


class LocalTimeField(_AsciiDigits, TimeField):
    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"dir": "ltr"})
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(_l("Enter a time, for example 09:30."))) from error


class DamascusDateTimeField(_AsciiDigits, DateTimeLocalField):
    """Typed as Damascus wall-clock time; `.utc` is the aware UTC instant."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"dir": "ltr"})
        super().__init__(label, validators, **kwargs)

    def process_data(self, value):
        if isinstance(value, datetime) and value.tzinfo is not None:
            value = value.astimezone(DAMASCUS).replace(tzinfo=None)
        super().process_data(value)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(_l("Enter a date and time, for example 2026-12-01 18:00."))) from error

    @property
    def utc(self) -> datetime | None:
        if self.data is None:
            return None
        return self.data.replace(tzinfo=DAMASCUS).astimezone(UTC)


class DateListField(TextAreaField):
    """One date per line (YYYY-MM-DD); `.data` is a sorted list of dates."""

    def _value(self):
        return "\n".join(day.isoformat() for day in self.data or [])

    def process_formdata(self, valuelist):
        self.data = []
        if not valuelist:
            return
        for line in to_ascii_digits(valuelist[0]).replace(",", "\n").split():
            try:
                self.data.append(date.fromisoformat(line.strip()))
            except ValueError as error:
                raise ValidationError(str(_l("“%(text)s” is not a date like 2026-12-04.", text=line))) from error
        self.data.sort()
