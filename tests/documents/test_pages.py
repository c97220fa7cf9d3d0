"""Readiness where organizers decide: a short flag per application in the review queue and in
the automatic assigner's preview, at a cost that does not grow with the queue."""
from types import SimpleNamespace

from flask_babel import force_locale, format_date

from festival.applications import operations as applications
from festival.extensions import db
from tests.factories import (
    make_document,
    make_document_type,
    make_organizer,
    open_market,
    ready_family,
    request_for,
)


def _market_with_families(app, size, *, approve=False):
    """A 2-Friday market; `size` food families applied to both dates, whose certificates last
    through the first Friday only."""
    with app.app_context():
        market = open_market(stalls=size + 1, fridays=2, crafts=("food",))
        organizer = db.session.merge(make_organizer("damascus"))
        account = SimpleNamespace(phone=organizer.phone)  # for logging in
        certificate = make_document_type()
        first, second = market.occurrences
        for number in range(size):
            family = ready_family(f"أسرة {size}-{number}", crafts=("food",))
            make_document(family, certificate, expires_on=first.last_day)
            family = db.session.merge(family)
            created = applications.apply(family, [first, second], request_for("food"), now=market.applications_open_at)
            for application in created if approve else ():
                applications.decide(application, "approved", by=organizer, now=market.applications_open_at)
        db.session.commit()
        with force_locale("en"):
            second_day = format_date(second.last_day, format="long")
        return market.id, first.id, second.id, account, second_day


def test_the_review_queue_flags_a_certificate_that_expires_before_the_market_day(app, login):
    market_id, _first_id, _second_id, organizer, second_day = _market_with_families(app, 1)
    client = login(organizer, as_client=app.test_client())

    page = client.get(f"/manage/markets/{market_id}/applications?lang=en").get_data(as_text=True)

    assert page.count(f"Health certificate expires before {second_day}") == 1


def test_the_queue_costs_the_same_queries_for_one_family_as_for_many(app, login, count_queries):
    counts = []
    for size in (1, 6):
        market_id, _first, _second, organizer, _day = _market_with_families(app, size)
        client = login(organizer, as_client=app.test_client())
        with count_queries() as queries:
            assert client.get(f"/manage/markets/{market_id}/applications").status_code == 200
        counts.append(queries.count)

    assert counts[0] == counts[1], counts


def test_the_assigners_preview_flags_the_family_too(app, login):
    _market_id, _first_id, second_id, organizer, second_day = _market_with_families(app, 2, approve=True)
    client = login(organizer, as_client=app.test_client())

    page = client.get(f"/manage/occurrences/{second_id}/stalls/auto?lang=en").get_data(as_text=True)

    assert page.count(f"Health certificate expires before {second_day}") == 2


def test_the_assigners_preview_of_a_ready_date_shows_no_flag(app, login):
    _market_id, first_id, _second_id, organizer, _day = _market_with_families(app, 2, approve=True)
    client = login(organizer, as_client=app.test_client())

    page = client.get(f"/manage/occurrences/{first_id}/stalls/auto?lang=en").get_data(as_text=True)

    assert "Health certificate" not in page and "document-flags" not in page
