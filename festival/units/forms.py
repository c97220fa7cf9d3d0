"""Forms of the production unit pages. Choices are built per request (the reader's language)."""
import re

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from festival.core.datefields import LocalDateField
from festival.core.forms import ChoiceField, Form, MoneyField, OneLineField, WholeNumberField, strip_filter
from festival.core.input_guard import db_int
from festival.core.numbers import to_ascii_digits


def _optional_id(value):
    """A choice whose empty option means something (no area; the programme itself): never preselected."""
    return None if value in ("", None) else db_int(value)


class UnitForm(Form):
    name = OneLineField(_l("Name of the unit"), filters=[strip_filter],
                        validators=[InputRequired(_l("Enter the unit's name.")), Length(max=160)],
                        description=_l("For example: مطبخ مونة جرمانا المشترك"))
    province_id = ChoiceField(_l("Province"), coerce=db_int, validators=[InputRequired(_l("Choose the province."))])
    area_id = SelectField(_l("Area (optional)"), coerce=_optional_id, validators=[Optional()])
    craft_id = ChoiceField(_l("Craft"), coerce=db_int, validators=[InputRequired(_l("Choose the craft."))])
    active = BooleanField(_l("Active (the unit works and may apply to markets)"), default=True)

    def __init__(self, *args, provinces=(), areas=(), crafts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.province_id.choices = [SelectChoice(province.id, province.name) for province in provinces]
        self.area_id.choices = [SelectChoice("", "—")] + [
            SelectChoice(area.id, f"{area.name} · {area.province.name}") for area in areas]
        self.craft_id.choices = [SelectChoice(craft.id, craft.name) for craft in crafts]


class EquipmentForm(Form):
    description = OneLineField(_l("What the unit received"), filters=[strip_filter],
                               validators=[InputRequired(_l("Say what the unit received.")), Length(max=200)],
                               description=_l("For example: براد صناعي، فرن، قدر نحاسي"))
    quantity = WholeNumberField(_l("How many"), default=1,
                                validators=[InputRequired(_l("Enter how many pieces (at least one)."))])
    received_on = LocalDateField(_l("Received on"), validators=[InputRequired(_l("Enter the day it was received."))])
    # Not a ChoiceField: "the programme" is a real answer, and a sole partner must not be preselected.
    partner_id = SelectField(_l("Financed by"), coerce=_optional_id, validators=[Optional()])
    value_syp = MoneyField(_l("Value in Syrian pounds (optional)"), validators=[Optional()])

    def __init__(self, *args, partners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.partner_id.choices = [SelectChoice("", _l("The programme"))] + [
            SelectChoice(partner.id, partner.name) for partner in partners]


MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


class OutputForm(Form):
    month = OneLineField(_l("Month (year-month, e.g. 2026-11)"), filters=[strip_filter],
                         validators=[InputRequired(_l("Enter the month."))],
                         render_kw={"dir": "ltr", "inputmode": "numeric", "placeholder": "2026-11"})
    description = OneLineField(_l("What the unit produced"), filters=[strip_filter],
                               validators=[InputRequired(_l("Say what the unit produced.")), Length(max=200)],
                               description=_l("For example: مكدوس، صابون غار"))
    quantity = WholeNumberField(_l("Quantity"), validators=[InputRequired(_l("Enter the quantity."))])
    quantity_unit = OneLineField(_l("Unit of measure (optional)"), filters=[strip_filter],
                                 validators=[Length(max=32)], description=_l("For example: كغ، مرطبان، قطعة"))
    value_syp = MoneyField(_l("Value in Syrian pounds"), validators=[InputRequired(_l("Enter the value."))])

    def validate_month(self, field):
        found = MONTH.match(to_ascii_digits(field.data or "").replace("/", "-"))
        if not found or not 1 <= int(found.group(2)) <= 12 or int(found.group(1)) < 2000:
            raise ValidationError(_l("Write the month as year-month, e.g. 2026-11."))
        field.data = f"{int(found.group(1)):04d}-{int(found.group(2)):02d}"


class MemberSearchForm(Form):
    """GET: part of a family's name or phone number, to pick a member (works without JavaScript)."""

    class Meta:
        csrf = False

    q = OneLineField(_l("Find a family of the province: name or mobile number"), filters=[strip_filter],
                     validators=[Length(max=100)])
