"""Forms and fields shared by features: the base Form, one-button confirmations, "Choose…" selects,
checkbox lists, one-line text, phone numbers, passwords, whole and decimal numbers, money."""
import decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.csrf import _FlaskFormCSRF
from markupsafe import Markup
from wtforms import DecimalField, IntegerField, PasswordField, SelectField, SelectMultipleField, StringField
from wtforms.csrf.core import CSRFTokenField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import EqualTo, InputRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget, TextInput

from festival.core.numbers import (
    BIDI_MARKS,
    MINUS_SIGNS,
    InvalidNumber,
    ascii_digits_filter,
    parse_money,
    parse_whole_number,
    to_ascii_digits,
)
from festival.core.phones import InvalidPhone, normalize_mobile
from festival.core.text import one_line

MIN_PASSWORD_LENGTH = 8


def strip_filter(value):
    return value.strip() if isinstance(value, str) else value


class HiddenInputWithoutId(HiddenInput):
    """A hidden input nothing points to: no `id`, so many forms on one page repeat none."""

    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", False)  # html_params leaves out attributes that are False
        return super().__call__(field, **kwargs)


class CSRFTokenWithoutIdField(CSRFTokenField):
    widget = HiddenInputWithoutId()


class _CSRF(_FlaskFormCSRF):
    field_class = CSRFTokenWithoutIdField


class Form(FlaskForm):
    """Every form of the site derives from this one (tests/core/test_html_validity.py checks it).

    Its CSRF token and hidden fields render without ids (`id="csrf_token"`): a market page holds a dozen forms,
    and a repeated id is invalid HTML that confuses assistive technology.
    """

    class Meta(FlaskForm.Meta):
        csrf_class = _CSRF

    def hidden_tag(self, *fields):
        """The hidden fields without ids, for the same reason: `swap` was repeated on every move form."""
        wanted = [getattr(self, f, None) if isinstance(f, str) else f for f in (fields or self)]
        return Markup("\n".join(str(f(id=False)) for f in wanted
                                if f is not None and isinstance(f.widget, HiddenInput)))


class ConfirmForm(Form):
    """A form with only the CSRF token, for one-button actions."""


class ChoiceField(SelectField):
    """One choice from a list that starts with an empty "Choose…" option.

    Without it a browser preselects the first real choice, and a person who never opened
    the list sends it (a province, a stall, a gate account). `.data` is None until a
    choice is made; the field's InputRequired (or Optional) says what that means.
    """

    def __init__(self, label=None, validators=None, coerce=str, placeholder=None, **kwargs):
        self.placeholder = placeholder or _l("Choose…")
        super().__init__(label, validators, coerce=_blank_is_none(coerce), **kwargs)

    def _choices_from_input(self, choices):
        parsed = super()._choices_from_input(choices)
        return None if parsed is None else [SelectChoice("", self.placeholder), *parsed]

    def __call__(self, **kwargs):
        # The only possible choice (an organizer's one province) is shown chosen on a fresh form.
        real = super()._choices_from_input(self.choices) or []
        if self.data is None and not self.raw_data and len(real) == 1:
            self.data = self.coerce(real[0].value)
        return super().__call__(**kwargs)


def _blank_is_none(coerce):
    def coerce_or_none(value):
        return None if value in ("", None) else coerce(value)

    return coerce_or_none


class CheckboxListField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class OneLineField(StringField):
    """Text on one line (names, titles, codes): see festival/core/text.one_line.

    Pasted line breaks become spaces and bidi override characters are dropped before any
    validator runs, so what is stored is what the form showed.
    """

    def process_formdata(self, valuelist):
        super().process_formdata([one_line(value) for value in valuelist])


class MobilePhoneField(StringField):
    """Accepts 09…, +963…, spaces and Arabic-Indic digits; `.e164` holds the stored form."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("filters", [ascii_digits_filter, strip_filter])
        render_kw = {"inputmode": "tel", "autocomplete": "tel", "dir": "ltr"}
        render_kw.update(kwargs.pop("render_kw", {}) or {})
        super().__init__(label, validators, render_kw=render_kw, **kwargs)
        self.e164 = None

    def pre_validate(self, form):
        try:
            self.e164 = normalize_mobile(self.data)
        except InvalidPhone as error:
            raise ValidationError(str(error.message)) from error


class ArabicIntegerField(IntegerField):
    """A whole number typed with 0-9, ٠-٩ or ۰-۹, with or without thousands separators.

    A text input with a numeric keyboard, never type=number: phone browsers silently
    empty a number input that holds Arabic-Indic digits. Values outside a 32-bit integer
    are refused here, so no database ever sees them.
    """

    widget = TextInput()
    LIMIT = 2**31 - 1

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("invalid_value_message", _l("Enter a whole number, for example 12."))
        render_kw = {"inputmode": "numeric", "dir": "ltr", "autocomplete": "off"}
        render_kw.update(kwargs.pop("render_kw", {}) or {})
        super().__init__(label, validators, render_kw=render_kw, **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = (to_ascii_digits(valuelist[0]) or "").translate(BIDI_MARKS).strip()
        if not text:
            self.data = None
            return
        negative = text[0] in MINUS_SIGNS
        digits = text[1:].strip() if negative else text
        try:
            value = parse_whole_number(digits)
        except InvalidNumber:
            value = None
        if value is None or value > self.LIMIT:
            self.data = None
            raise ValueError(self.invalid_value_message)
        self.data = -value if negative else value


class IdField(IntegerField):
    """The id of a row, sent by a hidden input; an id no database could hold is refused.

    Templates write that input themselves (one per row of a list), so the field is not a
    HiddenField: `hidden_tag()` would add a second, empty `assignment` before theirs.
    """

    widget = TextInput()

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data is not None and not 0 < self.data <= ArabicIntegerField.LIMIT:
            self.data = None
            raise ValueError(_l("This row no longer exists. Please open the page again."))


class ArabicDecimalField(DecimalField):
    """A decimal number typed with 0-9 or ٠-٩ and `.`, `,` or `٫` as the decimal mark.

    A text input (not type=number): phone browsers refuse Arabic-Indic digits in number
    inputs. `.data` is a finite Decimal, or None when nothing was typed.
    """

    widget = TextInput()
    DECIMAL_MARKS = str.maketrans({"٫": ".", ",": ".", "−": "-"})

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("places", None)
        kwargs.setdefault("invalid_value_message", _l("Enter a number, for example 33.51"))
        render_kw = {"inputmode": "decimal", "dir": "ltr", "autocomplete": "off"}
        render_kw.update(kwargs.pop("render_kw", {}) or {})
        super().__init__(label, validators, render_kw=render_kw, **kwargs)

    def _value(self):
        if self.raw_data or self.data is None:
            return super()._value()
        return format(decimal.Decimal(str(self.data)).normalize(), "f")  # 3.0 -> "3"

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        text = (to_ascii_digits(valuelist[0]) or "").strip().translate(self.DECIMAL_MARKS)
        if not text:
            self.data = None
            return
        try:
            self.data = decimal.Decimal(text)
        except decimal.InvalidOperation:
            self.data = None
        if self.data is None or not self.data.is_finite():
            self.data = None
            raise ValueError(self.invalid_value_message)


class WholeNumberField(StringField):
    """A count or an amount typed as people type it: ٠-٩, `1,250,000`, `١٬٢٥٠٬٠٠٠`, spaces.

    A text input (phones refuse Arabic-Indic digits in number inputs). `.data` is an int
    >= 0, or None when nothing was typed; anything else is an error under the field.
    """

    parse = staticmethod(parse_whole_number)

    def __init__(self, label=None, validators=None, **kwargs):
        render_kw = {"inputmode": "numeric", "dir": "ltr", "autocomplete": "off"}
        render_kw.update(kwargs.pop("render_kw", {}) or {})
        super().__init__(label, validators, render_kw=render_kw, **kwargs)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return f"{self.data:,}" if isinstance(self.data, int) else ""

    def process_formdata(self, valuelist):
        if not valuelist:
            return
        try:
            self.data = self.parse(valuelist[0])
        except InvalidNumber as error:
            self.data = None
            raise ValueError(str(error.message)) from error


class MoneyField(WholeNumberField):
    """Whole Syrian pounds; also accepts `ل.س` or `SYP` around the number."""

    parse = staticmethod(parse_money)


def new_password_fields():
    """(password, confirm) fields with the project's password rule."""
    password = PasswordField(
        _l("Password"),
        validators=[
            InputRequired(_l("Choose a password.")),
            Length(min=MIN_PASSWORD_LENGTH, max=128, message=_l("The password must have at least 8 characters.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[EqualTo("password", message=_l("The two passwords are not the same."))],
        render_kw={"autocomplete": "new-password"},
    )
    return password, confirm
