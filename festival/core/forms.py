"""Form fields shared by features: phone numbers, passwords, whole numbers."""
from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, PasswordField, StringField
from wtforms.validators import EqualTo, InputRequired, Length, ValidationError

from festival.core.numbers import ascii_digits_filter
from festival.core.phones import InvalidPhone, normalize_mobile

MIN_PASSWORD_LENGTH = 8


def strip_filter(value):
    return value.strip() if isinstance(value, str) else value


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
    """An IntegerField that also understands ٠-٩."""

    def process_formdata(self, valuelist):
        super().process_formdata([ascii_digits_filter(v) for v in valuelist])


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
