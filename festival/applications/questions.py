"""An organizer's own questions on a market's application form.

Operations flush and never commit. A question that families have already answered
stays: removing it would delete their answers with it.
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists

from festival.applications.models import Answer, Question, QuestionKind
from festival.audit.log import record
from festival.core.domain import DomainError
from festival.extensions import db
from festival.markets.models import Market


def add_question(market: Market, *, kind: str, label_ar: str, label_en: str | None = None,
                 required: bool = False, options: str = "") -> Question:
    if kind == QuestionKind.CHOICE and not options.strip():
        raise DomainError(_l("Give the choices, one per line."), field="options")
    question = Question(kind=kind, label_ar=label_ar, label_en=label_en or None, required=required,
                        options=options.strip(), position=len(market.questions))
    market.questions.append(question)
    db.session.flush()
    record("question.added", market, question_id=question.id, label=label_ar)
    return question


def remove_question(market: Market, question: Question) -> None:
    if db.session.scalar(db.select(exists().where(Answer.question_id == question.id))):
        raise DomainError(_l("Families have already answered this question, so it stays on the form."))
    record("question.removed", market, question_id=question.id, label=question.label_ar)
    market.questions.remove(question)
    db.session.flush()
