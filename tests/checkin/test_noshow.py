"""On the day: the stall of a family that did not come goes to a waiting family that did."""
from datetime import timedelta

import pytest
from sqlalchemy.exc import OperationalError

from festival.applications import operations as applications
from festival.applications.models import Application
from festival.audit.models import AuditEntry
from festival.auth.models import User
from festival.badges.operations import live_badge
from festival.checkin import noshow
from festival.checkin.attendance import no_show_application_ids
from festival.checkin.models import CheckIn, NoShow
from festival.checkin.operations import check_in
from festival.checkin.verify import verify
from festival.core.domain import DomainError
from festival.core.types import utcnow
from festival.extensions import db
from festival.markets.models import Occurrence
from festival.notifications.models import Notification
from festival.stalls.models import StallAssignment
from tests.conftest import post_form
from tests.factories import build_gate_day, request_for


def _load(day):
    absent = db.session.get(Application, day.placed[0].application_id)
    waiting = db.session.get(Application, day.waiting[0][0])
    return absent, waiting, db.session.get(StallAssignment, day.placed[0].assignment_id)


def snapshot():
    """Everything the replacement touches, to compare before and after a failure."""
    count = lambda model: db.session.scalar(db.select(db.func.count()).select_from(model))  # noqa: E731
    return {
        "statuses": sorted(db.session.execute(db.select(Application.id, Application.status)).all()),
        "assignments": sorted(db.session.execute(
            db.select(StallAssignment.application_id, StallAssignment.stall_id)).all()),
        "no_shows": count(NoShow), "checkins": count(CheckIn), "notifications": count(Notification),
        "audit": count(AuditEntry),
    }


def test_the_stall_goes_to_the_waiting_family_in_one_action(app_context):
    day = build_gate_day(families=2, waiting=2, stalls_count=2)  # every stall given: capacity is full
    absent, waiting, assignment = _load(day)
    organizer_id = day.organizer.id
    organizer = db.session.get(User, organizer_id)

    result = noshow.replace_no_show(assignment, waiting, by=organizer, now=utcnow())
    db.session.commit()

    no_show = db.session.scalar(db.select(NoShow))
    assert (no_show.application_id, no_show.replaced_by_id, no_show.stall_code) == (
        absent.id, waiting.id, day.placed[0].stall)
    assert absent.status == "cancelled" and absent.decision_reason
    assert waiting.status == "approved" and waiting.assignment.stall.code == day.placed[0].stall
    assert live_badge(waiting).id == result.badge.id and result.badge.stall_code == day.placed[0].stall
    arrival = db.session.scalar(db.select(CheckIn).where(CheckIn.family_id == waiting.family_id))
    assert arrival.method == "manual" and arrival.by_id == organizer_id
    assert db.session.scalar(db.select(Notification).where(Notification.user_id == absent.family.user_id,
                                                          Notification.kind == "application.cancelled"))


def test_stalls_are_given_away_only_after_the_cut_off(app_context):
    day = build_gate_day(cutoff_minutes=60)
    absent, waiting, assignment = _load(day)
    opening = db.session.get(Occurrence, day.occurrence_id).starts_at

    with pytest.raises(DomainError, match="بعد الساعة 1:00 ص"):
        noshow.replace_no_show(assignment, waiting, by=None, now=opening + timedelta(minutes=30))

    assert absent.status == "approved" and db.session.scalar(db.select(db.func.count()).select_from(NoShow)) == 0


def test_a_family_that_checked_in_meanwhile_keeps_its_stall(app, client, login, gate_day):
    login(gate_day.gate, as_client=app.test_client())
    with app.app_context():
        gate = db.session.get(User, gate_day.gate.id)
        check_in(verify(gate_day.placed[0].token, now=utcnow(), user=gate), by=gate, method="scan", now=utcnow())
        db.session.commit()
        absent, waiting, assignment = _load(gate_day)

        with pytest.raises(DomainError):
            noshow.replace_no_show(assignment, waiting, by=None, now=utcnow())


def test_the_organizer_gives_an_empty_stall_from_the_attendance_page(app, client, login, gate_day):
    login(gate_day.organizer)
    url = f"/manage/occurrences/{gate_day.occurrence_id}/attendance"
    page = client.get(url).get_data(as_text=True)
    assert 'id="empty-stalls"' in page and gate_day.waiting[0][1] in page

    response = post_form(client, f"{url}/replace", {"assignment": gate_day.placed[0].assignment_id,
                                                    "application": gate_day.waiting[0][0]},
                         form_page=url, follow_redirects=True)

    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "flash-success" in html
    with app.app_context():
        absent, waiting, _assignment = _load(gate_day)
        assert absent.status == "cancelled" and waiting.status == "approved"
        assert waiting.assignment.stall.code == gate_day.placed[0].stall and live_badge(waiting) is not None


@pytest.mark.parametrize("failure", [DomainError("الطابعة معطلة"), OperationalError("INSERT", {}, Exception("lost"))],
                         ids=["domain-error", "database-error"])
def test_a_failure_half_way_leaves_nothing_changed(app, client, login, gate_day, monkeypatch, failure):
    login(gate_day.organizer)
    with app.app_context():
        before = snapshot()

    def broken_badge(*_args, **_kwargs):
        raise failure

    monkeypatch.setattr(noshow, "issue_badge", broken_badge)  # after the no-show, cancel, approve and assign
    url = f"/manage/occurrences/{gate_day.occurrence_id}/attendance"
    response = post_form(client, f"{url}/replace", {"assignment": gate_day.placed[0].assignment_id,
                                                    "application": gate_day.waiting[0][0]},
                         form_page=url, follow_redirects=True)

    assert response.status_code == 200 and "flash-error" in response.get_data(as_text=True)
    with app.app_context():
        assert snapshot() == before


def test_the_operation_alone_is_all_or_nothing(app_context, monkeypatch):
    day = build_gate_day()
    before = snapshot()
    absent, waiting, assignment = _load(day)
    monkeypatch.setattr(noshow, "issue_badge", lambda *a, **k: (_ for _ in ()).throw(DomainError("x")))

    with pytest.raises(DomainError):
        noshow.replace_no_show(assignment, waiting, by=None, now=utcnow())
    db.session.commit()  # even a caller that commits after the error saves nothing of it

    assert snapshot() == before


def test_no_shows_appear_in_the_familys_history_on_the_review_page(app, client, login):
    with app.app_context():
        past = build_gate_day(day=utcnow().date() - timedelta(days=7), families=2, waiting=0, title="سوق مضى")
        came = past.placed[1]
        gate = db.session.get(User, past.gate.id)
        on_the_day = db.session.get(Occurrence, past.occurrence_id).starts_at + timedelta(hours=2)
        check_in(verify(came.token, now=on_the_day, user=gate), by=gate, method="scan", now=on_the_day)
        absent = db.session.get(Application, past.placed[0].application_id)
        later = build_gate_day(day=utcnow().date() + timedelta(days=14), families=0, waiting=0, title="سوق قادم")
        occurrence = db.session.get(Occurrence, later.occurrence_id)
        organizer = db.session.get(User, later.organizer.id)
        application = applications.apply(absent.family, [occurrence], request_for("food"),
                                         now=utcnow(), by_organizer=organizer)[0]
        db.session.commit()
        application_id = application.id
    login(later.organizer)

    html = client.get(f"/manage/applications/{application_id}").get_data(as_text=True)

    assert "tag-no-show" in html and "لم يحضر" in html


def test_a_replaced_family_counts_as_a_no_show_and_a_day_without_gate_records_does_not(app_context):
    day = build_gate_day()
    absent, waiting, assignment = _load(day)
    quiet = build_gate_day(day=utcnow().date() - timedelta(days=7), title="سوق بلا بوابة", waiting=0)
    noshow.replace_no_show(assignment, waiting, by=None, now=utcnow())
    family = absent.family
    quiet_application = db.session.get(Application, quiet.placed[0].application_id)

    assert no_show_application_ids(family, utcnow()) == {absent.id}
    assert no_show_application_ids(quiet_application.family, utcnow()) == set()
