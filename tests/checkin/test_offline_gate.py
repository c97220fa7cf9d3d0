"""The offline gate's server side: enrolling a phone, the day package, uploading offline scans."""
import time
import uuid
from datetime import timedelta

import pytest

from festival.badges.models import Badge
from festival.badges.operations import reissue_badge
from festival.checkin.devices import revoke
from festival.checkin.models import CheckIn, GateDevice, ScanConflict
from festival.core.types import utcnow
from festival.extensions import db
from festival.markets.models import Occurrence
from tests.conftest import api_headers
from tests.factories import build_gate_day

API = "/api/v1/gate"


class Phone:
    """A gate phone: its signed-in client, its CSRF header and, once enrolled, its device id."""

    def __init__(self, client, occurrence_id):
        self.client, self.occurrence_id = client, occurrence_id
        self.headers = api_headers(client)
        self.device = None

    def enrol(self, label="Chrome on Android"):
        response = self.client.post(f"{API}/devices", json={"occurrence_id": self.occurrence_id, "label": label},
                                    headers=self.headers)
        assert response.status_code == 201, response.get_json()
        self.device = response.get_json()["device"]
        return self

    def package(self, since=None):
        query = {"device": self.device, **({"since": since} if since else {})}
        return self.client.get(f"{API}/occurrences/{self.occurrence_id}/package", query_string=query,
                               headers=self.headers)

    def sync(self, scans):
        return self.client.post(f"{API}/occurrences/{self.occurrence_id}/sync",
                                json={"device": self.device, "scans": scans}, headers=self.headers)


def scan(*, token=None, short_code=None, at=None, nonce=None):
    moment = at or utcnow()
    item = {"nonce": nonce or str(uuid.uuid4()), "scanned_at": int(moment.timestamp() * 1000)}
    item.update({"token": token} if token else {"short_code": short_code})
    return item


@pytest.fixture
def phone(app, login, gate_day):
    return Phone(login(gate_day.gate, as_client=app.test_client()), gate_day.occurrence_id).enrol()


def rows(app, model):
    with app.app_context():
        return db.session.scalars(db.select(model).order_by(model.id)).all()


def test_the_package_holds_what_a_result_shows_and_nothing_personal(app, phone, gate_day):
    response = phone.package()

    package = response.get_json()
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert package["full"] is True and len(package["keys"]) == 1
    roster = {badge["short_code"]: badge for badge in package["badges"]}
    for family in gate_day.placed:
        assert roster[family.short_code]["family"] == family.name
        assert roster[family.short_code]["stall"] == family.stall
    text = response.get_data(as_text=True)
    assert all(family.vendor.phone not in text for family in gate_day.placed)
    assert package["refused"] == [] and package["arrivals"] == []


def test_the_package_knows_the_codes_of_the_market_s_other_dates(app, phone, gate_day):
    from festival.auth.models import User
    from festival.badges.operations import issue_badge
    from festival.markets.models import Market
    from tests.factories import placed_family

    with app.app_context():
        market = db.session.get(Market, gate_day.market_id)
        later = Occurrence(venue_id=market.venue_id, day=gate_day.day + timedelta(days=7),
                           last_day=gate_day.day + timedelta(days=7),
                           starts_at=market.occurrences[0].starts_at + timedelta(days=7),
                           ends_at=market.occurrences[0].ends_at + timedelta(days=7))
        market.occurrences.append(later)
        db.session.flush()
        organizer = db.session.get(User, gate_day.organizer.id)
        assignment = placed_family(later, market.offered_stalls[-1], organizer, "أسرة الجمعة التالية",
                                   now=utcnow() - timedelta(days=1), by_organizer=True)
        code = issue_badge(assignment.application).short_code
        db.session.commit()

    package = phone.package().get_json()

    assert package["other_dates"] == [code]
    assert code not in {badge["short_code"] for badge in package["badges"]}


def test_a_refresh_since_the_cursor_sends_only_what_changed(app, phone, gate_day):
    with app.app_context():  # issued an hour ago: older than the cursor's overlap
        for badge in db.session.scalars(db.select(Badge)):
            badge.issued_at = utcnow() - timedelta(hours=1)
        db.session.commit()
    first = phone.package().get_json()
    with app.app_context():
        old = db.session.scalar(db.select(Badge).where(Badge.short_code == gate_day.placed[0].short_code))
        new = reissue_badge(old, by=None)
        old_id, new_code = old.id, new.short_code
        db.session.commit()

    later = phone.package(since=first["cursor"]).get_json()

    assert later["full"] is False
    assert [badge["short_code"] for badge in later["badges"]] == [new_code]
    assert [(badge["id"], badge["reason"]) for badge in later["refused"]] == [(old_id, "revoked")]


def test_a_phone_of_another_market_or_unknown_gets_no_package(app, login, gate_day):
    other = build_gate_day_in(app, title="سوق آخر", gate_name="بوابة أخرى")
    stranger = Phone(login(other.gate, as_client=app.test_client()), gate_day.occurrence_id)

    assert stranger.client.post(f"{API}/devices", json={"occurrence_id": gate_day.occurrence_id},
                                headers=stranger.headers).status_code == 403
    stranger.device = "0" * 32
    assert stranger.package().status_code == 403


def build_gate_day_in(app, **options):
    with app.app_context():
        return build_gate_day(**options)


def test_offline_scans_are_recorded_once_at_the_phone_s_time(app, phone, gate_day):
    with app.app_context():  # 40 minutes ago, or the day's first minute just after midnight in Damascus
        opened = db.session.get(Occurrence, gate_day.occurrence_id).starts_at
    scanned_at = max(utcnow() - timedelta(minutes=40), opened + timedelta(seconds=30))
    scans = [scan(token=gate_day.placed[0].token, at=scanned_at),
             scan(short_code=gate_day.placed[1].short_code.lower(), at=scanned_at + timedelta(minutes=1))]

    first = phone.sync(scans).get_json()
    again = phone.sync(scans).get_json()

    assert (first["recorded"], first["conflicts"]) == (2, 0)
    assert (again["recorded"], again["already"]) == (0, 2)
    checkins = rows(app, CheckIn)
    assert len(checkins) == 2
    assert {checkin.method for checkin in checkins} == {"scan", "code"}
    assert abs(checkins[0].checked_in_at - scanned_at) < timedelta(seconds=1)
    assert checkins[0].uploaded_at > checkins[0].checked_in_at and checkins[0].device_id is not None


def test_scans_count_for_the_account_that_made_them_when_it_works_this_gate(app, phone, gate_day):
    with app.app_context():
        from tests.factories import make_gate

        stranger = make_gate(name="بوابة سوق آخر").id  # works no gate of this market
    first, second = gate_day.placed[0], gate_day.placed[1]

    phone.sync([{**scan(token=first.token), "scanned_by": gate_day.organizer.id},
                {**scan(token=second.token), "scanned_by": stranger}])

    by = {checkin.family_id: checkin.by_id for checkin in rows(app, CheckIn)}
    assert by == {first.family_id: gate_day.organizer.id, second.family_id: gate_day.gate.id}


def test_a_scan_uploaded_after_the_day_ended_is_still_recorded(app, phone, gate_day):
    with app.app_context():
        occurrence = db.session.get(Occurrence, gate_day.occurrence_id)
        # Early in the gate's day as well (just after midnight in Damascus): a scan made in its
        # first minute, a badge whose validity ended a minute later, an upload now.
        scanned_at = min(occurrence.starts_at + timedelta(hours=1), utcnow() - timedelta(minutes=3))
        for badge in db.session.scalars(db.select(Badge)):  # the day is over when the phone gets a network
            badge.valid_until = scanned_at + timedelta(minutes=1)
            badge.valid_from = scanned_at - timedelta(hours=2)
        db.session.commit()

    answer = phone.sync([scan(token=gate_day.placed[0].token, at=scanned_at)]).get_json()

    assert answer["recorded"] == 1


def test_two_phones_admitting_the_same_family_make_one_arrival_and_one_conflict(app, login, phone, gate_day):
    second = Phone(login(gate_day.gate, as_client=app.test_client()), gate_day.occurrence_id).enrol("Firefox")
    family = gate_day.placed[0]

    phone.sync([scan(short_code=family.short_code, at=utcnow() - timedelta(minutes=5))])
    answer = second.sync([scan(token=family.token, at=utcnow() - timedelta(minutes=3))]).get_json()

    assert (answer["recorded"], answer["conflicts"]) == (0, 1)
    (checkin,) = rows(app, CheckIn)
    (conflict,) = rows(app, ScanConflict)
    assert conflict.kind == "twice" and conflict.checkin_id == checkin.id
    assert conflict.device_id != checkin.device_id


def test_a_badge_revoked_after_the_package_was_fetched_becomes_a_conflict(app, phone, gate_day):
    family = gate_day.placed[0]
    with app.app_context():
        badge = db.session.scalar(db.select(Badge).where(Badge.short_code == family.short_code))
        reissue_badge(badge, by=None)
        db.session.commit()

    answer = phone.sync([scan(token=family.token)]).get_json()

    assert (answer["recorded"], answer["conflicts"]) == (0, 1)
    (conflict,) = rows(app, ScanConflict)
    assert (conflict.kind, conflict.reason) == ("refused", "revoked")


def test_a_badge_replaced_after_the_family_was_let_in_still_counts_the_arrival(app, phone, gate_day):
    family = gate_day.placed[0]
    scanned_at = utcnow() - timedelta(minutes=30)
    with app.app_context():  # a lost badge reissued after the phone let the family in
        badge = db.session.scalar(db.select(Badge).where(Badge.short_code == family.short_code))
        reissue_badge(badge, by=None)
        db.session.commit()

    answer = phone.sync([scan(token=family.token, at=scanned_at)]).get_json()

    assert (answer["recorded"], answer["conflicts"]) == (1, 0)


def test_a_forged_token_admitted_offline_is_kept_as_a_conflict(app, phone, gate_day):
    token = gate_day.placed[0].token
    forged = token[:-3] + ("AAA" if token[-3:] != "AAA" else "BBB")

    answer = phone.sync([scan(token=forged), scan(short_code="ZZZZZZZZ")]).get_json()

    assert answer["conflicts"] == 2
    assert sorted(result["reason"] for result in answer["results"].values()) == ["bad_signature", "unknown"]
    assert rows(app, CheckIn) == []


def test_a_removed_phone_must_wipe_its_package_but_its_earlier_scans_count(app, phone, gate_day):
    before = utcnow() - timedelta(minutes=10)
    with app.app_context():
        device = db.session.scalar(db.select(GateDevice))
        revoke(device, by=device.user, now=utcnow() - timedelta(minutes=5))
        db.session.commit()

    refused = phone.package()
    answer = phone.sync([scan(token=gate_day.placed[0].token, at=before),
                         scan(token=gate_day.placed[1].token)]).get_json()

    assert refused.status_code == 410 and refused.get_json()["wipe"] is True
    assert (answer["recorded"], answer["conflicts"], answer["wipe"]) == (1, 1, True)
    (conflict,) = rows(app, ScanConflict)
    assert conflict.kind == "device_revoked"


def test_the_package_lists_arrivals_recorded_by_other_gates(app, phone, gate_day):
    phone.sync([scan(token=gate_day.placed[0].token)])

    package = phone.package().get_json()

    assert [arrival["family_id"] for arrival in package["arrivals"]] == [gate_day.placed[0].family_id]


def test_bad_uploads_are_refused_whole_with_a_message(app, phone):
    for scans in ([{"nonce": "x"}], [{"nonce": "x", "scanned_at": 5, "token": "abc"}], "no", [1]):
        response = phone.sync(scans)
        assert response.status_code == 400 and response.get_json()["error"]["message"]
    assert rows(app, CheckIn) == [] and rows(app, ScanConflict) == []


def test_a_thousand_scans_cost_a_fixed_number_of_queries(app, phone, gate_day, count_queries):
    few = [scan(short_code=f"NOPE{number:04d}") for number in range(3)]
    many = [scan(short_code=f"NOPX{number:04d}") for number in range(300)]

    with count_queries() as small:
        phone.sync(few)
    with count_queries() as large:
        started = time.perf_counter()
        phone.sync(many)
        elapsed = time.perf_counter() - started

    assert large.count <= small.count + 2, large.statements[:20]
    assert elapsed < 10
