from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, TextAreaField
from wtforms.validators import Length

from festival.core.forms import Form, strip_filter
from festival.core.uploads import upload_limit_megabytes
from festival.crafts.photos import ACCEPT_ATTRIBUTE


class CraftForm(Form):
    description_ar = TextAreaField(_l("Description in Arabic"), filters=[strip_filter],
                                   validators=[Length(max=2000)], render_kw={"rows": 4, "dir": "rtl"})
    description_en = TextAreaField(_l("Description in English"), filters=[strip_filter],
                                   validators=[Length(max=2000)], render_kw={"rows": 4, "dir": "ltr"})
    heritage = BooleanField(_l("Heritage craft (as the ministry lists it)"))
    endangered = BooleanField(_l("Endangered (few practitioners left)"))
    photo = FileField(_l("Add a photo of the craft"), render_kw={"accept": ACCEPT_ATTRIBUTE})

    @classmethod
    def for_craft(cls, craft):
        form = cls(obj=craft)
        form.photo.render_kw = {
            **form.photo.render_kw, "data-max-bytes": current_app.config["PHOTO_MAX_BYTES"],
            "data-too-large": _("This photo is larger than %(size)s MB. Choose a smaller photo.",
                                size=upload_limit_megabytes()),
        }
        return form
