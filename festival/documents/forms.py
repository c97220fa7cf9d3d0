"""Forms of the document pages: they parse what was typed (Arabic-Indic digits included in
dates); the rules live in documents/operations.py and come back under their fields."""
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from festival.core.datefields import LocalDateField
from festival.core.forms import CheckboxListField, ChoiceField, Form, OneLineField, strip_filter
from festival.core.input_guard import db_int
from festival.documents.files import ACCEPT_ATTRIBUTE, megabytes


class DocumentTypeForm(Form):
    name_ar = OneLineField(_l("Name in Arabic"), filters=[strip_filter],
                           validators=[InputRequired(_l("Enter the name in Arabic.")), Length(max=120)],
                           description=_l("For example: الشهادة الصحية"))
    name_en = OneLineField(_l("Name in English (optional)"), filters=[strip_filter], validators=[Length(max=120)])
    expires = BooleanField(_l("This document expires (the family gives the last day it is valid)"))
    crafts = CheckboxListField(_l("Required of families selling"), coerce=db_int,
                               description=_l("None ticked: only the markets that ask for it require it."))


class MarketDocumentsForm(Form):
    document_types = CheckboxListField(_l("Documents every family of this market needs"), coerce=db_int,
                                       description=_l("On top of those their crafts need."))
    policy = ChoiceField(_l("A family without valid documents"),
                         validators=[InputRequired(_l("Choose what happens to a family without its documents."))])


class UploadForm(Form):
    document_type_id = ChoiceField(_l("Document"), coerce=db_int,
                                   validators=[InputRequired(_l("Choose the document."))])
    number = OneLineField(_l("Number of the document"), filters=[strip_filter],
                          validators=[InputRequired(_l("Enter the number written on the document.")),
                                      Length(max=64)], render_kw={"dir": "auto", "autocomplete": "off"})
    expires_on = LocalDateField(_l("Valid until (the last day, if the document has one)"), validators=[Optional()])
    file = FileField(_l("Photo or PDF of the document"), render_kw={"accept": ACCEPT_ATTRIBUTE})

    @classmethod
    def for_choices(cls, choices, **kwargs):
        form = cls(**kwargs)
        form.document_type_id.choices = choices
        limit = max(current_app.config["PHOTO_MAX_BYTES"], current_app.config["DOCUMENT_MAX_BYTES"])
        form.file.description = _("A clear photo of the whole document, or a PDF (at most %(size)s MB).",
                                  size=megabytes(limit))
        form.file.render_kw = {**form.file.render_kw, "data-max-bytes": limit,
                               "data-too-large": _("This file is larger than %(size)s MB. Choose a smaller file.",
                                                   size=megabytes(limit))}
        return form


class RejectForm(Form):
    reason = TextAreaField(_l("Reason (the family sees it)"), filters=[strip_filter],
                           validators=[InputRequired(_l("Give the reason for the rejection: the family will see it.")),
                                       Length(max=1000)], render_kw={"rows": 2})
