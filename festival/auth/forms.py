from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField
from wtforms.validators import Email, InputRequired, Length, Optional

from festival.core.forms import ChoiceField, Form, MobilePhoneField, OneLineField, new_password_fields, strip_filter
from festival.core.input_guard import db_int


class LoginForm(Form):
    phone = MobilePhoneField(_l("Mobile number"), validators=[InputRequired(_l("Enter your mobile number."))])
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(_l("Enter your password."))],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Keep me logged in on this device"))


class RegisterForm(Form):
    family_name = OneLineField(
        _l("Family name"),
        filters=[strip_filter],
        validators=[InputRequired(_l("Enter the family's name.")), Length(max=120)],
        description=_l("As customers will see it, for example: أسرة أم محمد للمونة"),
    )
    phone = MobilePhoneField(
        _l("Mobile number"),
        validators=[InputRequired(_l("Enter your mobile number."))],
        description=_l("You will log in with it. Example: 0944 123 456"),
    )
    province = ChoiceField(_l("Province"), coerce=db_int, validators=[InputRequired(_l("Choose your province."))])
    email = EmailField(
        _l("Email (optional)"),
        filters=[strip_filter],
        validators=[Optional(), Email(message=_l("This email address is not valid.")), Length(max=254)],
    )
    password, confirm = new_password_fields()


class ChangePasswordForm(Form):
    current_password = PasswordField(
        _l("Current password"),
        validators=[InputRequired(_l("Enter your current password."))],
        render_kw={"autocomplete": "current-password"},
    )
    password, confirm = new_password_fields()


class SetPasswordForm(Form):
    password, confirm = new_password_fields()
