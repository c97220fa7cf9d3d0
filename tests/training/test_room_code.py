"""The code on the room's screen: families type it to record themselves; it goes stale fast."""
import re
from datetime import timedelta

import pytest

from festival.core.domain import DomainError
from festival.core.types import utcnow
from festival.extensions import db
from festival.training import operations, queries, room_codes
from festival.training.models import Attendance
from tests.conftest import post_form
from tests.factories import NOW, make_cohort, make_family, make_organizer


def test_a_code_holds_for_its_step_and_the_one_before_then_goes_stale(app_context):
    organizer = db.session.merge(make_organizer("damascus"))
    cohort = make_cohort(organizer, [NOW - timedelta(minutes=10)])
    session, family = cohort.sessions[0], make_family()
    operations.enrol(family, cohort, now=NOW, by=organizer)
    code = room_codes.current_code(session, NOW)

    assert re.fullmatch(r"[0-9]{6}", code)
    assert room_codes.is_valid(session, code, NOW + timedelta(seconds=room_codes.STEP_SECONDS))
    assert not room_codes.is_valid(session, code, NOW + timedelta(seconds=3 * room_codes.STEP_SECONDS))
    with pytest.raises(operations.WrongRoomCode):
        operations.record_by_room_code(session, family, f"{(int(code) + 1) % 10**6:06d}", now=NOW)
    assert operations.record_by_room_code(session, family, code, now=NOW).method == "code"
    with pytest.raises(DomainError, match="ليس لكم مقعد"):
        operations.record_by_room_code(session, make_family(), code, now=NOW)
    with pytest.raises(DomainError, match="بربع ساعة"):
        operations.record_by_room_code(session, family, code, now=session.ends_at + timedelta(minutes=1))


def test_the_trainer_shows_the_code_and_the_family_types_it_in_arabic_digits(app, client, login, make):
    organizer = make.organizer("damascus")
    family = make.family(name="أسرة القاعة")
    with app.app_context():
        cohort = make_cohort(organizer, [utcnow() - timedelta(minutes=5)])
        operations.enrol(db.session.merge(family), cohort, now=utcnow(), by=db.session.merge(organizer))
        db.session.commit()
        session_id = cohort.sessions[0].id
    trainer = login(organizer, as_client=app.test_client())
    screen = trainer.get(f"/manage/training/sessions/{session_id}/code")
    code = re.search(r'class="room-code-digits"[^>]*>(\d{3}) (\d{3})<', screen.get_data(as_text=True))
    assert screen.status_code == 200 and code and 'http-equiv="refresh"' in screen.get_data(as_text=True)

    login(family.user)
    arabic = "".join("٠١٢٣٤٥٦٧٨٩"[int(digit)] for digit in code.group(1) + code.group(2))
    response = post_form(client, f"/family/training/sessions/{session_id}/code", {"code": arabic},
                         form_page="/family/training")
    assert response.status_code == 303
    assert "سُجّل حضوركم" in client.get("/family/training").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(Attendance.method)) == "code"
        assert queries.session_or_404(session_id).attendances[0].family_id == family.id


def test_wrong_codes_are_limited_per_family(app, client, login, make):
    organizer = make.organizer("damascus")
    family = make.family()
    with app.app_context():
        cohort = make_cohort(organizer, [utcnow() - timedelta(minutes=5)])
        operations.enrol(db.session.merge(family), cohort, now=utcnow(), by=db.session.merge(organizer))
        db.session.commit()
        session_id = cohort.sessions[0].id
        real = room_codes.current_code(cohort.sessions[0], utcnow())
    login(family.user)
    wrong = f"{(int(real) + 500_000) % 10**6:06d}"

    statuses = [post_form(client, f"/family/training/sessions/{session_id}/code", {"code": wrong},
                          form_page="/family/training").status_code for _ in range(6)]

    assert statuses[:5] == [303] * 5 and statuses[5] == 429
