"""/b/<token>: what visitors, families and gate staff see, and the one-tap check-in."""
from datetime import timedelta

import pytest

from festival.applications import operations as applications
from festival.applications.models import Application
from festival.badges import tokens
from festival.badges.models import Badge
from festival.badges.operations import reissue_badge
from festival.checkin.messages import REASON_MESSAGES
from festival.checkin.models import CheckIn
from festival.checkin.verify import Reason
from festival.core import signing_keys as keys
from festival.core.timezones import to_damascus, today_in_damascus
from festival.core.types import utcnow
from festival.extensions import db
from festival.markets.models import Occurrence
from festival.markets.operations import cancel_occurrence
from tests.conftest import csrf_token_from, post_form
from tests.factories import build_gate_day

CHECK_IN_BUTTON = "تسجيل الحضور"


def checkins():
    return db.session.scalars(db.select(CheckIn)).all()


def test_a_visitor_sees_that_the_badge_is_valid_with_family_and_stall_and_nothing_personal(client, gate_day):
    family = gate_day.placed[0]

    page = client.get(f"/b/{family.token}")
    html = page.get_data(as_text=True)

    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert "verdict-ok" in html and "بطاقة مشاركة صالحة" in html
    assert family.name in html and family.stall in html
    assert family.vendor.phone[-6:] not in html and "أم محمد" not in html  # no phone, no head of the family
    assert CHECK_IN_BUTTON not in html.split("<main")[1]


def test_a_visitor_sees_an_invalid_badge_as_invalid_without_the_reason(client, app, gate_day):
    with app.app_context():
        cancel_occurrence(db.session.get(Occurrence, gate_day.occurrence_id), "عاصفة")
        db.session.commit()

    html = client.get(f"/b/{gate_day.placed[0].token}").get_data(as_text=True)

    assert "verdict-bad" in html and "هذه البطاقة غير صالحة" in html
    assert str_in_arabic(app, REASON_MESSAGES[Reason.CANCELLED]) not in html


def test_gate_staff_check_a_family_in_with_one_tap(app, client, login, gate_day):
    family = gate_day.placed[0]
    login(gate_day.gate)

    page = client.get(f"/b/{family.token}").get_data(as_text=True)
    assert "verdict-ok" in page and CHECK_IN_BUTTON in page

    done = post_form(client, f"/b/{family.token}", {})
    html = done.get_data(as_text=True)

    assert done.status_code == 200 and "verdict-ok" in html and "تم تسجيل الحضور" in html
    with app.app_context():
        (checkin,) = checkins()
        assert (checkin.method, checkin.by_id, checkin.family_id) == ("scan", gate_day.gate.id, family.family_id)
        assert abs(checkin.checked_in_at - utcnow()) < timedelta(minutes=1)


def test_the_second_scan_is_amber_with_the_time_and_the_staff_member(app, client, login, gate_day):
    family = gate_day.placed[0]
    login(gate_day.gate)
    post_form(client, f"/b/{family.token}", {})
    with app.app_context():
        moment = to_damascus(checkins()[0].checked_in_at)
        at = f"{moment.hour % 12 or 12}:{moment:%M} {'ص' if moment.hour < 12 else 'م'}"  # 6:17 ص

    html = client.get(f"/b/{family.token}").get_data(as_text=True)
    again = post_form(client, f"/b/{family.token}", {}, form_page="/gate").get_data(as_text=True)

    expected = f"سُجّل حضورها الساعة {at} بواسطة \u2068{gate_day.gate.name}\u2069"
    assert "verdict-warn" in html and expected in html and CHECK_IN_BUTTON not in html.split("<main")[1]
    assert "verdict-warn" in again and expected in again
    with app.app_context():
        assert len(checkins()) == 1


def test_a_double_tap_on_the_button_records_one_arrival_and_answers_green_twice(app, client, login, gate_day):
    family = gate_day.placed[0]
    login(gate_day.gate)
    page = client.get(f"/b/{family.token}").get_data(as_text=True)
    token = csrf_token_from(page)
    nonce = page.split('name="nonce" type="hidden" value="')[1].split('"')[0]

    first = client.post(f"/b/{family.token}", data={"csrf_token": token, "nonce": nonce}).get_data(as_text=True)
    second = client.post(f"/b/{family.token}", data={"csrf_token": token, "nonce": nonce}).get_data(as_text=True)

    assert "verdict-ok" in first and "verdict-ok" in second
    with app.app_context():
        assert len(checkins()) == 1


def test_a_family_cannot_check_itself_in(app, client, login, gate_day):
    family = gate_day.placed[0]
    login(family.vendor)

    page = client.get(f"/b/{family.token}").get_data(as_text=True)
    attempt = post_form(client, f"/b/{family.token}", {}, form_page="/family")

    assert "verdict-ok" in page and CHECK_IN_BUTTON not in page.split("<main")[1]
    assert attempt.status_code == 403
    with app.app_context():
        assert checkins() == []


def test_gate_staff_of_another_market_cannot_check_in_here(app, client, login, gate_day):
    with app.app_context():
        elsewhere = build_gate_day(title="سوق آخر", families=0, waiting=0, gate_name="بوابة السوق الآخر")
    family = gate_day.placed[0]
    login(elsewhere.gate)

    page = client.get(f"/b/{family.token}").get_data(as_text=True)
    attempt = post_form(client, f"/b/{family.token}", {}, form_page="/gate").get_data(as_text=True)

    message = str_in_arabic(app, REASON_MESSAGES[Reason.WRONG_EVENT])
    assert "verdict-bad" in page and message in page and CHECK_IN_BUTTON not in page.split("<main")[1]
    assert "verdict-bad" in attempt and message in attempt
    with app.app_context():
        assert checkins() == []


def str_in_arabic(app, lazy_message) -> str:
    with app.test_request_context("/"):
        return str(lazy_message)


def _badge(application_id) -> Badge:
    return db.session.scalar(db.select(Badge).where(Badge.application_id == application_id,
                                                    Badge.revoked_at.is_(None)))


def _malformed(day):
    return "hello-this-is-not-a-badge"


def _tampered(day):
    token = day.placed[0].token
    return token[:60] + ("A" if token[60] != "A" else "B") + token[61:]


def _unknown(day):
    badge = _badge(day.placed[0].application_id)
    claims = tokens.BadgeClaims(987654, badge.occurrence_id, badge.stall_id, day.day, day.day)
    return tokens.sign(claims, keys.signing_key())


def _revoked(day):
    reissue_badge(_badge(day.placed[0].application_id), by=None)
    return day.placed[0].token


def _cancelled_application(day):
    application = db.session.get(Application, day.placed[0].application_id)
    applications.decide(application, "cancelled", by=None, reason="لم تلتزم بالشروط", now=utcnow())
    return day.placed[0].token


def _withdrawn_application():
    day = build_gate_day(day=today_in_damascus() + timedelta(days=3), title="سوق قادم")
    application = db.session.get(Application, day.placed[0].application_id)
    applications.withdraw(application, by=None, now=utcnow())
    return day.placed[0].token


def _cancelled_day(day):
    cancel_occurrence(db.session.get(Occurrence, day.occurrence_id), "عاصفة رملية")
    return day.placed[0].token


def _dated(offset):
    return build_gate_day(day=today_in_damascus() + timedelta(days=offset), title=f"سوق {offset}").placed[0].token


CASES = {
    Reason.MALFORMED: _malformed,
    Reason.BAD_SIGNATURE: _tampered,
    Reason.UNKNOWN: _unknown,
    Reason.REVOKED: _revoked,
    Reason.WITHDRAWN: _cancelled_application,
    Reason.CANCELLED: _cancelled_day,
    Reason.NOT_YET: lambda day: _dated(+2),
    Reason.EXPIRED: lambda day: _dated(-2),
}


@pytest.mark.parametrize("reason", list(CASES), ids=str)
def test_every_reason_shows_its_message_in_red(app, client, login, gate_day, reason):
    with app.app_context():
        token = CASES[reason](gate_day)
        db.session.commit()
    login(gate_day.organizer)

    html = client.get(f"/b/{token}").get_data(as_text=True)

    assert "verdict-bad" in html and "غير صالحة" in html
    assert str_in_arabic(app, REASON_MESSAGES[reason]) in html
    assert CHECK_IN_BUTTON not in html.split("<main")[1]


def test_a_family_that_withdrew_has_an_invalid_badge(app, client, login, gate_day):
    with app.app_context():
        token = _withdrawn_application()
        db.session.commit()
    login(gate_day.organizer)

    html = client.get(f"/b/{token}").get_data(as_text=True)

    assert "verdict-bad" in html and str_in_arabic(app, REASON_MESSAGES[Reason.WITHDRAWN]) in html


def test_every_reason_has_a_message():
    assert set(REASON_MESSAGES) == set(Reason)
