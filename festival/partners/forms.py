"""Forms of the partner pages: an admin sets a partner's scope, purpose and data policy and
adds its accounts. Choices are built per request, so they read in the reader's language."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from festival.consent.models import SharingPurpose
from festival.core.forms import CheckboxListField, Form, MobilePhoneField, OneLineField, strip_filter
from festival.core.input_guard import db_int
from festival.core.labels import label
from festival.partners.models import EXPORT_FIELDS, PartnerKind


class PartnerForm(Form):
    name_ar = OneLineField(_l("Name in Arabic"), filters=[strip_filter],
                           validators=[InputRequired(_l("Enter the name.")), Length(max=200)],
                           description=_l("For example: مصرف التسليف الشعبي"))
    name_en = OneLineField(_l("Name in English (optional)"), filters=[strip_filter], validators=[Length(max=200)])
    kind = RadioField(_l("Kind"), validators=[InputRequired(_l("Choose the kind of partner."))])
    purpose = RadioField(_l("Its exports hold the families who agreed to share with"),
                         validators=[InputRequired(_l("Choose which of the families' choices its exports need."))])
    national = BooleanField(_l("National: every province"))
    provinces = CheckboxListField(_l("Or only these provinces"), coerce=db_int)
    fields = CheckboxListField(_l("Fields it may export"), coerce=str,
                               description=_l("Only of the families who agreed; everything else it sees is counts."))

    def __init__(self, *args, provinces=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = [SelectChoice(kind.value, label("partner_kind", kind)) for kind in PartnerKind]
        self.purpose.choices = [SelectChoice(SharingPurpose.BANKS.value, _l("financing banks")),
                                SelectChoice(SharingPurpose.MINISTRIES.value, _l("ministries' programmes"))]
        self.provinces.choices = [SelectChoice(province.id, province.name) for province in provinces]
        self.fields.choices = [SelectChoice(code, text) for code, text in EXPORT_FIELDS.items()]


class MemberForm(Form):
    display_name = OneLineField(_l("Name of the person"), filters=[strip_filter],
                                validators=[InputRequired(_l("Enter a name.")), Length(max=120)])
    phone = MobilePhoneField(_l("Mobile number"), validators=[InputRequired(_l("Enter a mobile number."))])
