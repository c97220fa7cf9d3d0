"""The sales report form: a total, one amount and item count per craft, and the rest.

The craft rows depend on the family, so the form class is built per report
(`report_form(crafts)`); each craft gets `amount_<id>` and `items_<id>`.
"""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from festival.core.forms import ArabicIntegerField, Form, MoneyField, OneLineField, WholeNumberField, strip_filter
from festival.reports.operations import ReportEntry

ATTENDED, ABSENT = "yes", "no"
RATING_CHOICES = [SelectChoice("", _l("No rating")), *[SelectChoice(str(value), str(value)) for value in range(1, 6)]]


class _SalesReportForm(Form):
    attended = RadioField(
        _l("Did your family take part?"),
        choices=[SelectChoice(ATTENDED, _l("Yes, we had our stall and sold")),
                 SelectChoice(ABSENT, _l("No, we did not attend"))],
        default=ATTENDED, validators=[InputRequired(_l("Choose one answer."))],
    )
    total_sales = MoneyField(
        _l("Total sales (Syrian pounds)"),
        description=_l("Whole pounds. You may write 1,250,000 or ١٬٢٥٠٬٠٠٠."),
    )
    best_product = OneLineField(_l("Best-selling product (optional)"), filters=[strip_filter],
                               validators=[Optional(), Length(max=200)])
    problems = TextAreaField(_l("Problems you met (optional)"), filters=[strip_filter],
                             validators=[Optional(), Length(max=2000)], render_kw={"rows": 3})
    rating = RadioField(_l("How was this market for your family? (1 = poor, 5 = excellent)"),
                        choices=RATING_CHOICES, default="", validators=[Optional()])
    confirm_large = BooleanField(_l("Yes, I checked: this large amount is right."))

    craft_ids: list[int] = []

    def craft_rows(self):
        """(craft, amount field, items field) for the template."""
        return [(craft, self[f"amount_{craft.id}"], self[f"items_{craft.id}"]) for craft in self.crafts]

    def entry(self) -> ReportEntry:
        return ReportEntry(
            attended=self.attended.data != ABSENT,
            total_sales=self.total_sales.data,
            lines={craft_id: (self[f"amount_{craft_id}"].data, self[f"items_{craft_id}"].data)
                   for craft_id in self.craft_ids},
            best_product=self.best_product.data or "",
            problems=self.problems.data or "",
            rating=int(self.rating.data) if self.rating.data else None,
            confirmed=bool(self.confirm_large.data),
        )

    def fill_from(self, report) -> None:
        """Show a saved report (on GET)."""
        self.attended.data = ATTENDED if report.attended else ABSENT
        self.total_sales.data = report.total_sales if report.attended else None
        self.best_product.data = report.best_product
        self.problems.data = report.problems
        self.rating.data = str(report.rating) if report.rating else ""
        for line in report.lines:
            if f"amount_{line.craft_id}" in self:
                self[f"amount_{line.craft_id}"].data = line.amount
                self[f"items_{line.craft_id}"].data = line.items


def report_form(crafts, **kwargs) -> _SalesReportForm:
    class SalesReportForm(_SalesReportForm):
        pass

    for craft in crafts:
        setattr(SalesReportForm, f"amount_{craft.id}", MoneyField(_l("Sales (pounds)")))
        setattr(SalesReportForm, f"items_{craft.id}", WholeNumberField(_l("Items sold")))
    SalesReportForm.craft_ids = [craft.id for craft in crafts]
    form = SalesReportForm(**kwargs)
    form.crafts = list(crafts)
    return form


class ReportSettingsForm(Form):
    deadline_days = ArabicIntegerField(
        _l("Families may report until this many days after the market"), default=7,
        validators=[InputRequired(_l("Enter a number of days.")),
                    NumberRange(min=0, max=90, message=_l("Between 0 and 90 days."))],
        render_kw={"inputmode": "numeric", "dir": "ltr"},
    )
    publish_total = BooleanField(_l("Show the total sales of the families on the public event page "
                                    "(never the figures of one family)"))
