"""Readiness: which required documents are valid for each date, in a fixed number of queries,
and the market's policy where it applies (applying, badges)."""
from datetime import timedelta

import pytest
from flask_babel import force_locale

from festival.applications import operations as applications
from festival.badges.operations import issue_badge
from festival.badges.queries import applications_without_badge
from festival.core.domain import DomainError
from festival.core.timezones import today_in_damascus
from festival.documents import operations
from festival.documents.readiness import DocumentState, of_applications, readiness
from festival.documents.words import flag_texts
from festival.extensions import db
from festival.stalls import operations as stalls
from tests.factories import (
    approved_application,
    make_document,
    make_document_type,
    make_organizer,
    open_market,
    ready_family,
    request_for,
)


@pytest.fixture
def market(app_context):
    return open_market(stalls=6, fridays=2, crafts=("food", "embroidery"))


@pytest.fixture
def certificate(app_context):
    return db.session.merge(make_document_type())


def _states(result) -> dict[str, str]:
    return {requirement.document_type.name_ar: requirement.state for requirement in result.requirements}


def test_a_food_family_needs_its_health_certificate_and_an_embroiderer_does_not(market, certificate):
    cook = ready_family("أسرة المونة", crafts=("food",))
    embroiderer = ready_family("أسرة التطريز", crafts=("embroidery",))

    first = market.occurrences[0]
    assert _states(readiness(cook, [first])[first.id]) == {"الشهادة الصحية": DocumentState.MISSING}
    assert readiness(embroiderer, [first])[first.id].ready


def test_each_date_says_whether_the_certificate_lasts_through_it(market, certificate):
    cook = ready_family("أسرة المونة", crafts=("food",))
    first, second = market.occurrences
    make_document(cook, certificate, expires_on=first.last_day)

    results = readiness(cook, [first, second])

    assert results[first.id].ready
    assert _states(results[second.id]) == {"الشهادة الصحية": DocumentState.EXPIRES}
    with force_locale("en"):
        assert flag_texts(results[second.id], today_in_damascus()) == [
            f"Health certificate expires before {second.last_day.strftime('%B')} {second.last_day.day}, "
            f"{second.last_day.year}"]


@pytest.mark.parametrize(("status", "state"), [("pending", DocumentState.PENDING),
                                               ("rejected", DocumentState.REJECTED),
                                               ("verified", DocumentState.VALID)])
def test_only_a_verified_document_counts(market, certificate, status, state):
    cook = ready_family("أسرة المونة", crafts=("food",))
    make_document(cook, certificate, status=status)

    first = market.occurrences[0]
    assert _states(readiness(cook, [first])[first.id]) == {"الشهادة الصحية": state}


def test_a_market_asks_every_family_for_its_own_documents(market, certificate):
    embroiderer = ready_family("أسرة التطريز", crafts=("embroidery",))
    national_id = db.session.merge(make_document_type("البطاقة الشخصية", "National ID", expires=False, crafts=()))
    operations.set_market_requirements(market, [national_id], "warn", by=None)

    first = market.occurrences[0]
    assert _states(readiness(embroiderer, [first])[first.id]) == {"البطاقة الشخصية": DocumentState.MISSING}


def test_the_crafts_an_application_sells_decide_not_all_the_family_makes(market, certificate):
    family = ready_family("أسرة متعددة", crafts=("food", "embroidery"))
    organizer = db.session.merge(make_organizer("damascus"))
    application = approved_application(family, market.occurrences[:1], organizer, "embroidery")

    assert of_applications([application])[application.id].ready


def _queue(market, certificate, size):
    organizer = db.session.merge(make_organizer("damascus"))
    found = []
    for number in range(size):
        family = ready_family(f"أسرة {size}-{number}", crafts=("food",))
        if number % 2:
            make_document(family, certificate, expires_on=today_in_damascus() + timedelta(days=3))
        found.extend(applications.apply(db.session.merge(family), list(market.occurrences), request_for("food"),
                                        now=market.applications_open_at + timedelta(hours=1)))
    db.session.commit()
    db.session.expire_all()
    return found, organizer


def test_a_whole_queue_costs_the_same_queries_as_one_application(app, market, certificate, count_queries):
    counts = []
    for size in (1, 5):
        found, _organizer = _queue(market, certificate, size)
        loaded = [db.session.merge(application) for application in found]
        for application in loaded:
            application.occurrence.market  # noqa: B018 (what the queue page has loaded)
        with count_queries() as queries:
            results = of_applications(loaded)
        counts.append(queries.count)
        assert len(results) == len(found)

    assert counts[0] == counts[1] <= 4, counts


def test_a_market_that_refuses_applications_names_what_is_missing(market, certificate):
    market.document_policy = "applications"
    cook = ready_family("أسرة المونة", crafts=("food",))

    with force_locale("en"), pytest.raises(DomainError) as refused:
        applications.apply(cook, list(market.occurrences), request_for("food"), now=market.applications_open_at)

    with force_locale("en"):
        assert "valid for its dates: Health certificate missing." in str(refused.value.message)
    make_document(cook, certificate)
    assert applications.apply(db.session.merge(cook), list(market.occurrences), request_for("food"),
                              now=market.applications_open_at)


def test_a_market_that_only_warns_takes_the_application(market, certificate):
    cook = ready_family("أسرة المونة", crafts=("food",))

    assert applications.apply(cook, list(market.occurrences), request_for("food"), now=market.applications_open_at)


def _placed(market, organizer, name, crafts=("food",)):
    family = ready_family(name, crafts=crafts)
    application = approved_application(family, market.occurrences[:1], organizer, *crafts,
                                       now=market.applications_open_at)
    stalls.assign(application, market.offered_stalls[len(name) % 6], by=organizer)
    return family, application


def test_a_market_that_keeps_badges_gives_none_without_valid_documents(market, certificate):
    organizer = db.session.merge(make_organizer("damascus"))
    cook, cook_application = _placed(market, organizer, "أسرة")
    _embroiderer, embroidery_application = _placed(market, organizer, "أسرة التطريز", ("embroidery",))
    market.document_policy = "badges"
    db.session.flush()

    with pytest.raises(DomainError) as refused:
        issue_badge(cook_application, by=organizer)
    assert [a.id for a in applications_without_badge(market.occurrences[0])] == [embroidery_application.id]

    with force_locale("en"):
        assert "No badge for أسرة yet" in str(refused.value.message)
    make_document(cook, certificate)
    assert issue_badge(db.session.merge(cook_application), by=organizer).short_code
