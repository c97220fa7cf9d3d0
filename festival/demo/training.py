"""A demo art-of-selling course in Damascus: a summer group that finished (the demo family
0944000001 holds its certificate; 0944000002 came once), an autumn group half-way through
(two sessions held, two to come) and a winter group still open to join."""
from datetime import time, timedelta

from sqlalchemy import select

from festival.auth.models import User
from festival.core.phones import normalize_mobile
from festival.core.timezones import local_to_utc, today_in_damascus
from festival.demo.accounts import family_phone
from festival.extensions import db
from festival.provinces.models import Province
from festival.training import operations
from festival.training.models import Attendance, AttendanceMethod, Course, Enrolment, EnrolmentStatus
from festival.vendors.models import Family

TITLE_AR = "فن البيع"
ORGANIZER_PHONE = "0930000002"


def _family(index: int) -> Family | None:
    return db.session.scalar(select(Family).join(User, User.id == Family.user_id)
                             .where(User.phone == normalize_mobile(family_phone(index))))


def load_training() -> str:
    province = db.session.scalar(select(Province).where(Province.slug == "damascus"))
    if db.session.scalar(select(Course.id).where(Course.title_ar == TITLE_AR, Course.province_id == province.id)):
        return "training: already there"
    organizer = db.session.scalar(select(User).where(User.phone == normalize_mobile(ORGANIZER_PHONE)))
    course = operations.create_course(province, operations.CoursePlan(
        title_ar=TITLE_AR, title_en="The art of selling",
        description_ar="دورة عملية ينظمها المكتب الإقليمي وتستضيفها هيئة تنمية المشروعات الصغيرة والمتوسطة: "
                       "كيف تسعّر منتجك وتعرضه وتحدّث الزبائن.",
        description_en="A practical course by the regional office, hosted by the SME development agency: "
                       "pricing, display and talking to customers.",
        topics="التسعير وحساب الكلفة\nعرض المنتجات على الجناح\nالحديث مع الزبائن\nالتغليف والتسمية",
        planned_sessions=4, sessions_to_complete=3, hours_per_session=3), by=organizer)
    today = today_in_damascus()
    finished = _group(course, "مجموعة الصيف", (-60, -53, -46, -39), organizer, today)
    for index in (1, 2):  # 0944000001 completed it; 0944000002 came once, and may join the winter group
        family = _family(index)
        if family is not None:
            enrolment = _enrol(finished, family, organizer, attended=finished.sessions[:3 if index == 1 else 1])
            db.session.flush()
            operations.issue_certificate_if_complete(enrolment, now=finished.sessions[-1].ends_at)
    running = _group(course, "مجموعة الخريف", (-14, -7, 7, 14), organizer, today)
    upcoming = operations.add_cohort(course, name="مجموعة الشتاء", capacity=15, by=organizer)
    for days in (21, 28, 35, 42):
        day = today + timedelta(days=days)
        operations.add_session(upcoming, starts_at=local_to_utc(day, time(16)), ends_at=local_to_utc(day, time(19)),
                               venue=None, room="قاعة المكتب الإقليمي", trainer=organizer, by=organizer)
    enrolled = 0
    for index in (3, 4, 5):  # families 0944000003 … 0944000005; the winter group is still open to join
        family = _family(index)
        if family is not None:
            _enrol(running, family, organizer, attended=running.sessions[:2 if index != 5 else 1])
            enrolled += 1
    db.session.flush()
    return f"training: 1 course, 3 groups, {enrolled} families in the running one"


def _group(course, name, day_offsets, organizer, today):
    cohort = operations.add_cohort(course, name=name, capacity=20, by=organizer)
    for days in day_offsets:
        day = today + timedelta(days=days)
        operations.add_session(cohort, starts_at=local_to_utc(day, time(10)), ends_at=local_to_utc(day, time(13)),
                               venue=None, room="قاعة هيئة تنمية المشروعات - المزة", trainer=organizer, by=organizer)
    return cohort


def _enrol(cohort, family, organizer, *, attended) -> Enrolment:
    """Enrolled before the first session, present at `attended` (ticked on the list after each)."""
    enrolment = Enrolment(cohort=cohort, family=family, status=EnrolmentStatus.ENROLLED,
                          enrolled_at=cohort.sessions[0].starts_at - timedelta(days=5), added_by_id=organizer.id)
    db.session.add(enrolment)
    for session in attended:
        db.session.add(Attendance(session=session, family_id=family.id, method=AttendanceMethod.LIST,
                                  recorded_at=session.ends_at, recorded_by_id=organizer.id))
    return enrolment
