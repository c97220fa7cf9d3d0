"""The organizer's desk says what to do next, each item a link, for their provinces only, with
a number of queries that does not grow with the markets, dates or families."""
import re

from festival.applications import operations as applications
from festival.extensions import db
from tests.factories import (
    NOW,
    add_report,
    held_event,
    make_organizer,
    open_market,
    placed_family,
    ready_family,
    request_for,
)


def busy_province(province_slug="damascus", markets=1):
    """Per market: 2 applications under review, 1 approved family without a stall, 1 placed family whose badge
    was not printed; and one market day that ended yesterday with 2 of its 3 reports missing."""
    organizer = make_organizer(province_slug)
    organizer = db.session.merge(organizer)
    for number in range(markets):
        market = open_market(stalls=3, fridays=1, province_slug=province_slug)
        occurrence = market.occurrences[0]
        for name in ("أ", "ب"):
            applications.apply(ready_family(f"أسرة {name}{number}", province_slug=province_slug), [occurrence],
                               request_for(), now=NOW)
        waiting = applications.apply(ready_family(f"أسرة ج{number}", province_slug=province_slug), [occurrence],
                                     request_for(), now=NOW)[0]
        applications.decide(waiting, "approved", by=organizer, now=NOW)
        placed_family(occurrence, market.offered_stalls[0], organizer, f"أسرة د{number}",
                      province_slug=province_slug)
    _occurrence, _organizer, assignments = held_event(3, province_slug=province_slug, organizer=organizer)
    add_report(assignments[0], 50000)
    db.session.commit()


def tasks(page: str) -> list[tuple[str, str]]:
    todo = page.split('id="todo-heading"')[1].split("</section>")[0]
    return re.findall(r'<a class="task-link" href="([^"]+)"><strong>([^<]+)</strong>', todo)


def test_the_desk_lists_what_to_do_next_each_item_a_link(app, client, login, make):
    with app.app_context():
        busy_province()
    login(make.organizer("damascus"))

    page = client.get("/manage").get_data(as_text=True)

    found = tasks(page)
    texts = [text for _href, text in found]
    assert "طلبان ينتظران قرارك" in texts
    assert "أسرة مقبولة واحدة دون جناح" in texts
    assert "بطاقة مشاركة واحدة للطباعة" in texts
    assert "تقريرا مبيعات لم يصلا" in texts
    for href, _text in found:
        assert client.get(href).status_code == 200
    assert any(re.search(r"/manage/markets/\d+/applications\?status=submitted", href) for href, _text in found)
    next_days = page.split('id="next-heading"')[1].split("</section>")[0]
    assert next_days.count('class="task-link"') >= 1


def test_the_desk_shows_only_the_organizers_provinces(app, client, login, make):
    with app.app_context():
        busy_province("aleppo")
    login(make.organizer("damascus"))

    page = client.get("/manage").get_data(as_text=True)

    assert tasks(page) == [] and "لا شيء ينتظرك" in page


def test_the_desk_runs_the_same_number_of_queries_for_one_market_or_five(app, client, login, make, count_queries):
    organizer = make.organizer("damascus")
    login(organizer)
    with app.app_context():
        busy_province(markets=1)
    with count_queries() as one:
        client.get("/manage")
    with app.app_context():
        busy_province(markets=4)
    with count_queries() as five:
        page = client.get("/manage").get_data(as_text=True)

    assert len(tasks(page)) > 5
    assert five.count == one.count
