"""Training rules without HTTP: places and the waiting list, attendance, certificates, a
market that requires the course."""
from datetime import time, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from festival.applications import operations as applications
from festival.core import record_tokens as tokens
from festival.core.domain import DomainError
from festival.extensions import db
from festival.notifications.models import Notification
from festival.training import operations
from festival.training.models import Attendance, AttendanceMethod, Certificate, EnrolmentStatus
from tests.factories import NOW, make_cohort, make_family, make_organizer, open_market, ready_family, request_for


@pytest.fixture
def organizer(app_context):
    return db.session.merge(make_organizer("damascus"))


def _cohort(organizer, *, days=(3, 10), capacity=20, to_complete=None):
    return make_cohort(organizer, [NOW + timedelta(days=day) for day in days], capacity=capacity,
                       to_complete=to_complete)


def _during(session):
    return session.starts_at + timedelta(minutes=30)


def test_families_take_the_places_then_wait_in_order_and_move_up_when_one_leaves(organizer):
    cohort = _cohort(organizer, capacity=2)
    first, second, third, fourth = (make_family(name=f"أسرة {n}") for n in range(4))

    enrolments = [operations.enrol(family, cohort, now=NOW) for family in (first, second, third, fourth)]

    assert [e.status for e in enrolments] == ["enrolled", "enrolled", "waitlisted", "waitlisted"]
    assert [e.waitlist_rank for e in enrolments[2:]] == [1, 2]
    operations.withdraw(enrolments[0], by=first.user, now=NOW)
    assert enrolments[2].status == EnrolmentStatus.ENROLLED and enrolments[3].status == EnrolmentStatus.WAITLISTED
    kinds = db.session.scalars(db.select(Notification.kind).where(Notification.user_id == third.user_id)).all()
    assert sorted(kinds) == ["training.promoted", "training.waitlisted"]


def test_a_family_cannot_enrol_twice_nor_after_the_course_started_nor_in_another_province(organizer):
    cohort = _cohort(organizer)
    family = make_family()
    operations.enrol(family, cohort, now=NOW)

    with pytest.raises(DomainError, match="مسجّلة في هذه الدورة من قبل"):
        operations.enrol(family, cohort, now=NOW)
    with pytest.raises(DomainError, match="بدأت هذه الدورة"):
        operations.enrol(make_family(), cohort, now=NOW + timedelta(days=4))
    with pytest.raises(DomainError, match="محافظة أخرى"):
        operations.enrol(make_family(province_slug="aleppo"), cohort, now=NOW)


def test_the_database_holds_one_attendance_per_family_and_session(organizer):
    cohort = _cohort(organizer)
    enrolment = operations.enrol(make_family(), cohort, now=NOW)
    session = cohort.sessions[0]
    operations.record_attendance(session, enrolment, method=AttendanceMethod.SCAN, by=organizer, now=_during(session))

    assert operations.record_attendance(session, enrolment, method=AttendanceMethod.LIST, by=organizer,
                                        now=_during(session)) is None
    db.session.add(Attendance(session=session, family_id=enrolment.family_id, method="list"))
    with pytest.raises(IntegrityError):
        db.session.flush()


def test_attendance_is_recorded_around_the_session_only_and_for_enrolled_families(organizer):
    cohort = _cohort(organizer, capacity=1)
    enrolment = operations.enrol(make_family(), cohort, now=NOW)
    waiting = operations.enrol(make_family(), cohort, now=NOW)
    session = cohort.sessions[0]

    with pytest.raises(DomainError, match="قبل الجلسة بساعة"):
        operations.record_attendance(session, enrolment, method="scan", by=organizer, now=NOW)
    with pytest.raises(DomainError, match="ليس لهذه الأسرة مقعد"):
        operations.record_attendance(session, waiting, method="scan", by=organizer, now=_during(session))


def test_the_certificate_comes_with_the_last_session_the_rule_needs_and_counts_its_hours(organizer):
    cohort = _cohort(organizer, days=(3, 10, 17), to_complete=2)
    family = make_family()
    enrolment = operations.enrol(family, cohort, now=NOW)
    first, second, third = cohort.sessions

    operations.record_attendance(first, enrolment, method="scan", by=organizer, now=_during(first))
    assert enrolment.certificate is None
    operations.record_attendance(second, enrolment, method="list", by=organizer, now=_during(second))
    certificate = enrolment.certificate
    assert (certificate.sessions_attended, certificate.hours) == (2, 4)
    assert operations.has_completed(family, cohort.course)
    operations.record_attendance(third, enrolment, method="scan", by=organizer, now=_during(third))
    assert (certificate.sessions_attended, certificate.hours) == (3, 6)
    assert db.session.scalar(db.select(db.func.count(Certificate.id))) == 1
    assert db.session.scalar(db.select(db.func.count(Notification.id)).where(
        Notification.kind == "training.certificate")) == 1


def test_a_withdrawn_certificate_no_longer_counts_and_needs_a_reason(organizer):
    cohort = _cohort(organizer, days=(3,))
    family = make_family()
    enrolment = operations.enrol(family, cohort, now=NOW)
    operations.record_attendance(cohort.sessions[0], enrolment, method="scan", by=organizer,
                                 now=_during(cohort.sessions[0]))

    with pytest.raises(DomainError, match="اذكر السبب"):
        operations.revoke_certificate(enrolment.certificate, reason=" ", by=organizer, now=NOW)
    operations.revoke_certificate(enrolment.certificate, reason="خطأ في القائمة", by=organizer, now=NOW)
    assert not operations.has_completed(family, cohort.course)


def test_the_ticked_list_adds_and_removes_families(organizer):
    cohort = _cohort(organizer, days=(3,), to_complete=1)
    here, away = (operations.enrol(make_family(), cohort, now=NOW) for _ in range(2))
    session = cohort.sessions[0]

    assert operations.set_list_attendance(session, {here.id, away.id}, by=organizer, now=_during(session)) == (2, 0)
    db.session.refresh(session)
    assert operations.set_list_attendance(session, {here.id}, by=organizer, now=_during(session)) == (0, 1)
    db.session.refresh(session)
    assert {attendance.family_id for attendance in session.attendances} == {here.family_id}


def test_a_course_cannot_ask_more_sessions_than_it_has_and_a_group_no_more_sessions_than_planned(organizer):
    from tests.factories import art_of_selling_plan, province

    with pytest.raises(DomainError, match="جلسات أكثر مما في الدورة"):
        operations.create_course(province("damascus"), art_of_selling_plan(sessions=2, to_complete=3), by=organizer)
    cohort = _cohort(organizer, days=(3, 10))
    with pytest.raises(DomainError, match="كل الجلسات"):
        operations.add_session(cohort, starts_at=NOW + timedelta(days=20), ends_at=NOW + timedelta(days=20, hours=2),
                               venue=None, room="", trainer=None, by=organizer)


def test_tokens_are_signed_and_of_one_kind(organizer):
    token = tokens.sign(tokens.Kind.PASS, 42)

    assert tokens.read(token, tokens.Kind.PASS) == 42
    assert tokens.read(token.lower(), tokens.Kind.PASS) == 42
    with pytest.raises(tokens.RecordTokenError):
        tokens.read(token, tokens.Kind.CERTIFICATE)
    forged = token[:10] + ("A" if token[10] != "A" else "B") + token[11:]
    with pytest.raises(tokens.RecordTokenError):
        tokens.read(forged, tokens.Kind.PASS)
    with pytest.raises(tokens.RecordTokenError):
        tokens.read("not a token", tokens.Kind.PASS)


def test_a_market_that_requires_the_course_takes_only_families_that_completed_it(organizer):
    cohort = _cohort(organizer, days=(3,))
    market = open_market()
    market.required_course = cohort.course
    trained, untrained = ready_family(name="أسرة مدربة"), ready_family(name="أسرة أخرى")
    enrolment = operations.enrol(trained, cohort, now=NOW)
    operations.record_attendance(cohort.sessions[0], enrolment, method="scan", by=organizer,
                                 now=_during(cohort.sessions[0]))

    assert applications.apply(trained, [market.occurrences[0]], request_for("food"), now=NOW)
    with pytest.raises(DomainError, match="أتمّت دورة"):
        applications.apply(untrained, [market.occurrences[0]], request_for("food"), now=NOW)


def test_enrolled_families_are_reminded_once_the_evening_before_a_session(organizer):
    from festival.core.timezones import local_to_utc, to_damascus
    from festival.training.reminders import remind_enrolled_families

    day = to_damascus(NOW).date() + timedelta(days=5)
    cohort = make_cohort(organizer, [local_to_utc(day, time(10))], capacity=1)
    enrolled, waiting = make_family(), make_family()
    operations.enrol(enrolled, cohort, now=NOW)
    operations.enrol(waiting, cohort, now=NOW)
    evening_before = local_to_utc(day - timedelta(days=1), time(18, 5))

    assert remind_enrolled_families(evening_before - timedelta(hours=2)) == 0
    assert remind_enrolled_families(evening_before) == 1
    assert remind_enrolled_families(evening_before + timedelta(minutes=10)) == 0
    reminders = db.session.scalars(db.select(Notification).where(Notification.kind == "training.reminder")).all()
    assert [n.user_id for n in reminders] == [enrolled.user_id]
    assert reminders[0].params["time"] == "10:00"


def test_saving_the_list_keeps_a_family_recorded_by_scan_after_the_list_was_opened(organizer):
    cohort = _cohort(organizer, days=(3,), to_complete=1)
    ticked, scanned = (operations.enrol(make_family(), cohort, now=NOW) for _ in range(2))
    session = cohort.sessions[0]
    operations.record_attendance(session, ticked, method="list", by=organizer, now=_during(session))
    shown = {ticked.id}  # the list as the trainer opened it
    operations.record_attendance(session, scanned, method="scan", by=organizer, now=_during(session))
    db.session.refresh(session)

    operations.set_list_attendance(session, {ticked.id}, by=organizer, now=_during(session), shown_present=shown)

    db.session.refresh(session)
    assert {a.family_id for a in session.attendances} == {ticked.family_id, scanned.family_id}


def test_unticking_below_the_rule_withdraws_the_certificate_and_a_completed_family_keeps_its_place(organizer):
    cohort = _cohort(organizer, days=(3,), to_complete=1)
    family = make_family()
    enrolment = operations.enrol(family, cohort, now=NOW)
    session = cohort.sessions[0]
    operations.record_attendance(session, enrolment, method="list", by=organizer, now=_during(session))
    with pytest.raises(DomainError, match="يبقى مقعدها"):
        operations.withdraw(enrolment, by=organizer, now=NOW)
    with pytest.raises(DomainError, match="أتمّت هذه الأسرة هذه الدورة من قبل"):
        operations.enrol(family, operations.add_cohort(cohort.course, name="الثانية", capacity=5, by=organizer),
                         now=NOW)

    operations.remove_attendance(session, enrolment, by=organizer, now=_during(session))

    assert enrolment.certificate.is_revoked and "صُحّح الحضور" in enrolment.certificate.revoke_reason


def test_an_organizer_cannot_enrol_a_family_of_a_province_it_does_not_manage(organizer):
    cohort = _cohort(organizer)

    with pytest.raises(DomainError, match="محافظة لا تديرها"):
        operations.enrol(make_family(province_slug="aleppo"), cohort, now=NOW, by=organizer)


def test_the_same_start_twice_in_one_group_is_refused_by_the_database(organizer):
    cohort = _cohort(organizer, days=(3,), to_complete=1)
    cohort.course.planned_sessions = 3
    first = cohort.sessions[0]

    with pytest.raises(IntegrityError):
        operations.add_session(cohort, starts_at=first.starts_at, ends_at=first.ends_at, venue=None, room="",
                               trainer=None, by=organizer)


def test_enrolling_a_list_keeps_the_others_when_one_family_is_refused(organizer):
    cohort = _cohort(organizer)
    near, far = make_family(name="أسرة دمشقية"), make_family(name="أسرة حلبية", province_slug="aleppo")

    enrolled, refused = operations.enrol_many([far, near], cohort, by=organizer, now=NOW)

    assert enrolled == 1 and [(family.name, "محافظة لا تديرها" in why) for family, why in refused] == [
        ("أسرة حلبية", True)]
    assert [e.family_id for e in cohort.enrolments] == [near.id]


def test_a_room_smaller_than_the_group_limits_its_places_and_cannot_be_smaller_than_who_is_in(organizer):
    cohort = make_cohort(organizer, [NOW + timedelta(days=3)], capacity=20, planned=2, to_complete=1)
    families = [make_family(name=f"أسرة {n}") for n in range(3)]
    for family in families[:2]:
        operations.enrol(family, cohort, now=NOW)
    start = NOW + timedelta(days=10)

    with pytest.raises(DomainError) as refused:
        operations.add_session(cohort, starts_at=start, ends_at=start + timedelta(hours=2), venue=None, room="قاعة",
                               trainer=None, by=organizer, capacity=1)
    assert refused.value.field == "capacity"
    operations.add_session(cohort, starts_at=start, ends_at=start + timedelta(hours=2), venue=None,
                           room="القاعة الصغيرة", trainer=None, by=organizer, capacity=2)

    assert cohort.places == 2
    assert operations.enrol(families[2], cohort, now=NOW).status == EnrolmentStatus.WAITLISTED
