"""Assigning stalls by hand: the rules, and no double booking ever."""
import pytest

from festival.applications import operations as applications
from festival.core.domain import DomainError
from festival.extensions import db
from festival.stalls import operations
from festival.stalls.models import StallAssignment
from tests.factories import NOW, approved_application, make_organizer, open_market, ready_family, request_for


def approved_families(market, count, occurrence_index=0, **needs):
    organizer = db.session.merge(make_organizer(market.province.slug))
    result = []
    for number in range(count):
        result.append(approved_application(ready_family(f"أسرة {number}"), [market.occurrences[occurrence_index]],
                                           organizer, "food", **needs))
    return organizer, result


def test_an_approved_family_gets_a_stall(app_context):
    market = open_market(stalls=3, fridays=1)
    organizer, (application,) = approved_families(market, 1)

    assignment = operations.assign(application, market.offered_stalls[0], by=organizer)

    assert assignment.stall.code == "A-01" and application.assignment is assignment


def test_a_stall_holds_one_family_and_a_family_one_stall(app_context):
    market = open_market(stalls=3, fridays=1)
    organizer, (first, second) = approved_families(market, 2)
    stall_a, stall_b = market.offered_stalls[:2]
    operations.assign(first, stall_a, by=organizer)

    with pytest.raises(operations.StallTaken):
        operations.assign(second, stall_a, by=organizer)
    with pytest.raises(operations.FamilyPlaced):
        operations.assign(first, stall_b, by=organizer)


def test_the_database_refuses_a_double_booking_even_without_the_checks(app_context):
    market = open_market(stalls=3, fridays=1)
    organizer, (first, second) = approved_families(market, 2)
    stall = market.offered_stalls[0]
    operations.assign(first, stall, by=organizer)
    db.session.commit()

    db.session.add(StallAssignment(occurrence_id=second.occurrence_id, stall_id=stall.id,
                                   family_id=second.family_id, application_id=second.id))
    with pytest.raises(Exception, match="UNIQUE|unique"):
        db.session.commit()
    db.session.rollback()


def test_a_stall_that_misses_the_needs_can_be_chosen_with_a_warning(app_context):
    market = open_market(stalls=2, fridays=1)
    organizer, (application,) = approved_families(market, 1, needs_electricity=True)
    stall = market.offered_stalls[0]

    assert [str(w) for w in operations.unmet_needs(application, stall)]
    assert operations.assign(application, stall, by=organizer).id


def test_only_approved_families_get_stalls(app_context):
    market = open_market(stalls=2, fridays=1)
    family = ready_family()
    application = applications.apply(family, market.occurrences, request_for("food"), now=NOW)[0]
    with pytest.raises(DomainError):
        operations.assign(application, market.offered_stalls[0], by=None)


def test_moving_and_swapping(app_context):
    market = open_market(stalls=3, fridays=1)
    organizer, (first, second) = approved_families(market, 2)
    a, b, c = market.offered_stalls
    first_assignment = operations.assign(first, a, by=organizer)
    second_assignment = operations.assign(second, b, by=organizer)

    operations.move(first_assignment, c, by=organizer)
    assert first_assignment.stall_id == c.id
    operations.swap(first_assignment, second_assignment, by=organizer)

    by_family = {x.family_id: x.stall_id for x in db.session.scalars(db.select(StallAssignment))}
    assert by_family == {first.family_id: b.id, second.family_id: c.id}


def test_withdrawal_frees_the_stall_and_the_promoted_family_waits_unassigned(app_context):
    market = open_market(stalls=1, fridays=1)
    organizer, (placed,) = approved_families(market, 1)
    operations.assign(placed, market.offered_stalls[0], by=organizer)
    waiting = applications.apply(ready_family("أسرة منتظرة"), market.occurrences, request_for("food"), now=NOW)[0]
    applications.decide(waiting, "waitlisted", by=organizer, now=NOW)

    applications.withdraw(placed, by=placed.family.user, now=NOW)

    assert db.session.scalar(db.select(db.func.count()).select_from(StallAssignment)) == 0
    assert waiting.status == "approved" and waiting.assignment is None


def test_copying_last_fridays_stalls(app_context):
    market = open_market(stalls=3, fridays=2)
    organizer = db.session.merge(make_organizer("damascus"))
    family = ready_family()
    first, second = applications.apply(family, market.occurrences, request_for("food"), now=NOW)
    for application in (first, second):
        applications.decide(application, "approved", by=organizer, now=NOW)
    operations.assign(first, market.offered_stalls[2], by=organizer)

    copied = operations.copy_previous(market.occurrences[1], by=organizer)

    assert copied == 1 and second.assignment.stall_id == market.offered_stalls[2].id
