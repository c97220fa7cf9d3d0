import secrets

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from festival.checkin.devices import devices_of
from festival.checkin.noshow import MAX_CUTOFF_MINUTES
from festival.checkin.staff import attached, available
from festival.core.forms import (
    ArabicIntegerField,
    CheckboxListField,
    ChoiceField,
    Form,
    IdField,
    OneLineField,
    strip_filter,
)
from festival.core.input_guard import db_int


def new_nonce() -> str:
    """A request id for one check-in form: a double tap or a resent form records nothing twice."""
    return secrets.token_urlsafe(18)


class CheckInForm(Form):
    nonce = HiddenField(validators=[Optional(), Length(max=64)])


class ShortCodeForm(Form):
    code = OneLineField(_l("Short code on the badge"), filters=[strip_filter],
                       validators=[InputRequired(_l("Type the code printed on the badge.")),
                                   Length(max=300)],  # or a handheld scanner types the badge URL
                       render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false",
                                  "dir": "ltr", "inputmode": "text", "enterkeyhint": "go"})
    nonce = HiddenField(validators=[Optional(), Length(max=64)])


class GateStaffForm(Form):
    user = ChoiceField(_l("Gate staff account"), coerce=db_int, validators=[InputRequired(_l("Choose an account."))])


class CutoffForm(Form):
    minutes = ArabicIntegerField(
        _l("Minutes after opening before empty stalls may go to waiting families"),
        validators=[InputRequired(_l("Enter a number of minutes.")),
                    NumberRange(min=0, max=MAX_CUTOFF_MINUTES, message=_l("Between 0 and 600 minutes."))])


def gate_section(market) -> dict:
    """What the market page needs for its gate section (templates/checkin/_gate_staff.html)."""
    return {"gate_staff": attached(market), "gate_form": gate_staff_form(market), "gate_phones": devices_of(market),
            "cutoff_form": CutoffForm(formdata=None, minutes=market.checkin_cutoff_minutes)}


def gate_staff_form(market, *, formdata=False) -> GateStaffForm:
    """The market page's form: the gate accounts not attached yet (`formdata=True` reads the post)."""
    form = GateStaffForm() if formdata else GateStaffForm(formdata=None)
    form.user.choices = [SelectChoice(user.id, user.display_name) for user in available(market)]
    return form


class ReplaceNoShowForm(Form):
    assignment = IdField(validators=[InputRequired()])
    application = ChoiceField(_l("Waiting family that is here"), coerce=db_int,
                              validators=[InputRequired(_l("Choose a waiting family."))])


class PaperArrivalsForm(Form):
    families = CheckboxListField(_l("Families ticked on the paper list"), coerce=db_int,
                                 validators=[InputRequired(_l("Tick at least one family."))])
    day = SelectField(_l("Day"))
    arrived_at = TimeField(_l("Time of arrival (as on the list)"),
                           validators=[InputRequired(_l("Enter the time, for example 09:30."))])
