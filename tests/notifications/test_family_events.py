"""What else families are told: their stall, a stall that changed, a cancelled day (urgent when it is today)."""
from datetime import timedelta

from festival.applications.operations import tell_families_of_cancellation
from festival.core.timezones import today_in_damascus
from festival.core.types import utcnow
from festival.extensions import db
from festival.markets.models import Occurrence
from festival.markets.operations import cancel_occurrence
from festival.notifications.models import Channel, Notification, OutboxMessage
from festival.stalls import operations as stalls
from festival.stalls.models import StallAssignment
from tests.factories import build_gate_day, placed_families

SMS_ON = {"SMS_BACKEND": "kannel", "KANNEL_SENDSMS_URL": "http://127.0.0.1:9/cgi-bin/sendsms"}


def kinds(user_id=None) -> list[tuple[str, dict]]:
    query = db.select(Notification).order_by(Notification.id)
    if user_id:
        query = query.where(Notification.user_id == user_id)
    return [(n.kind, n.params) for n in db.session.scalars(query)]


def test_a_family_is_told_its_stall_and_when_it_changes(app, app_context):
    market, organizer, _badges = placed_families(count=1, stalls_count=3)
    assignment = db.session.scalar(db.select(StallAssignment))
    user_id = assignment.family.user_id
    stalls.move(assignment, market.offered_stalls[2], by=organizer)
    db.session.commit()

    told = kinds(user_id)
    assert ("stall.assigned", market.offered_stalls[0].code) in [(k, p.get("stall_code")) for k, p in told]
    assert ("stall.moved", market.offered_stalls[2].code) in [(k, p.get("stall_code")) for k, p in told]


def test_cancelling_today_sends_urgent_sms_and_another_day_does_not(app, app_context):
    app.config.update(SMS_ON)
    today = build_gate_day(day=today_in_damascus(), families=2, waiting=1)
    later = build_gate_day(day=today_in_damascus() + timedelta(days=7), families=1, waiting=0, title="سوق لاحق")
    for occurrence_id in (today.occurrence_id, later.occurrence_id):
        occurrence = db.session.get(Occurrence, occurrence_id)
        cancel_occurrence(occurrence, "عاصفة رملية", utcnow())
        tell_families_of_cancellation([occurrence], "عاصفة رملية", utcnow())
    db.session.commit()

    cancelled = db.session.scalars(db.select(Notification).where(Notification.kind == "occurrence.cancelled")).all()
    assert len(cancelled) == 4  # the 2 placed and the waiting family today, the placed one later
    assert all(n.params["reason"] == "عاصفة رملية" for n in cancelled)
    sms = db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.channel == Channel.SMS,
                                                            OutboxMessage.body.contains("أُلغي"))).all()
    urgent = {message.user_id for message in sms if message.urgent}
    assert urgent == {n.user_id for n in cancelled if n.market_id == today.market_id}
    assert all("عاصفة رملية" in message.body for message in sms)


def test_cancelling_a_date_that_is_over_tells_nobody(app, app_context):
    past = build_gate_day(day=today_in_damascus() - timedelta(days=3), families=1, waiting=0)

    told = tell_families_of_cancellation([db.session.get(Occurrence, past.occurrence_id)], "—", utcnow())

    assert told == 0


def test_swapped_families_both_hear_their_new_stall_and_a_removed_one_hears_it_too(app, app_context):
    market, organizer, _badges = placed_families(count=2, stalls_count=3)
    first, second = db.session.scalars(db.select(StallAssignment).order_by(StallAssignment.id)).all()
    first_stall, second_stall = first.stall.code, second.stall.code
    first_user, second_user = first.family.user_id, second.family.user_id
    stalls.swap(first, second, by=organizer)
    db.session.commit()
    moved = {(n.user_id, n.params["stall_code"]) for n in db.session.scalars(
        db.select(Notification).where(Notification.kind == "stall.moved"))}
    assert moved == {(first_user, second_stall), (second_user, first_stall)}

    stalls.unassign(db.session.scalar(db.select(StallAssignment).where(StallAssignment.family_id == first.family_id)),
                    by=organizer)
    db.session.commit()
    assert [n.user_id for n in db.session.scalars(db.select(Notification).where(Notification.kind == "stall.removed"))
            ] == [first_user]
