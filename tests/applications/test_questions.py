"""An organizer's questions on the application form, without HTTP."""
import pytest

from festival.applications import operations
from festival.applications.questions import add_question, remove_question
from festival.audit.models import AuditEntry
from festival.core.domain import DomainError
from festival.extensions import db
from tests.factories import NOW, ready_family, request_for


def test_questions_are_added_in_order_and_recorded(market):
    db.session.execute(db.delete(AuditEntry))  # what building the market recorded
    first = add_question(market, kind="number", label_ar="كم سنة تعملون في الحرفة؟", required=True)
    second = add_question(market, kind="choice", label_ar="هل تحتاجون كهرباء؟", options="نعم | Yes\nلا | No")

    assert [question.id for question in market.questions] == [first.id, second.id]
    assert (first.position, second.position) == (0, 1)
    actions = db.session.scalars(db.select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["question.added", "question.added"]


def test_a_choice_question_needs_its_choices(market):
    with pytest.raises(DomainError) as refused:
        add_question(market, kind="choice", label_ar="ما حجم البسطة؟", options="  \n ")

    assert refused.value.field == "options"
    assert market.questions == []


def test_an_unanswered_question_can_be_removed(market):
    question = add_question(market, kind="short_text", label_ar="ما اسم المنتج الرئيسي؟")

    remove_question(market, question)

    assert market.questions == []


def test_a_question_families_answered_stays_with_their_answers(market):
    question = add_question(market, kind="number", label_ar="كم صنفاً تبيع؟", required=True)
    application = operations.apply(ready_family(), [market.occurrences[0]],
                                   request_for(answers={question.id: "٣"}), now=NOW)[0]

    with pytest.raises(DomainError):
        remove_question(market, question)

    assert market.questions == [question]
    assert application.answers[0].value == "3"
