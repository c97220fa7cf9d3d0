"""Two gate phones scan the same badge at the same moment: one check-in, two clear answers.

Runs on whatever TEST_DATABASE_URL is: on SQLite BEGIN IMMEDIATE serialises the two
writers; on PostgreSQL (CI) both may pass the "already checked in?" read and the unique
constraint (occurrence, family) decides, the loser answering "duplicate".
"""
import threading

from festival.checkin.models import CheckIn
from festival.extensions import db
from tests.conftest import api_headers

ROUNDS = 3  # a few badges, each scanned by both phones at once


def test_two_phones_scanning_one_badge_at_once_record_one_checkin(app, login, gate_day):
    phones = []
    for _ in range(2):
        client = login(gate_day.gate, as_client=app.test_client())
        phones.append((client, api_headers(client)))
    for family in gate_day.placed[:ROUNDS]:
        start = threading.Barrier(len(phones))
        answers = []

        def scan(client, headers, token=family.token, start=start, answers=answers):
            start.wait()
            response = client.post("/api/v1/checkins", json={"token": token}, headers=headers)
            answers.append((response.status_code, (response.get_json() or {}).get("outcome")))

        threads = [threading.Thread(target=scan, args=phone) for phone in phones]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

        assert sorted(answers) == [(200, "duplicate"), (200, "valid")]
    with app.app_context():
        rows = db.session.scalars(db.select(CheckIn)).all()
        assert len(rows) == len(gate_day.placed[:ROUNDS])
        assert len({row.family_id for row in rows}) == len(rows)
