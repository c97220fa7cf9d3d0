"""POST /api/v1/checkins: the scanners' endpoint answers like the badge page."""
import pytest

from festival.checkin.models import CheckIn
from festival.extensions import db
from tests.conftest import api_headers
from tests.factories import build_gate_day

URL = "/api/v1/checkins"


@pytest.fixture
def scanner(app, login, gate_day):
    """A gate phone signed in, with the headers its scanner page sends."""
    client = login(gate_day.gate, as_client=app.test_client())
    headers = api_headers(client)
    return lambda body: client.post(URL, json=body, headers=headers)


def checkin_rows(app):
    with app.app_context():
        return db.session.scalars(db.select(CheckIn)).all()


def test_a_valid_badge_is_checked_in_and_the_answer_says_who_where(app, scanner, gate_day):
    family = gate_day.placed[0]

    response = scanner({"token": family.token, "occurrence_id": gate_day.occurrence_id})

    answer = response.get_json()
    assert response.status_code == 200
    assert (answer["outcome"], answer["reason"], answer["family"], answer["stall"]) == (
        "valid", None, family.name, family.stall)
    assert answer["checked_in_by"] == gate_day.gate.name and answer["checked_in_at"].endswith("+03:00")
    (row,) = checkin_rows(app)
    assert row.method == "scan" and row.by_id == gate_day.gate.id


def test_the_qr_code_url_is_accepted_as_it_was_read(app, scanner, gate_day):
    family = gate_day.placed[0]

    answer = scanner({"token": f"http://localhost/b/{family.token}"}).get_json()

    assert answer["outcome"] == "valid"


def test_a_second_scan_is_a_duplicate_with_time_and_staff(app, scanner, gate_day):
    token = gate_day.placed[0].token
    first = scanner({"token": token}).get_json()

    second = scanner({"token": token})

    answer = second.get_json()
    assert second.status_code == 200 and answer["outcome"] == "duplicate" and answer["reason"] is None
    assert answer["checked_in_at"] == first["checked_in_at"] and answer["checked_in_by"] == gate_day.gate.name
    assert answer["tone"] == "warn" and gate_day.gate.name in answer["message"]
    assert len(checkin_rows(app)) == 1


def test_a_retried_request_with_its_nonce_gets_the_first_answer(app, scanner, gate_day):
    body = {"token": gate_day.placed[0].token, "nonce": "3f1c9a5e-7a51-4d2b-9f0e-1c2d3e4f5a6b"}

    first, retry = scanner(body).get_json(), scanner(body).get_json()

    assert first["outcome"] == retry["outcome"] == "valid"
    assert first["checked_in_at"] == retry["checked_in_at"]
    assert len(checkin_rows(app)) == 1


def test_a_nonce_used_for_another_badge_is_refused(app, scanner, gate_day):
    scanner({"token": gate_day.placed[0].token, "nonce": "same-nonce-0001"})

    response = scanner({"token": gate_day.placed[1].token, "nonce": "same-nonce-0001"})

    assert response.status_code == 409 and "error" in response.get_json()
    assert len(checkin_rows(app)) == 1


def test_a_typed_short_code_is_recorded_as_such(app, scanner, gate_day):
    family = gate_day.placed[1]
    typed = family.short_code[:4].lower() + "-" + family.short_code[4:]

    answer = scanner({"short_code": typed, "occurrence_id": gate_day.occurrence_id}).get_json()

    assert answer["outcome"] == "valid" and answer["family"] == family.name
    assert checkin_rows(app)[0].method == "code"


@pytest.mark.parametrize(("body", "reason"), [
    ({"token": "not-a-token"}, "malformed"),
    ({"short_code": "ZZZZ2222"}, "unknown"),
])
def test_bad_codes_are_invalid_with_their_reason_code(app, scanner, body, reason):
    response = scanner(body)

    answer = response.get_json()
    assert response.status_code == 200 and (answer["outcome"], answer["reason"]) == ("invalid", reason)
    assert answer["tone"] == "bad" and answer["message"]
    assert checkin_rows(app) == []


def test_a_badge_of_another_date_is_wrong_event_at_this_gate(app, scanner, gate_day):
    with app.app_context():
        other = build_gate_day(title="سوق آخر", families=1, waiting=0)
        db.session.execute(db.text("INSERT INTO gate_staff (user_id, market_id) VALUES (:user, :market)"),
                           {"user": gate_day.gate.id, "market": other.market_id})
        db.session.commit()

    answer = scanner({"token": other.placed[0].token, "occurrence_id": gate_day.occurrence_id}).get_json()

    assert (answer["outcome"], answer["reason"]) == ("invalid", "wrong_event")


def test_gate_staff_of_another_event_are_refused(app, login, gate_day):
    with app.app_context():
        other = build_gate_day(title="سوق آخر", families=0, waiting=0, gate_name="بوابة أخرى")
    client = login(other.gate, as_client=app.test_client())
    headers = api_headers(client)

    at_that_gate = client.post(URL, json={"token": gate_day.placed[0].token,
                                          "occurrence_id": gate_day.occurrence_id}, headers=headers)
    their_badge = client.post(URL, json={"token": gate_day.placed[0].token}, headers=headers)

    assert at_that_gate.status_code == 403 and at_that_gate.get_json()["error"]["code"] == 403
    assert their_badge.status_code == 200 and their_badge.get_json()["reason"] == "wrong_event"
    assert checkin_rows(app) == []


def test_signed_out_scanners_get_401_json(client, gate_day):
    response = client.post(URL, json={"token": gate_day.placed[0].token})

    assert response.status_code == 401 and response.get_json()["error"]["code"] == 401


def test_families_cannot_check_themselves_in_through_the_api(app, login, gate_day):
    family = gate_day.placed[0]
    client = login(family.vendor, as_client=app.test_client())

    response = client.post(URL, json={"token": family.token}, headers=api_headers(client, "/family"))

    assert response.status_code == 403 and response.get_json()["error"]["code"] == 403
    assert checkin_rows(app) == []


def test_a_request_without_the_csrf_header_is_refused(app, login, gate_day):
    client = login(gate_day.gate, as_client=app.test_client())

    response = client.post(URL, json={"token": gate_day.placed[0].token})

    assert response.status_code == 400 and "error" in response.get_json()
    assert checkin_rows(app) == []


@pytest.mark.parametrize("body", [[], {"token": 5}, {"occurrence_id": "1", "token": "x"}, {}])
def test_malformed_requests_are_400_json(scanner, body):
    response = scanner(body)

    assert response.status_code == 400 and response.get_json()["error"]["code"] == 400


def test_a_replayed_nonce_from_staff_of_another_market_is_not_valid(app, login, scanner, gate_day):
    body = {"token": gate_day.placed[0].token, "nonce": "first-scan-nonce-0001"}
    assert scanner(body).get_json()["outcome"] == "valid"
    with app.app_context():
        other = build_gate_day(title="سوق آخر", families=0, waiting=0, gate_name="بوابة أخرى")
    stranger = login(other.gate, as_client=app.test_client())

    replay = stranger.post(URL, json=body, headers=api_headers(stranger))

    answer = replay.get_json()
    assert replay.status_code == 200 and (answer["outcome"], answer["reason"]) == ("invalid", "wrong_event")
    assert len(checkin_rows(app)) == 1


def test_a_revoked_badge_replaying_its_first_nonce_is_not_valid(app, scanner, gate_day):
    from festival.badges.models import Badge
    from festival.badges.operations import reissue_badge

    body = {"token": gate_day.placed[0].token, "nonce": "first-scan-nonce-0002"}
    assert scanner(body).get_json()["outcome"] == "valid"
    with app.app_context():
        badge = db.session.scalar(db.select(Badge).where(Badge.family_id == gate_day.placed[0].family_id))
        reissue_badge(badge, by=None)
        db.session.commit()

    answer = scanner(body).get_json()

    assert (answer["outcome"], answer["reason"]) == ("invalid", "revoked")
    assert len(checkin_rows(app)) == 1
