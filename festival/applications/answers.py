"""Answers to a market's own questions: parsing and checking what families typed."""
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from festival.applications.models import Question, QuestionKind
from festival.core.domain import DomainError
from festival.core.i18n import is_arabic
from festival.core.numbers import to_ascii_digits

YES, NO = "yes", "no"
MAX_ANSWER_LENGTH = {QuestionKind.SHORT_TEXT: 300, QuestionKind.LONG_TEXT: 3000}


def question_options(question: Question) -> list[tuple[str, str]]:
    """[(stored value, label in the request language)] from "عربي | English" lines."""
    options = []
    for line in question.options.splitlines():
        arabic, _, english = (part.strip() for part in line.partition("|"))
        if arabic:
            options.append((arabic, english if (english and not is_arabic()) else arabic))
    return options


def _normalize(question: Question, raw: str) -> str:
    value = (raw or "").strip()
    if question.kind == QuestionKind.NUMBER:
        text = to_ascii_digits(value).replace("٫", ".").replace(",", "")
        try:
            number = Decimal(text)
        except InvalidOperation as error:
            raise DomainError(_l("«%(question)s»: enter a number.", question=question.label),
                              field=f"question_{question.id}") from error
        if not number.is_finite():
            raise DomainError(_l("«%(question)s»: enter a number.", question=question.label),
                              field=f"question_{question.id}")
        return format(number.normalize(), "f")
    if question.kind == QuestionKind.YES_NO:
        if value not in (YES, NO):
            raise DomainError(_l("«%(question)s»: answer yes or no.", question=question.label),
                              field=f"question_{question.id}")
        return value
    if question.kind == QuestionKind.CHOICE:
        if value not in {stored for stored, _label in question_options(question)}:
            raise DomainError(_l("«%(question)s»: choose one of the options.", question=question.label),
                              field=f"question_{question.id}")
        return value
    limit = MAX_ANSWER_LENGTH.get(question.kind, 300)
    if len(value) > limit:
        raise DomainError(ngettext("«%(question)s»: at most %(num)d character.",
                                   "«%(question)s»: at most %(num)d characters.", limit, question=question.label),
                          field=f"question_{question.id}")
    return value


def validate_answers(questions: list[Question], raw_answers: dict[int, str]) -> dict[int, str]:
    """Checked answers by question id; a required question left empty is refused."""
    answers = {}
    for question in questions:
        raw = (raw_answers.get(question.id) or "").strip()
        if not raw:
            if question.required:
                raise DomainError(_l("«%(question)s» needs an answer.", question=question.label),
                                  field=f"question_{question.id}")
            continue
        answers[question.id] = _normalize(question, raw)
    return answers
