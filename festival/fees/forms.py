"""Forms of the fee pages. Amounts are typed as people type them (`٥٠٬٠٠٠`, `50,000 ل.س`);
the rules (how much may be paid or given back) live in fees/operations.py."""
import secrets

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from festival.core.forms import ArabicIntegerField, Form, MoneyField, OneLineField, strip_filter
from festival.core.labels import label
from festival.fees.models import FeePolicy, PaymentMethod

MAX_POUNDS = 100_000_000  # as the market's stall fee (festival/markets/forms.py)


def _money(text, description=None):
    return MoneyField(text, description=description, validators=[
        InputRequired(_l("Enter the amount.")),
        NumberRange(max=MAX_POUNDS, message=_l("Enter at most %(amount)s.", amount="100,000,000"))])


class FeeSettingsForm(Form):
    fee_electricity = _money(_l("Extra per day for a stall with electricity (Syrian pounds)"),
                             description=_l("0 if there is no extra fee."))
    fee_covered = _money(_l("Extra per day for a covered stall (Syrian pounds)"),
                         description=_l("0 if there is no extra fee."))
    fee_policy = RadioField(_l("A family that has not paid"),
                            validators=[InputRequired(_l("Choose what happens to families who have not paid."))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fee_policy.choices = [SelectChoice(policy.value, label("fee_policy", policy)) for policy in FeePolicy]


def fee_settings_form(market, **kwargs) -> FeeSettingsForm:
    """The settings form with one "extra per day" field per section of the market's venue."""

    class ForThisVenue(FeeSettingsForm):
        pass

    sections = sorted(market.venue.sections, key=lambda section: section.code)
    for section in sections:
        setattr(ForThisVenue, f"section_{section.id}", _money(
            _l("Extra per day in section %(code)s (Syrian pounds)", code=section.code),
            description=_l("0 if there is no extra fee.")))
    form = ForThisVenue(**kwargs)
    form.section_fields = [form[f"section_{section.id}"] for section in sections]
    return form


class PaymentForm(Form):
    amount = _money(_l("Amount (Syrian pounds)"))
    method = RadioField(_l("Paid by"), default=PaymentMethod.CASH.value,
                        validators=[InputRequired(_l("Choose how the money was paid."))])
    reference = OneLineField(_l("Transaction number (wallet or bank)"), filters=[strip_filter],
                             validators=[Optional(), Length(max=64)],
                             description=_l("As it appears in the confirmation SMS. Not needed for cash."),
                             render_kw={"dir": "ltr", "autocomplete": "off"})
    note = TextAreaField(_l("Note (optional)"), filters=[strip_filter], validators=[Length(max=500)],
                         description=_l("Printed on the family's receipt."), render_kw={"rows": 2})
    # A new random number with each form shown: the same form sent twice records one payment.
    nonce = HiddenField(default=lambda: secrets.token_urlsafe(16), validators=[Length(max=64)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.method.choices = [SelectChoice(method.value, label("payment_method", method)) for method in PaymentMethod]


class WaiverForm(Form):
    percent = ArabicIntegerField(_l("Reduction (percent)"), default=100,
                                 validators=[InputRequired(_l("Enter a whole number.")),
                                             NumberRange(1, 100, _l("Between %(low)d and %(high)d.", low=1, high=100))],
                                 description=_l("100 waives the whole fee."))
    reason = OneLineField(_l("Reason"), filters=[strip_filter],
                          validators=[InputRequired(_l("Say why the fee is reduced.")), Length(max=300)],
                          description=_l("For example: a family the programme supports."))
