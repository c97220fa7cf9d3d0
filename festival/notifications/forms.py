from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField


class ContactForm(FlaskForm):
    language = RadioField(_l("Language of SMS and emails"), choices=[("ar", "العربية"), ("en", "English")],
                          default="ar")
    sms = BooleanField(_l("Send me SMS"))
    email = BooleanField(_l("Send me emails"))
