"""Twenty organizers racing for one stall, or for one family: exactly one assignment, no error page."""
import threading

import pytest

from festival.extensions import db
from festival.stalls.models import StallAssignment
from tests.conftest import csrf_token_from
from tests.factories import PASSWORD, approved_application, make_organizer, open_market, ready_family

RACERS = 20


def _setup(app, families):
    with app.app_context():
        market = open_market(stalls=RACERS, fridays=1)
        organizer = db.session.merge(make_organizer("damascus"))
        application_ids = []
        for number in range(families):
            application = approved_application(ready_family(f"أسرة {number}"), market.occurrences, organizer, "food")
            application_ids.append(application.id)
        db.session.commit()
        return market.occurrences[0].id, [s.id for s in market.offered_stalls], application_ids, organizer.phone


def _race(app, occurrence_id, phone, forms):
    url = f"/manage/occurrences/{occurrence_id}/stalls"
    racers = []
    for form in forms:
        client = app.test_client()
        page = client.get("/login")
        client.post("/login", data={"phone": phone, "password": PASSWORD,
                                    "csrf_token": csrf_token_from(page.get_data(as_text=True))})
        racers.append((client, csrf_token_from(client.get(url).get_data(as_text=True)), form))
    start, statuses = threading.Barrier(len(racers)), []

    def run(client, token, form):
        start.wait()
        statuses.append(client.post(url + "/assign", data={**form, "csrf_token": token}).status_code)

    threads = [threading.Thread(target=run, args=racer) for racer in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


@pytest.mark.parametrize("racers", [2, RACERS])
def test_organizers_racing_for_one_stall_book_it_once(app, racers):
    occurrence_id, stall_ids, application_ids, phone = _setup(app, racers)

    statuses = _race(app, occurrence_id, phone,
                     [{"application": str(a), "stall": str(stall_ids[0])} for a in application_ids])

    assert statuses == [302] * racers
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(StallAssignment)) == 1


@pytest.mark.parametrize("racers", [2, RACERS])
def test_organizers_racing_to_place_one_family_place_it_once(app, racers):
    occurrence_id, stall_ids, application_ids, phone = _setup(app, 1)

    statuses = _race(app, occurrence_id, phone,
                     [{"application": str(application_ids[0]), "stall": str(s)} for s in stall_ids[:racers]])

    assert statuses == [302] * racers
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(StallAssignment)) == 1
