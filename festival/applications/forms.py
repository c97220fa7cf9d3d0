"""Application forms. The family's form grows one field per question of the market."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from festival.applications.answers import NO, YES, question_options
from festival.applications.models import ApplicationStatus, Question, QuestionKind
from festival.core.forms import CheckboxListField, Form, OneLineField, strip_filter
from festival.core.input_guard import db_int

FAMILY_APPLICANT = "family"  # the applicant choice that is not a unit's id


class ApplicationForm(Form):
    # Shown to the representative of a production unit (festival/units): its family, or the unit.
    applicant = RadioField(_l("Who is applying?"), default=FAMILY_APPLICANT)
    occurrences = CheckboxListField(_l("Dates"), coerce=db_int)
    crafts = CheckboxListField(_l("What will you sell here?"), coerce=db_int)
    needs_electricity = BooleanField(_l("We need electricity"))
    needs_covered = BooleanField(_l("We need a covered stall"))
    needs_accessible = BooleanField(_l("We need a ground-level, step-free stall"))
    note = TextAreaField(_l("A note to the organizers (optional)"), filters=[strip_filter],
                         validators=[Length(max=1000)], render_kw={"rows": 3})
    accept_terms = BooleanField(_l("I accept the terms of this market"))

    def question_fields(self):
        return [field for name, field in self._fields.items() if name.startswith("question_")]


def _question_field(question: Question):
    validators = [Optional()]
    label = question.label + ("" if question.required else " " + str(_l("(optional)")))
    if question.kind == QuestionKind.LONG_TEXT:
        return TextAreaField(label, validators=validators, render_kw={"rows": 3})
    if question.kind == QuestionKind.YES_NO:
        return RadioField(label, choices=[SelectChoice(YES, _l("Yes")), SelectChoice(NO, _l("No"))],
                          validators=validators)
    if question.kind == QuestionKind.CHOICE:
        return SelectField(label, choices=[SelectChoice("", "—")] + [SelectChoice(value, text) for value, text in
                                                                      question_options(question)],
                           validators=validators)
    render_kw = {"inputmode": "decimal"} if question.kind == QuestionKind.NUMBER else {}
    return OneLineField(label, validators=validators, render_kw=render_kw)


def application_form_for(market, **kwargs) -> ApplicationForm:
    """An ApplicationForm with a `question_<id>` field for each of the market's questions."""

    class MarketApplicationForm(ApplicationForm):
        pass

    for question in market.questions:
        setattr(MarketApplicationForm, f"question_{question.id}", _question_field(question))
    return MarketApplicationForm(**kwargs)


DECISIONS = [
    SelectChoice(ApplicationStatus.APPROVED.value, _l("Approve")),
    SelectChoice(ApplicationStatus.WAITLISTED.value, _l("Waitlist")),
    SelectChoice(ApplicationStatus.REJECTED.value, _l("Reject")),
    SelectChoice(ApplicationStatus.CANCELLED.value, _l("Cancel")),
]


class DecisionForm(Form):
    decision = SelectField(_l("Decision"), choices=DECISIONS)
    reason = TextAreaField(_l("Reason (required to reject; the family sees it)"), filters=[strip_filter],
                           validators=[Length(max=1000)], render_kw={"rows": 2})


class BulkDecisionForm(DecisionForm):
    selected = CheckboxListField(_l("Applications"), coerce=db_int,
                                 validators=[InputRequired(_l("Choose at least one application."))])


QUESTION_KINDS = [
    SelectChoice(QuestionKind.SHORT_TEXT.value, _l("Short text")),
    SelectChoice(QuestionKind.LONG_TEXT.value, _l("Long text")),
    SelectChoice(QuestionKind.YES_NO.value, _l("Yes / no")),
    SelectChoice(QuestionKind.CHOICE.value, _l("One choice from a list")),
    SelectChoice(QuestionKind.NUMBER.value, _l("Number")),
]


class QuestionForm(Form):
    label_ar = OneLineField(_l("Question in Arabic"), filters=[strip_filter],
                           validators=[InputRequired(_l("Enter the question.")), Length(max=300)])
    label_en = OneLineField(_l("Question in English (optional)"), filters=[strip_filter], validators=[Length(max=300)])
    kind = SelectField(_l("Kind of answer"), choices=QUESTION_KINDS)
    options = TextAreaField(_l("Choices (one per line, “Arabic | English”)"), filters=[strip_filter],
                            validators=[Length(max=2000)], render_kw={"rows": 3})
    required = BooleanField(_l("An answer is required"))


