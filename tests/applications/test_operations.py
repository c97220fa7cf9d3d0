"""Applying and deciding, without HTTP."""
from datetime import timedelta

import pytest

from festival.applications import operations
from festival.applications.models import Application, Question
from festival.audit.models import AuditEntry
from festival.core.domain import DomainError
from festival.extensions import db
from festival.notifications.models import Notification
from tests.factories import NOW, make_organizer, open_market, ready_family, request_for


def apply_one(family, market, occurrence_index=0, **overrides):
    return operations.apply(family, [market.occurrences[occurrence_index]], request_for(**overrides), now=NOW)[0]


def test_a_family_applies_to_several_fridays_at_once(market):
    family = ready_family()

    created = operations.apply(family, market.occurrences, request_for("food"), now=NOW)

    assert [a.occurrence_id for a in created] == [o.id for o in market.occurrences]
    assert all(a.status == "submitted" and a.history[0].to_status == "submitted" for a in created)
    assert db.session.scalar(db.select(db.func.count()).select_from(Notification)) == 1


def test_applying_twice_points_at_the_existing_application(market):
    family = ready_family()
    first = apply_one(family, market)

    with pytest.raises(operations.AlreadyApplied) as refusal:
        apply_one(family, market)

    assert refusal.value.existing.id == first.id


def test_the_database_refuses_a_second_application_for_the_same_date(market):
    family = ready_family()
    apply_one(family, market)
    db.session.commit()
    db.session.add(Application(family_id=family.id, occurrence_id=market.occurrences[0].id, status="submitted"))
    with pytest.raises(Exception, match="UNIQUE|unique"):
        db.session.commit()
    db.session.rollback()


def test_no_application_outside_the_window(market):
    family = ready_family()
    with pytest.raises(DomainError, match="closed|مغلق"):
        operations.apply(family, market.occurrences[:1], request_for(), now=market.applications_close_at)


def test_an_organizer_may_add_an_application_after_the_window_marked_as_such(market):
    family = ready_family()
    organizer = db.session.merge(make_organizer("damascus"))

    created = operations.apply(family, market.occurrences[:1], request_for(accept_terms=False),
                               now=market.applications_close_at, by_organizer=organizer)

    assert created[0].added_by_id == organizer.id


def test_a_category_the_market_does_not_allow_is_refused(market):
    family = ready_family(crafts=("pottery",))
    with pytest.raises(DomainError) as refusal:
        apply_one(family, market, crafts=[db.session.merge(family).crafts[0]])
    assert refusal.value.field == "crafts"


def test_an_incomplete_profile_cannot_apply(market):
    family = ready_family()
    family.head_name = ""
    with pytest.raises(DomainError, match="profile|ملف"):
        apply_one(family, market)


def test_terms_must_be_accepted(market):
    with pytest.raises(DomainError) as refusal:
        apply_one(ready_family(), market, accept_terms=False)
    assert refusal.value.field == "accept_terms"


def test_cancelled_markets_take_no_applications(market):
    from festival.markets.operations import cancel_market

    cancel_market(market, "ظروف")
    with pytest.raises(DomainError):
        apply_one(ready_family(), market)


def test_required_questions_and_numbers_in_arabic_digits(market):
    market.questions.append(Question(kind="number", label_ar="كم صنفاً تبيع؟", required=True, position=0))
    db.session.flush()
    question = market.questions[0]
    family = ready_family()

    with pytest.raises(DomainError) as missing:
        apply_one(family, market, answers={})
    assert missing.value.field == f"question_{question.id}"
    application = apply_one(family, market, answers={question.id: "١٢"})

    assert application.answers[0].value == "12"


def test_approvals_never_exceed_the_offered_stalls(app_context):
    market = open_market(stalls=1)
    organizer = db.session.merge(make_organizer("damascus"))
    first, second = (apply_one(ready_family(f"أسرة {n}"), market) for n in range(2))

    operations.decide(first, "approved", by=organizer, now=NOW)
    with pytest.raises(operations.CapacityReached):
        operations.decide(second, "approved", by=organizer, now=NOW)
    operations.decide(second, "waitlisted", by=organizer, now=NOW)

    assert (first.status, second.status) == ("approved", "waitlisted")


def test_rejection_needs_a_reason_that_the_family_sees(market):
    organizer = db.session.merge(make_organizer("damascus"))
    application = apply_one(ready_family(), market)

    with pytest.raises(DomainError):
        operations.decide(application, "rejected", by=organizer, reason=" ", now=NOW)
    operations.decide(application, "rejected", by=organizer, reason="المنتجات خارج فئات السوق", now=NOW)

    assert application.decision_reason == "المنتجات خارج فئات السوق"
    assert application.history[-1].reason == "المنتجات خارج فئات السوق"


def test_illegal_transitions_are_refused(market):
    organizer = db.session.merge(make_organizer("damascus"))
    application = apply_one(ready_family(), market)
    operations.decide(application, "rejected", by=organizer, reason="سبب", now=NOW)

    with pytest.raises(DomainError):
        operations.decide(application, "approved", by=organizer, now=NOW)


def test_waitlisted_family_is_promoted_when_approved_family_withdraws(app_context):
    market = open_market(stalls=1)
    organizer = db.session.merge(make_organizer("damascus"))
    approved_family, waiting_family, later_family = (ready_family(f"أسرة {n}") for n in range(3))
    approved = apply_one(approved_family, market)
    waiting = apply_one(waiting_family, market)
    later = apply_one(later_family, market)
    operations.decide(approved, "approved", by=organizer, now=NOW)
    operations.decide(waiting, "waitlisted", by=organizer, now=NOW)
    operations.decide(later, "waitlisted", by=organizer, now=NOW)

    operations.withdraw(approved, by=approved_family.user, now=NOW)

    assert (approved.status, waiting.status, later.status) == ("withdrawn", "approved", "waitlisted")
    kinds = db.session.scalars(db.select(Notification.kind).where(Notification.user_id == waiting_family.user_id))
    assert "application.promoted" in list(kinds)


def test_cancelling_an_approved_family_promotes_the_waitlist(app_context):
    market = open_market(stalls=1)
    organizer = db.session.merge(make_organizer("damascus"))
    approved = apply_one(ready_family("أ"), market)
    waiting = apply_one(ready_family("ب"), market)
    operations.decide(approved, "approved", by=organizer, now=NOW)
    operations.decide(waiting, "waitlisted", by=organizer, now=NOW)

    operations.decide(approved, "cancelled", by=organizer, reason="لم تلتزم بالشروط", now=NOW)

    assert waiting.status == "approved"


def test_a_family_cannot_withdraw_once_the_market_started(market):
    family = ready_family()
    application = apply_one(family, market)
    with pytest.raises(DomainError):
        operations.withdraw(application, by=family.user, now=market.occurrences[0].starts_at + timedelta(minutes=1))


def test_bulk_decisions_report_what_could_not_be_done(app_context):
    market = open_market(stalls=2)
    organizer = db.session.merge(make_organizer("damascus"))
    applications = [apply_one(ready_family(f"أسرة {n}"), market) for n in range(3)]

    result = operations.decide_many(applications, "approved", by=organizer, reason=None, now=NOW)

    assert len(result.done) == 2 and len(result.refused) == 1
    assert [a.status for a in applications] == ["approved", "approved", "submitted"]


def test_every_decision_is_in_the_audit_log(market):
    organizer = db.session.merge(make_organizer("damascus"))
    family = ready_family()
    db.session.execute(db.delete(AuditEntry))  # what building the market and the accounts recorded
    application = apply_one(family, market)
    operations.decide(application, "approved", by=organizer, now=NOW)

    actions = list(db.session.scalars(db.select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions == ["application.submitted", "application.approved"]
