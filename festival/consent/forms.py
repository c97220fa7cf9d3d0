"""The sharing choices as a form field, on the sign-up form and on the family's own page.
None is ticked until the family ticks it: a choice made for them is not consent."""
from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice

from festival.auth.forms import RegisterForm
from festival.consent.models import WORDING, SharingPurpose
from festival.core.forms import CheckboxListField, Form


def sharing_field():
    return CheckboxListField(
        _l("What may the programme share about your family?"), coerce=str,
        choices=[SelectChoice(purpose.value, WORDING[purpose]) for purpose in SharingPurpose],
        description=_l("Each is optional and can be changed at any time. Counts and totals that name no "
                       "family are always used for the programme's statistics."))


class RegisterWithSharingForm(RegisterForm):
    sharing = sharing_field()


class SharingForm(Form):
    sharing = sharing_field()
