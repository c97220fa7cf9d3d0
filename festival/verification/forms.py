from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, StringField
from wtforms.validators import InputRequired

from festival.core.forms import Form, MobilePhoneField, new_password_fields


def code_field():
    return StringField(_l("The code from the SMS"), validators=[InputRequired(_l("Type the 6 digits of the SMS."))],
                       render_kw={"inputmode": "numeric", "autocomplete": "one-time-code", "maxlength": 12,
                                  "dir": "ltr"})


class CodeForm(Form):
    code = code_field()


class ForgotForm(Form):
    phone = MobilePhoneField(_l("Mobile number"), validators=[InputRequired(_l("Enter your mobile number."))])


class ResetByCodeForm(Form):
    code = code_field()
    password, confirm = new_password_fields()


class NewPhoneForm(Form):
    phone = MobilePhoneField(_l("New mobile number"), validators=[InputRequired(_l("Enter your mobile number."))])
    current_password = PasswordField(_l("Current password"),
                                     validators=[InputRequired(_l("Enter your current password."))],
                                     render_kw={"autocomplete": "current-password"})
