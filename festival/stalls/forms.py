from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField
from wtforms.validators import InputRequired

from festival.core.forms import IdField
from festival.core.input_guard import db_int


class AssignForm(FlaskForm):
    application = SelectField(_l("Family"), coerce=db_int, validators=[InputRequired(_l("Choose a family."))])
    stall = SelectField(_l("Stall"), coerce=db_int, validators=[InputRequired(_l("Choose a stall."))])


class MoveForm(FlaskForm):
    """Move an assigned family to a stall; if the stall is taken, `swap` exchanges them."""

    assignment = IdField(validators=[InputRequired()])
    stall = SelectField(_l("Move to stall"), coerce=db_int, validators=[InputRequired(_l("Choose a stall."))])
    swap = HiddenField()


class AssignmentActionForm(FlaskForm):
    assignment = IdField(validators=[InputRequired()])


class ProposalForm(FlaskForm):
    """The previewed placements, carried back as "application:stall" pairs."""

    placements = HiddenField(validators=[InputRequired()])
