from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from festival.core.forms import ChoiceField, Form
from festival.core.labels import label
from festival.manage.announcements import MAX_LENGTH
from festival.manage.audiences import Audience


class AnnouncementForm(Form):
    audience = ChoiceField(_l("To"), validators=[InputRequired(_l("Choose who gets the message."))])
    # One per writing of a message: a double click on Send, or a re-posted form, sends it once.
    nonce = HiddenField()
    text = TextAreaField(_l("Message"), validators=[InputRequired(_l("Write the message."))],
                         render_kw={"maxlength": MAX_LENGTH, "rows": 4})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.audience.choices = [SelectChoice(audience.value, label("audience", audience)) for audience in Audience]
