from flask_babel import lazy_gettext as _l
from wtforms import HiddenField
from wtforms.validators import InputRequired

from festival.core.forms import ChoiceField, Form, IdField
from festival.core.input_guard import db_int


class AssignForm(Form):
    application = ChoiceField(_l("Family"), coerce=db_int, validators=[InputRequired(_l("Choose a family."))])
    stall = ChoiceField(_l("Stall"), coerce=db_int, validators=[InputRequired(_l("Choose a stall."))])


class MoveForm(Form):
    """Move an assigned family to a stall; if the stall is taken, `swap` exchanges them."""

    assignment = IdField(validators=[InputRequired()])
    stall = ChoiceField(_l("Move to stall"), coerce=db_int, validators=[InputRequired(_l("Choose a stall."))])
    swap = HiddenField()


class AssignmentActionForm(Form):
    assignment = IdField(validators=[InputRequired()])


class ProposalForm(Form):
    """The previewed placements, carried back as "application:stall" pairs."""

    placements = HiddenField(validators=[InputRequired()])
