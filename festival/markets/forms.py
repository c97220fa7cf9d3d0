from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from festival.core.datefields import DamascusDateTimeField, DateListField, LocalDateField, LocalTimeField
from festival.core.forms import ArabicIntegerField, CheckboxListField, ChoiceField, Form, OneLineField, strip_filter
from festival.core.input_guard import db_int
from festival.markets.models import MarketKind

KIND_CHOICES = [
    SelectChoice(MarketKind.FRIDAY.value, _l("Friday market (every Friday)")),
    SelectChoice(MarketKind.FESTIVAL.value, _l("Sales festival (one or more days in a row)")),
]


class MarketForm(Form):
    kind = RadioField(_l("Kind"), choices=KIND_CHOICES, default=MarketKind.FRIDAY.value,
                      validators=[InputRequired(_l("Choose the kind of market."))])
    title_ar = OneLineField(_l("Title in Arabic"), filters=[strip_filter],
                           validators=[InputRequired(_l("Enter the title.")), Length(max=200)])
    title_en = OneLineField(_l("Title in English (optional)"), filters=[strip_filter], validators=[Length(max=200)])
    description_ar = TextAreaField(_l("Description in Arabic"), filters=[strip_filter], validators=[Length(max=4000)])
    description_en = TextAreaField(_l("Description in English (optional)"), filters=[strip_filter],
                                   validators=[Length(max=4000)])
    province = ChoiceField(_l("Province"), coerce=db_int, validators=[InputRequired(_l("Choose the province."))])
    venue = ChoiceField(_l("Venue"), coerce=db_int, validators=[InputRequired(_l("Choose the venue."))])
    first_day = LocalDateField(_l("First day"), validators=[InputRequired(_l("Enter the first day."))])
    last_day = LocalDateField(
        _l("Last day"), validators=[Optional()],
        description=_l("For a Friday market: the series ends on the last Friday up to this day."),
    )
    occurrence_count = ArabicIntegerField(
        _l("Or: number of Fridays"),
        validators=[Optional(), NumberRange(min=1, max=104, message=_l("Between 1 and 104."))],
    )
    opens_at = LocalTimeField(_l("Opens at (Damascus time)"),
                              validators=[InputRequired(_l("Enter the opening time."))])
    closes_at = LocalTimeField(_l("Closes at (Damascus time)"),
                               validators=[InputRequired(_l("Enter the closing time."))])
    cancelled_days = DateListField(
        _l("Fridays without a market (optional)"),
        description=_l("One date per line, for example 2026-12-25."),
        render_kw={"dir": "ltr", "rows": 2},
    )
    applications_open_at = DamascusDateTimeField(
        _l("Applications open"), validators=[InputRequired(_l("Enter when applications open."))]
    )
    applications_close_at = DamascusDateTimeField(
        _l("Applications close"), validators=[InputRequired(_l("Enter when applications close."))]
    )
    stall_fee = ArabicIntegerField(
        _l("Stall fee (Syrian pounds)"), default=0,
        validators=[InputRequired(_l("Enter the fee, 0 if free.")),
                    NumberRange(min=0, max=100_000_000, message=_l("Enter 0 or more Syrian pounds."))],
    )
    contact = OneLineField(_l("Contact for families"), filters=[strip_filter], validators=[Length(max=200)])
    crafts = CheckboxListField(_l("Craft categories allowed"), coerce=db_int,
                               validators=[InputRequired(_l("Choose at least one craft category."))])
    required_course = SelectField(
        _l("Course required to apply (optional)"), coerce=db_int, default=0,
        description=_l("Only families with a certificate of this course can apply."))


class ReasonForm(Form):
    reason = TextAreaField(_l("Reason (shown to visitors and families)"), filters=[strip_filter],
                           validators=[InputRequired(_l("Give the reason.")), Length(max=1000)])


class OfferedStallsForm(Form):
    stalls = CheckboxListField(_l("Stalls offered"), coerce=db_int)
