"""What the gate answers for every kind of badge, and one check-in per family."""
from datetime import timedelta

import pytest

from festival.applications import operations as applications
from festival.badges.models import gate_staff
from festival.badges.operations import issue_badge, reissue_badge, token_for
from festival.checkin import verify as gate
from festival.checkin.models import CheckIn
from festival.checkin.operations import check_in
from festival.extensions import db
from festival.markets.operations import cancel_occurrence
from festival.stalls import operations as stalls
from tests.factories import during, make_gate, make_organizer, placed_families


def scan(badge, now, user=None, **kwargs):
    return gate.verify(token_for(badge), now=now, user=user, **kwargs)


def test_a_fresh_badge_on_its_day_is_valid_and_checks_in_once(placed):
    market, organizer, badge = placed
    now = during(badge.occurrence)

    first = check_in(scan(badge, now, organizer), by=organizer, method="scan", now=now)
    second = check_in(scan(badge, now + timedelta(minutes=3), organizer), by=organizer, method="scan", now=now)

    assert first.outcome == "valid" and first.checkin.id
    assert second.outcome == "duplicate" and second.checkin.id == first.checkin.id
    assert db.session.scalar(db.select(db.func.count()).select_from(CheckIn)) == 1


def test_a_resent_request_with_the_same_nonce_gets_the_first_answer(placed):
    market, organizer, badge = placed
    now = during(badge.occurrence)

    first = check_in(scan(badge, now, organizer), by=organizer, method="scan", now=now, nonce="phone-1-0001")
    again = check_in(scan(badge, now, organizer), by=organizer, method="scan", now=now, nonce="phone-1-0001")

    assert (first.outcome, again.outcome) == ("valid", "valid")
    assert again.checkin.id == first.checkin.id


def test_a_reissued_badge_revokes_the_old_qr(placed):
    market, organizer, badge = placed
    new_badge = reissue_badge(badge, by=organizer)
    now = during(badge.occurrence)

    assert scan(badge, now, organizer).reason == "revoked"
    assert scan(new_badge, now, organizer).outcome == "valid"
    assert new_badge.short_code != badge.short_code


@pytest.mark.parametrize(("when", "reason"), [(-1, "not_yet"), (+1, "expired")])
def test_a_badge_only_works_on_its_day(placed, when, reason):
    market, organizer, badge = placed
    assert scan(badge, during(badge.occurrence) + timedelta(days=when), organizer).reason == reason


def test_a_withdrawn_family_badge_is_invalid(placed):
    market, organizer, badge = placed
    applications.withdraw(badge.application, by=badge.family.user, now=during(badge.occurrence) - timedelta(days=3))

    assert scan(badge, during(badge.occurrence), organizer).reason == "withdrawn"


def test_a_cancelled_day_invalidates_its_badges(placed):
    market, organizer, badge = placed
    cancel_occurrence(badge.occurrence, "عاصفة")

    assert scan(badge, during(badge.occurrence), organizer).reason == "cancelled"


def test_moving_the_family_issues_a_new_badge_and_the_old_one_is_revoked(placed):
    market, organizer, badge = placed
    stalls.move(badge.application.assignment, market.offered_stalls[3], by=organizer)

    new_badge = issue_badge(badge.application, by=organizer)

    assert new_badge.id != badge.id and new_badge.stall_code == market.offered_stalls[3].code
    assert scan(badge, during(badge.occurrence), organizer).reason == "revoked"


def test_gate_staff_only_check_in_at_their_own_event(app_context):
    market, organizer, (badge,) = placed_families()
    other_market, _other_organizer, (other_badge,) = placed_families()
    gate_user = db.session.merge(make_gate())
    db.session.execute(gate_staff.insert().values(user_id=gate_user.id, market_id=market.id))
    now = during(badge.occurrence)

    assert scan(badge, now, gate_user).outcome == "valid"
    assert scan(other_badge, now, gate_user).reason == "wrong_event"
    assert scan(badge, now, gate_user, gate_occurrence=other_badge.occurrence).reason == "wrong_event"


def test_an_organizer_of_another_province_is_refused(placed):
    market, organizer, badge = placed
    aleppo = db.session.merge(make_organizer("aleppo"))
    assert scan(badge, during(badge.occurrence), aleppo).reason == "wrong_event"


def test_short_codes_are_typed_forgivingly(placed):
    market, organizer, badge = placed
    typed = " ".join([badge.short_code[:4].lower(), badge.short_code[4:]])

    verdict = gate.verify_short_code(typed, now=during(badge.occurrence), user=organizer)

    assert verdict.outcome == "valid" and verdict.badge.id == badge.id
    assert gate.verify_short_code("ZZZZ2222", now=during(badge.occurrence), user=organizer).reason == "unknown"


def test_tampered_and_malformed_tokens_have_their_reasons(placed):
    market, organizer, badge = placed
    token = token_for(badge)
    flipped = token[:40] + ("A" if token[40] != "A" else "B") + token[41:]

    assert gate.verify(flipped, now=during(badge.occurrence)).reason in ("bad_signature", "malformed")
    assert gate.verify("hello", now=during(badge.occurrence)).reason == "malformed"
