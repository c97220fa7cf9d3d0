"""The confirmations before an account is deleted: the family's password, or the admin's
statement that the family asked."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField
from wtforms.validators import DataRequired, InputRequired

from festival.core.forms import Form


class FamilyErasureForm(Form):
    password = PasswordField(_l("Your password"), validators=[InputRequired(_l("Enter your password."))],
                             render_kw={"autocomplete": "current-password"})
    understood = BooleanField(_l("I understand that this cannot be undone."),
                              validators=[DataRequired(_l("Tick this box to delete the account."))])


class AdminErasureForm(Form):
    asked = BooleanField(_l("The family asked for its account to be deleted (in person, by phone or in writing)."),
                         validators=[DataRequired(_l("Tick this box: an account is deleted only at the family's "
                                                     "request."))])
