"""The state machine, every transition for every actor."""
import itertools

import pytest

from festival.applications.models import ApplicationStatus as S
from festival.applications.states import FINAL_STATES, TRANSITIONS, Actor, allowed, next_states

LEGAL = {
    (S.SUBMITTED, S.APPROVED, Actor.ORGANIZER), (S.SUBMITTED, S.WAITLISTED, Actor.ORGANIZER),
    (S.SUBMITTED, S.REJECTED, Actor.ORGANIZER), (S.SUBMITTED, S.CANCELLED, Actor.ORGANIZER),
    (S.SUBMITTED, S.WITHDRAWN, Actor.FAMILY),
    (S.WAITLISTED, S.APPROVED, Actor.ORGANIZER), (S.WAITLISTED, S.REJECTED, Actor.ORGANIZER),
    (S.WAITLISTED, S.CANCELLED, Actor.ORGANIZER), (S.WAITLISTED, S.WITHDRAWN, Actor.FAMILY),
    (S.APPROVED, S.WAITLISTED, Actor.ORGANIZER), (S.APPROVED, S.CANCELLED, Actor.ORGANIZER),
    (S.APPROVED, S.WITHDRAWN, Actor.FAMILY),
}
EVERY_CASE = list(itertools.product(list(S), list(S), list(Actor)))


@pytest.mark.parametrize(("source", "target", "actor"), EVERY_CASE)
def test_exactly_the_documented_transitions_are_allowed(source, target, actor):
    assert allowed(source, target, actor) == ((source, target, actor) in LEGAL)


def test_final_states_lead_nowhere():
    for state in FINAL_STATES:
        assert next_states(state, Actor.ORGANIZER) == [] and next_states(state, Actor.FAMILY) == []


def test_families_can_only_withdraw():
    assert {target for (_source, target), actor in TRANSITIONS.items() if actor == Actor.FAMILY} == {S.WITHDRAWN}
