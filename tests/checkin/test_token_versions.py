"""The badge URL of the QR code (`HTTP://HOST/B/<TOKEN>`) opens the same badge page and check-in
as `/b/<token>`, and the badges printed with version 1 tokens keep working everywhere."""
import pytest

from festival.applications.models import Application
from festival.badges import tokens
from festival.badges.operations import badge_qr_url, live_badge
from festival.checkin.api import token_from
from festival.checkin.models import CheckIn
from festival.core import signing_keys as keys
from festival.extensions import db
from tests.conftest import api_headers, post_form

CHECK_IN_BUTTON = "تسجيل الحضور"


def checkins(app):
    with app.app_context():
        return db.session.scalars(db.select(CheckIn)).all()


def badge_of(family):
    return live_badge(db.session.get(Application, family.application_id))


def v1_token(app, family) -> str:
    """The family's badge as it was printed before version 2: base64url, 108 characters."""
    with app.app_context():
        badge = badge_of(family)
        claims = tokens.BadgeClaims(badge.id, badge.occurrence_id, badge.stall_id,
                                    badge.occurrence.day, badge.occurrence.last_day)
        return tokens.sign(claims, keys.signing_key(), version=1)


def qr_url_of(app, family) -> str:
    with app.app_context():
        return badge_qr_url(badge_of(family))


@pytest.fixture
def scanner(app, login, gate_day):
    client = login(gate_day.gate, as_client=app.test_client())
    headers = api_headers(client)
    return lambda body: client.post("/api/v1/checkins", json=body, headers=headers)


def test_the_qr_code_holds_an_upper_case_url_with_a_version_2_token(app, gate_day):
    family = gate_day.placed[0]

    url = qr_url_of(app, family)

    assert url == f"HTTP://LOCALHOST/B/{family.token}" and len(family.token) == 130


def test_the_upper_case_path_serves_the_badge_page(client, gate_day):
    family = gate_day.placed[0]

    page = client.get(f"/B/{family.token}")
    html = page.get_data(as_text=True)

    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert "verdict-ok" in html and family.name in html and family.stall in html
    assert "بطاقة مشاركة صالحة" in html and page.headers["X-Robots-Tag"] == "noindex"


def test_gate_staff_check_in_from_the_upper_case_url(app, client, login, gate_day):
    family = gate_day.placed[0]
    login(gate_day.gate)

    page = client.get(f"/B/{family.token}").get_data(as_text=True)
    assert "verdict-ok" in page and CHECK_IN_BUTTON in page
    assert f'action="/b/{family.token}"' in page  # links and forms stay lower-case

    done = post_form(client, f"/B/{family.token}", {})

    assert done.status_code == 200 and "تم تسجيل الحضور" in done.get_data(as_text=True)
    (checkin,) = checkins(app)
    assert (checkin.method, checkin.by_id, checkin.family_id) == ("scan", gate_day.gate.id, family.family_id)


def test_the_upper_case_check_in_is_for_gate_staff_only(app, client, login, gate_day):
    family = gate_day.placed[0]
    login(family.vendor)

    assert post_form(client, f"/B/{family.token}", {}, form_page="/family").status_code == 403
    assert checkins(app) == []


def test_a_lower_cased_version_2_token_is_the_same_badge(client, gate_day):
    family = gate_day.placed[0]

    html = client.get(f"/b/{family.token.lower()}").get_data(as_text=True)

    assert "verdict-ok" in html and family.name in html


def test_a_badge_printed_with_a_version_1_token_still_opens_and_checks_in(app, client, login, gate_day):
    family = gate_day.placed[0]
    old = v1_token(app, family)
    login(gate_day.gate)

    page = client.get(f"/b/{old}").get_data(as_text=True)
    done = post_form(client, f"/b/{old}", {}).get_data(as_text=True)

    assert len(old) == 108 and "verdict-ok" in page and family.name in page
    assert "تم تسجيل الحضور" in done
    assert len(checkins(app)) == 1


def test_the_api_accepts_the_upper_case_url_as_scanned(app, scanner, gate_day):
    first, second = gate_day.placed[:2]

    answer = scanner({"token": qr_url_of(app, first), "occurrence_id": gate_day.occurrence_id}).get_json()
    other = scanner({"token": f"HTTPS://FESTIVAL.EXAMPLE.SY/B/{second.token}"}).get_json()

    assert (answer["outcome"], answer["family"]) == ("valid", first.name)
    assert (other["outcome"], other["family"]) == ("valid", second.name)
    assert len(checkins(app)) == 2


def test_the_api_accepts_a_version_1_badge_and_counts_it_once_with_its_version_2_twin(app, scanner, gate_day):
    family = gate_day.placed[0]

    old = scanner({"token": f"http://localhost/b/{v1_token(app, family)}"}).get_json()
    new = scanner({"token": qr_url_of(app, family)}).get_json()

    assert old["outcome"] == "valid" and old["family"] == family.name
    assert new["outcome"] == "duplicate"  # one badge, whichever version its code carries
    assert len(checkins(app)) == 1


@pytest.mark.parametrize(("scanned", "token"), [
    ("HTTPS://FESTIVAL.EXAMPLE.SY/B/ABC234", "ABC234"),
    ("https://festival.example.sy/b/abc-_x", "abc-_x"),
    ("HTTP://127.0.0.1:5000/B/XYZ?utm=1#top", "XYZ"),
    ("ABC234", "ABC234"),
])
def test_token_from_takes_the_token_out_of_either_url(scanned, token):
    assert token_from(scanned) == token
