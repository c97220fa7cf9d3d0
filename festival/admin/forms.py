from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length, Optional, ValidationError

from festival.auth.models import Role
from festival.core.forms import CheckboxListField, Form, MobilePhoneField, OneLineField, strip_filter
from festival.core.input_guard import db_int

STAFF_ROLE_CHOICES = [
    SelectChoice(Role.ORGANIZER.value, _l("Organizer")),
    SelectChoice(Role.GATE.value, _l("Gate staff")),
    SelectChoice(Role.ADMIN.value, _l("Admin")),
]


class StaffUserForm(Form):
    display_name = OneLineField(
        _l("Name"), filters=[strip_filter], validators=[InputRequired(_l("Enter a name.")), Length(max=120)]
    )
    phone = MobilePhoneField(_l("Mobile number"), validators=[InputRequired(_l("Enter a mobile number."))])
    email = EmailField(
        _l("Email (optional)"),
        filters=[strip_filter],
        validators=[Optional(), Email(message=_l("This email address is not valid."))],
    )
    role = SelectField(_l("Role"), choices=STAFF_ROLE_CHOICES)
    provinces = CheckboxListField(_l("Provinces (for organizers and gate staff)"), coerce=db_int)

    def validate_provinces(self, field):
        if self.role.data == Role.ORGANIZER and not field.data:
            raise ValidationError(_l("An organizer needs at least one province."))
        if self.role.data == Role.GATE and not field.data:
            raise ValidationError(_l("Gate staff need at least one province: they work at its markets."))


class EditUserForm(Form):
    display_name = OneLineField(
        _l("Name"), filters=[strip_filter], validators=[InputRequired(_l("Enter a name.")), Length(max=120)]
    )
    provinces = CheckboxListField(_l("Provinces (for organizers and gate staff)"), coerce=db_int)
    enabled = BooleanField(_l("Account enabled"))


class AreaForm(Form):
    name_ar = OneLineField(
        _l("Name in Arabic"), filters=[strip_filter],
        validators=[InputRequired(_l("Enter the Arabic name.")), Length(max=120)],
    )
    name_en = OneLineField(_l("Name in English (optional)"), filters=[strip_filter], validators=[Length(max=120)])
