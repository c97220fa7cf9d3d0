"""Forms of the training pages: they parse what was typed (Arabic-Indic digits included);
the rules live in training/operations.py and come back under their fields."""
from flask_babel import lazy_gettext as _l
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp

from festival.core.datefields import LocalDateField, LocalTimeField
from festival.core.forms import (
    ArabicIntegerField,
    CheckboxListField,
    ChoiceField,
    Form,
    IdField,
    MobilePhoneField,
    OneLineField,
    strip_filter,
)
from festival.core.input_guard import db_int
from festival.core.numbers import ascii_digits_filter

NOBODY = 0  # "no venue" / "no trainer yet" in a select


def _count(label, low, high, description=None):
    message = _l("Between %(low)d and %(high)d.", low=low, high=high)
    return ArabicIntegerField(label, description=description,
                              validators=[InputRequired(_l("Enter a whole number.")), NumberRange(low, high, message)])


class CourseForm(Form):
    province_id = ChoiceField(_l("Province"), coerce=db_int, validators=[InputRequired(_l("Choose the province."))])
    title_ar = OneLineField(_l("Title in Arabic"), filters=[strip_filter],
                            validators=[InputRequired(_l("Enter the title.")), Length(max=200)],
                            description=_l("For example: فن البيع"))
    title_en = OneLineField(_l("Title in English (optional)"), filters=[strip_filter], validators=[Length(max=200)])
    description_ar = TextAreaField(_l("Description in Arabic"), filters=[strip_filter], validators=[Length(max=4000)],
                                   render_kw={"rows": 3})
    description_en = TextAreaField(_l("Description in English (optional)"), filters=[strip_filter],
                                   validators=[Length(max=4000)], render_kw={"rows": 3})
    topics = TextAreaField(_l("Topics"), filters=[strip_filter], validators=[Length(max=4000)],
                           description=_l("One per line: pricing, display, talking to customers…"),
                           render_kw={"rows": 4})
    planned_sessions = _count(_l("Number of sessions"), 1, 50)
    sessions_to_complete = _count(_l("Sessions a family must attend to complete it"), 1, 50,
                                  description=_l("For example 4 of 5 sessions."))
    hours_per_session = _count(_l("Hours per session"), 1, 12)
    crafts = CheckboxListField(_l("For families of these crafts (optional)"), coerce=db_int,
                               description=_l("None ticked: the course is for every family."))


class CohortForm(Form):
    name = OneLineField(_l("Name of the group"), filters=[strip_filter],
                        validators=[InputRequired(_l("Enter a name.")), Length(max=120)],
                        description=_l("For example: the December group"))
    capacity = _count(_l("Places"), 1, 500)


class SessionForm(Form):
    day = LocalDateField(_l("Date"), validators=[InputRequired(_l("Enter the date."))])
    starts = LocalTimeField(_l("Starts at (Damascus time)"), validators=[InputRequired(_l("Enter the time."))])
    ends = LocalTimeField(_l("Ends at (Damascus time)"), validators=[InputRequired(_l("Enter the time."))])
    venue_id = SelectField(_l("Venue (optional)"), coerce=db_int, default=NOBODY)
    room = OneLineField(_l("Room or place"), filters=[strip_filter], validators=[Length(max=120)])
    trainer_id = SelectField(_l("Trainer"), coerce=db_int, default=NOBODY)
    capacity = ArabicIntegerField(_l("Places in the room (optional)"), validators=[
        Optional(), NumberRange(1, 500, _l("Between %(low)d and %(high)d.", low=1, high=500))],
        description=_l("Leave it empty when the room holds the whole group."))


class EnrolFamilyForm(Form):
    phone = MobilePhoneField(_l("The family's mobile number"),
                             validators=[InputRequired(_l("Enter a mobile number."))])


class FamiliesForm(Form):
    """Families ticked on a list (those who applied to a market) to enrol at once."""

    families = CheckboxListField(_l("Families"), coerce=db_int)


class AttendanceListForm(Form):
    present = CheckboxListField(_l("Present"), coerce=db_int)
    # The families shown ticked when the list was opened (hidden inputs): only those can be
    # unticked, so a scan or a code typed meanwhile is not undone by saving the list.
    shown = SelectMultipleField(coerce=db_int)


class SessionChoiceForm(Form):
    """The session a scanned family is recorded at (the trainer's phone shows those under way)."""

    session_id = IdField(validators=[InputRequired()])


def without_spaces(value):
    """`123 456` as the screen shows it, typed with its space (or none)."""
    return "".join(value.split()) if isinstance(value, str) else value


class RoomCodeForm(Form):
    code = StringField(_l("Code on the screen"), filters=[ascii_digits_filter, without_spaces],
                       validators=[InputRequired(_l("Type the 6 digits on the screen.")),
                                   Regexp(r"^[0-9]{6}$", message=_l("Type the 6 digits on the screen."))],
                       render_kw={"inputmode": "numeric", "autocomplete": "off", "dir": "ltr", "maxlength": 12})


class RevokeForm(Form):
    reason = TextAreaField(_l("Reason (shown to whoever checks the certificate)"), filters=[strip_filter],
                           validators=[InputRequired(_l("Give the reason.")), Length(max=1000)],
                           render_kw={"rows": 2})
