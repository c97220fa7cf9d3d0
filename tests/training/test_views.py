"""Training through HTTP: what an organizer, a family, a trainer's phone and a visitor see."""
import re
import subprocess
from datetime import timedelta

import pytest

from festival.core.types import utcnow
from festival.extensions import db
from festival.training import operations, queries
from festival.training.certificates import certificate_token
from festival.training.models import Attendance, Certificate, Course, Enrolment
from festival.training.passes import pass_token
from tests.conftest import post_form
from tests.factories import make_cohort


def _forged(token: str) -> str:
    """One letter changed in the middle: a token that cannot be genuine."""
    middle = len(token) // 2
    return token[:middle] + ("B" if token[middle] != "B" else "C") + token[middle + 1:]


@pytest.fixture
def organizer(make):
    return make.organizer("damascus", name="المدربة سلمى")


def _cohort(app, organizer, starts):
    with app.app_context():
        cohort = make_cohort(organizer, starts, to_complete=len(starts))
        return cohort.id, cohort.course_id, [session.id for session in cohort.sessions]


def test_an_organizer_plans_a_course_with_arabic_digits_and_sees_every_problem(client, login, organizer, app):
    login(organizer)
    page = client.get("/manage/training/new").get_data(as_text=True)
    province_id = re.search(r'<option (?:selected )?value="(\d+)">دمشق', page).group(1)

    refused = post_form(client, "/manage/training/new", {
        "province_id": province_id, "title_ar": "فن البيع", "planned_sessions": "٥", "sessions_to_complete": "٦",
        "hours_per_session": "٢"})
    assert refused.status_code == 200
    assert "لا يمكن أن تحتاج الأسرة إلى جلسات أكثر مما في الدورة" in refused.get_data(as_text=True)
    created = post_form(client, "/manage/training/new", {
        "province_id": province_id, "title_ar": "فن البيع", "planned_sessions": "٥", "sessions_to_complete": "٤",
        "hours_per_session": "٢", "topics": "التسعير\nالعرض"})
    assert created.status_code == 302
    course_url = created.headers["Location"]
    group = post_form(client, course_url, {"name": "مجموعة كانون", "capacity": "٢٠"})
    cohort_url = group.headers["Location"]
    day = (utcnow() + timedelta(days=7)).date().isoformat()
    added = post_form(client, f"{cohort_url}/sessions", {
        "session-day": day, "session-starts": "١٠:٠٠", "session-ends": "٠٩:٠٠", "session-venue_id": "0",
        "session-trainer_id": "0"}, form_page=cohort_url)
    assert added.status_code == 422 and "يجب أن تنتهي الجلسة بعد أن تبدأ" in added.get_data(as_text=True)
    added = post_form(client, f"{cohort_url}/sessions", {
        "session-day": day, "session-starts": "١٠:٠٠", "session-ends": "١٢:٠٠", "session-venue_id": "0",
        "session-room": "قاعة الغرفة", "session-trainer_id": str(organizer.id)}, form_page=cohort_url)
    assert added.status_code == 302
    with app.app_context():
        course = db.session.scalar(db.select(Course))
        assert (course.planned_sessions, course.sessions_to_complete, len(course.cohorts[0].sessions)) == (5, 4, 1)
        assert course.cohorts[0].sessions[0].trainer_id == organizer.id


def test_a_family_enrols_shows_its_pass_and_the_trainer_records_it_by_scanning(app, client, login, make, organizer):
    cohort_id, _course_id, (session_id,) = _cohort(app, organizer, [utcnow() + timedelta(minutes=20)])
    family = make.family(name="أسرة الشامي")
    login(family.user)

    page = client.get("/family/training").get_data(as_text=True)
    assert "فن البيع" in page and "بقي 20 مقعداً" in page
    post_form(client, f"/family/training/cohorts/{cohort_id}/enrol", {}, form_page="/family/training")
    with app.app_context():
        enrolment = db.session.scalar(db.select(Enrolment))
        token = pass_token(enrolment)
    pass_page = client.get(f"/family/training/enrolments/{enrolment.id}/pass")
    assert pass_page.status_code == 200 and "<svg" in pass_page.get_data(as_text=True)
    assert "private" in pass_page.headers["Cache-Control"]

    trainer = login(organizer, as_client=app.test_client())
    scanned = trainer.get(f"/T/{token}").get_data(as_text=True)
    assert "أسرة الشامي" in scanned
    recorded = post_form(trainer, f"/T/{token}", {"session_id": str(session_id)}, follow_redirects=True)
    assert "سُجّل الحضور" in recorded.get_data(as_text=True)
    again = post_form(trainer, f"/t/{token.lower()}", {"session_id": str(session_id)}, follow_redirects=True)
    assert "سُجّل حضورها في هذه الجلسة من قبل" in again.get_data(as_text=True)
    assert "سُجّل" not in trainer.get(f"/T/{token}?recorded=999999").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Attendance.id))) == 1


def test_the_trainers_camera_scanner_records_a_pass_once_and_refuses_others(app, client, login, make, organizer):
    cohort_id, _course_id, (session_id,) = _cohort(app, organizer, [utcnow() + timedelta(minutes=20)])
    other_id, _other_course, _other_sessions = _cohort(app, organizer, [utcnow() + timedelta(minutes=20)])
    family, stranger = make.family(name="أسرة الشامي"), make.family()
    with app.app_context():
        family, stranger = db.session.merge(family), db.session.merge(stranger)
        ours = operations.enrol(family, queries.cohort_or_404(cohort_id), now=utcnow())
        theirs = operations.enrol(stranger, queries.cohort_or_404(other_id), now=utcnow())
        db.session.commit()
        token, other_token = pass_token(ours), pass_token(theirs)
    login(organizer)
    page = client.get(f"/manage/training/sessions/{session_id}/scan").get_data(as_text=True)
    assert "qr-camera.js" in page and "training-scan.js" in page
    headers = {"X-CSRFToken": re.search(r'data-csrf="([^"]+)"', page).group(1)}
    url = f"/manage/training/sessions/{session_id}/scans"

    first = client.post(url, json={"scanned": f"HTTPS://FESTIVAL.EXAMPLE/T/{token}"}, headers=headers).get_json()
    again = client.post(url, json={"scanned": token.lower()}, headers=headers).get_json()
    stranger_answer = client.post(url, json={"scanned": other_token}, headers=headers).get_json()
    forged = client.post(url, json={"scanned": _forged(token)}, headers=headers).get_json()
    refused = client.post(url, json={"scanned": 12}, headers=headers)

    assert (first["tone"], first["family"]) == ("ok", "أسرة الشامي")
    assert again["tone"] == "warn" and stranger_answer["tone"] == "bad" and forged["tone"] == "bad"
    assert refused.status_code == 400
    assert client.post(url, json={"scanned": token}).status_code in (400, 403)  # no CSRF token: refused
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Attendance.id))) == 1


def test_a_trainer_of_another_province_cannot_open_a_pass(app, login, make, organizer):
    _cohort_id, _course, _sessions = _cohort(app, organizer, [utcnow() + timedelta(minutes=20)])
    family = make.family()
    with app.app_context():
        cohort = queries.cohort_or_404(_cohort_id)
        enrolment = operations.enrol(db.session.merge(family), cohort, now=utcnow())
        db.session.commit()
        token = pass_token(enrolment)
    outsider = login(make.organizer("aleppo"), as_client=app.test_client())

    assert outsider.get(f"/T/{token}").status_code == 403
    assert outsider.get(f"/T/{_forged(token)}").status_code == 404


def _certified(app, organizer, make, *, revoked=False):
    start = utcnow() - timedelta(minutes=30)
    cohort_id, _course, _sessions = _cohort(app, organizer, [start])
    family = make.family(name="أسرة الحلبي", phone="0944777888")
    with app.app_context():
        cohort = queries.cohort_or_404(cohort_id)
        enrolment = operations.enrol(db.session.merge(family), cohort, now=utcnow(), by=db.session.merge(organizer))
        operations.record_attendance(cohort.sessions[0], enrolment, method="list", by=db.session.merge(organizer),
                                     now=utcnow())
        if revoked:
            operations.revoke_certificate(enrolment.certificate, reason="حضور غير صحيح", by=db.session.merge(organizer),
                                          now=utcnow())
        db.session.commit()
        return family, enrolment.certificate.id, certificate_token(enrolment.certificate)


def test_a_visitor_checks_a_certificate_without_logging_in_and_sees_no_phone(app, client, make, organizer):
    _family, number, token = _certified(app, organizer, make)

    page = client.get(f"/C/{token}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "شهادة صحيحة" in text and "أسرة الحلبي" in text and "فن البيع" in text and "المدربة سلمى" in text
    assert "777" not in text
    forged = client.get(f"/C/{_forged(token)}")
    assert forged.status_code == 404 and "ليست شهادة من شهادات البرنامج" in forged.get_data(as_text=True)


def test_a_withdrawn_certificate_says_so_with_its_reason(app, client, make, organizer):
    _family, _number, token = _certified(app, organizer, make, revoked=True)

    text = client.get(f"/c/{token.lower()}").get_data(as_text=True)

    assert "سُحبت هذه الشهادة" in text and "حضور غير صحيح" in text


def test_the_family_downloads_its_certificate_as_an_arabic_pdf_with_text(app, client, login, make, organizer, tmp_path):
    family, number, _token = _certified(app, organizer, make)
    login(family.user)

    response = client.get(f"/family/training/certificates/{number}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    path = tmp_path / "certificate.pdf"
    path.write_bytes(response.data)
    text = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "أسرة الحلبي" in text and "فن البيع" in text and "شهادة تدريب" in text
    other = make.family()
    stranger = login(other.user, as_client=app.test_client())
    assert stranger.get(f"/family/training/certificates/{number}.pdf").status_code == 404


def test_the_attendance_list_is_ticked_and_exported(app, client, login, make, organizer):
    cohort_id, _course, (session_id,) = _cohort(app, organizer, [utcnow() - timedelta(minutes=10)])
    family = make.family(name="أسرة المزة")
    with app.app_context():
        enrolment = operations.enrol(db.session.merge(family), queries.cohort_or_404(cohort_id), now=utcnow(),
                                     by=db.session.merge(organizer))
        db.session.commit()
        enrolment_id = enrolment.id
    login(organizer)

    saved = post_form(client, f"/manage/training/sessions/{session_id}", {"present": str(enrolment_id)})
    assert saved.status_code == 302
    export = client.get(f"/manage/training/cohorts/{cohort_id}/attendance.csv")
    assert export.headers["Cache-Control"] == "private, no-store"
    assert "أسرة المزة" in export.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Certificate.id))) == 1


def test_an_organizer_enrols_a_family_by_its_phone(app, client, login, make, organizer):
    cohort_id, _course, _sessions = _cohort(app, organizer, [utcnow() + timedelta(days=3)])
    make.family(name="أسرة الهاتف", phone="0944555666")
    login(organizer)

    unknown = post_form(client, f"/manage/training/cohorts/{cohort_id}/enrol", {"enrol-phone": "0944000111"},
                        form_page=f"/manage/training/cohorts/{cohort_id}")
    assert unknown.status_code == 422 and "لا توجد أسرة بهذا الرقم في محافظاتك" in unknown.get_data(as_text=True)
    make.family(name="أسرة حلبية", phone="0944111222", province_slug="aleppo")
    foreign = post_form(client, f"/manage/training/cohorts/{cohort_id}/enrol", {"enrol-phone": "0944111222"},
                        form_page=f"/manage/training/cohorts/{cohort_id}")
    assert foreign.status_code == 422 and "لا توجد أسرة بهذا الرقم في محافظاتك" in foreign.get_data(as_text=True)
    done = post_form(client, f"/manage/training/cohorts/{cohort_id}/enrol", {"enrol-phone": "٠٩٤٤٥٥٥٦٦٦"},
                     form_page=f"/manage/training/cohorts/{cohort_id}")
    assert done.status_code == 302
    assert "أسرة الهاتف" in client.get(done.headers["Location"]).get_data(as_text=True)


def test_an_organizer_enrols_families_who_applied_to_a_market_in_one_go(app, client, login, make, organizer):
    from festival.applications import operations as applications
    from tests.factories import open_market, ready_family, request_for

    cohort_id, _course, _sessions = _cohort(app, organizer, [utcnow() + timedelta(days=3)])
    with app.app_context():
        market = open_market()
        for name in ("أسرة السوق الأولى", "أسرة السوق الثانية"):
            applications.apply(ready_family(name), [market.occurrences[0]], request_for("food"), now=utcnow())
        db.session.commit()
        market_id = market.id
    login(organizer)
    url = f"/manage/training/cohorts/{cohort_id}/from-market?market={market_id}"
    page = client.get(url).get_data(as_text=True)
    ids = re.findall(r'name="families"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="families"', page)
    family_ids = [a or b for a, b in ids]
    assert "أسرة السوق الأولى" in page and len(family_ids) == 2

    done = post_form(client, url, {"families": family_ids})

    assert done.status_code == 303
    with app.app_context():
        assert len(queries.cohort_or_404(cohort_id).enrolments) == 2


def test_a_course_for_some_crafts_says_so_to_the_families_of_those_crafts(app, client, login, make, organizer):
    from festival.crafts.models import CraftCategory
    from tests.factories import ready_family

    cohort_id, course_id, _sessions = _cohort(app, organizer, [utcnow() + timedelta(days=3)])
    with app.app_context():
        course = db.session.get(Course, course_id)
        course.crafts = [db.session.scalar(db.select(CraftCategory).where(CraftCategory.slug == "food"))]
        family = ready_family("أسرة المونة", crafts=("food",))
        db.session.commit()
        user = family.user
    login(user)

    assert "لحرفتكم" in client.get("/family/training").get_data(as_text=True)
