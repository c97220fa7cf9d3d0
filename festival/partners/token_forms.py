"""The admin's form for a partner's new API token: a name and what it may read."""
from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from festival.core.forms import CheckboxListField, Form, OneLineField, strip_filter
from festival.core.labels import label
from festival.partners.token_models import TokenScope


class TokenForm(Form):
    name = OneLineField(_l("Name of the token"), filters=[strip_filter], validators=[
        InputRequired(_l("Give the token a name, for example the system that will use it.")), Length(max=100)],
                        description=_l("For example: the bank's loans system"))
    scopes = CheckboxListField(_l("It may read"), coerce=str,
                               validators=[InputRequired(_l("Choose what the token may read."))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.scopes.choices = [SelectChoice(scope.value, label("token_scope", scope)) for scope in TokenScope]
