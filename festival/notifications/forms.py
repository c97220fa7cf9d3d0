from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField
from wtforms.fields.choices import SelectChoice

from festival.core.forms import Form


class ContactForm(Form):
    language = RadioField(_l("Language of SMS and emails"), default="ar",
                          choices=[SelectChoice("ar", "العربية"), SelectChoice("en", "English")])
    sms = BooleanField(_l("Send me SMS"))
    email = BooleanField(_l("Send me emails"))
