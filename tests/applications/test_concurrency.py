"""Twenty phones submitting the same application at once leave exactly one, and no error page.

Runs on SQLite (BEGIN IMMEDIATE serialises writers) and, in CI, on PostgreSQL where the
unique constraint decides the race.
"""
import threading

from festival.applications.models import Application
from festival.extensions import db
from tests.conftest import csrf_token_from
from tests.factories import PASSWORD, open_market, ready_family

SUBMISSIONS = 20


def test_twenty_parallel_submissions_leave_one_application_and_no_500(app):
    with app.app_context():
        market = open_market(stalls=3, fridays=1)
        family = ready_family()
        market_id, occurrence_id, phone = market.id, market.occurrences[0].id, family.user.phone
        craft_id = family.crafts[0].id
    url = f"/family/markets/{market_id}/apply"
    phones = []
    for _ in range(SUBMISSIONS):
        client = app.test_client()
        login_page = client.get("/login")
        client.post("/login", data={"phone": phone, "password": PASSWORD,
                                    "csrf_token": csrf_token_from(login_page.get_data(as_text=True))})
        token = csrf_token_from(client.get(url).get_data(as_text=True))
        phones.append((client, token))
    start = threading.Barrier(SUBMISSIONS)
    statuses = []

    def submit(client, token):
        start.wait()
        response = client.post(url, data={"csrf_token": token, "occurrences": str(occurrence_id),
                                          "crafts": str(craft_id), "accept_terms": "y"})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=submit, args=pair) for pair in phones]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(statuses) == [302] * SUBMISSIONS
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Application)) == 1
