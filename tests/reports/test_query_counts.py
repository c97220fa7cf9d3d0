"""Dashboards run the same number of SQL statements for 2 families as for 8 (GROUP BY, not loops)."""
import pytest

from festival.extensions import db
from tests.factories import _loaded, add_report, check_in, held_event, make_admin


def _build(app, families):
    with app.app_context():
        occurrence, organizer, assignments = held_event(families=families)
        aleppo, _other, aleppo_assignments = held_event(families=families, province_slug="aleppo",
                                                        crafts=("soap", "herbs"))
        for number, assignment in enumerate(assignments[:-1] + aleppo_assignments):
            add_report(assignment, 10_000 * (number + 1), lines=[("food", 5_000, 2)] if number % 2 else [],
                       rating=(number % 5) + 1, by=organizer if number % 3 == 0 else None)
            check_in(assignment)
        db.session.commit()
        admin = make_admin()  # commits: load the others after it
        return (occurrence.id, occurrence.market_id, _loaded(organizer, "provinces"), admin,
                _loaded(assignments[0].family, "user"))


PAGES = [
    ("organizer", "/manage/occurrences/{occurrence}/sales"),
    ("organizer", "/manage/occurrences/{occurrence}/sales/families.xlsx"),
    ("organizer", "/manage/markets/{market}/sales"),
    ("organizer", "/manage/provinces/damascus/sales"),
    ("organizer", "/manage/sales"),
    ("admin", "/admin/sales"),
    ("admin", "/admin/sales/provinces.csv"),
    ("admin", "/admin/sales/register"),
    ("family", "/family/sales"),
    ("family", "/family"),
]


def _count(app, login, count_queries, families, who, path):
    occurrence, market, organizer, admin, family = _build(app, families)
    users = {"organizer": organizer, "admin": admin, "family": family.user}
    client = login(users[who], as_client=app.test_client())
    url = path.format(occurrence=occurrence, market=market)
    client.get(url)  # warm-up: the first request loads what every later one has cached
    with count_queries() as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return queries.count


@pytest.mark.parametrize(("who", "path"), PAGES)
def test_query_count_does_not_grow_with_the_data(app, login, count_queries, who, path):
    small = _count(app, login, count_queries, 2, who, path)
    large = _count(app, login, count_queries, 8, who, path)

    assert large == small, (path, small, large)
