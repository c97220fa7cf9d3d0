"""Forms for venues, generated sections and single stalls.

Forms only parse what was typed (Arabic-Indic digits included); the rules (bounds,
unique codes, area inside the province) live in operations and come back together, each under
its field (core.domain.DomainErrors).
"""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from festival.core.forms import ArabicDecimalField, ArabicIntegerField, ChoiceField, Form, OneLineField, strip_filter
from festival.core.input_guard import db_int

NO_AREA = 0


def area_choices(provinces) -> list[SelectChoice]:
    """Areas grouped by province, after a "no area" option (0)."""
    choices = [SelectChoice(NO_AREA, _l("No area"))]
    for province in provinces:
        choices += [SelectChoice(area.id, area.name, optgroup=province.name) for area in province.areas]
    return choices


class VenueForm(Form):
    province_id = ChoiceField(_l("Province"), coerce=db_int, validators=[InputRequired(_l("Choose the province."))])
    # Areas are grouped by province and checked against it (operations._check_area); where
    # JavaScript runs, static/js/site.js shows only the chosen province's group.
    area_id = SelectField(_l("Area (optional)"), coerce=db_int, default=NO_AREA,
                          render_kw={"data-follows": "province_id"})
    name_ar = OneLineField(
        _l("Name in Arabic"), filters=[strip_filter],
        validators=[InputRequired(_l("Enter the Arabic name.")), Length(max=160)],
        description=_l("For example: حديقة تشرين"),
    )
    name_en = OneLineField(_l("Name in English (optional)"), filters=[strip_filter], validators=[Length(max=160)])
    address = OneLineField(_l("Address"), filters=[strip_filter], validators=[Length(max=300)])
    latitude = ArabicDecimalField(
        _l("Latitude"),
        validators=[Optional(), NumberRange(-90, 90, message=_l("The latitude is between -90 and 90."))],
        description=_l("Optional, from a map: for example 33.5138"),
    )
    longitude = ArabicDecimalField(
        _l("Longitude"),
        validators=[Optional(), NumberRange(-180, 180, message=_l("The longitude is between -180 and 180."))],
        description=_l("Optional: for example 36.2765"),
    )
    notes_for_vendors = TextAreaField(
        _l("Notes for families"), filters=[strip_filter], validators=[Length(max=4000)],
        description=_l("Access, parking, loading and unloading times: shown to the families taking part."),
        render_kw={"rows": 4},
    )


def _whole_number(label):
    return ArabicIntegerField(
        label, validators=[InputRequired(_l("Enter a whole number."))],
        description=_l("1 to 50"),
        invalid_value_message=_l("Enter a whole number."),
    )


def _metres(label):
    return ArabicDecimalField(label, validators=[InputRequired(_l("Enter the size in metres."))], default=3)


class SectionForm(Form):
    code = OneLineField(
        _l("Section code"), filters=[strip_filter],
        description=_l("1 to 8 Latin letters or digits. The first stall of section A is A-01."),
        render_kw={"dir": "ltr", "autocapitalize": "characters", "autocomplete": "off", "maxlength": 8},
    )
    rows = _whole_number(_l("Rows"))
    columns = _whole_number(_l("Stalls per row"))
    width_m = _metres(_l("Width of a stall (m)"))
    depth_m = _metres(_l("Depth of a stall (m)"))
    covered = BooleanField(_l("Covered"))
    electricity = BooleanField(_l("Electricity"))
    accessible = BooleanField(_l("Accessible (step-free)"))


class StallForm(Form):
    width_m = _metres(_l("Width (m)"))
    depth_m = _metres(_l("Depth (m)"))
    covered = BooleanField(_l("Covered"))
    electricity = BooleanField(_l("Electricity"))
    accessible = BooleanField(_l("Accessible (step-free)"))
    corner = BooleanField(_l("Corner stall"))
    disabled = BooleanField(
        _l("Disabled (not offered to new events)"),
        description=_l("Upcoming events stop offering it; events already under way keep it."),
    )
