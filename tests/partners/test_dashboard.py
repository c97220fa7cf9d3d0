"""The partner's dashboard: its scope's families disaggregated (cells under 5 families "<5"),
markets, stalls, sales and training, in a fixed number of queries; partners only."""
import re

from festival.extensions import db
from festival.vendors.models import Family
from tests.factories import add_report, held_event, ready_family


def _indicator(page: str, name: str) -> str:
    return re.search(rf'data-indicator="{name}">(?:<bdi dir="ltr">)?([^<]*)<', page).group(1)


def _families(app, count, *, province_slug="damascus", **answers):
    with app.app_context():
        for number in range(count):
            family = ready_family(f"أسرة {province_slug} {number} {len(answers)}", province_slug=province_slug)
            for key, value in answers.items():
                setattr(family, key, value)
        db.session.commit()


def test_the_dashboard_counts_its_scope_and_suppresses_small_cells(app, client, login, make):
    _families(app, 5, head_sex="female", head_birth_year=1990, displacement="displaced")
    _families(app, 5, head_sex="male")
    _families(app, 3, head_sex="female", displacement="returnee", disability_in_family=True)
    _families(app, 6, province_slug="aleppo", head_sex="female")  # outside the scope
    login(make.partner(province_slugs=("damascus",)))

    page = client.get("/partner").get_data(as_text=True)

    def cell(label, value):
        return f'<th scope="row">{label}</th><td><bdi dir="ltr">{value}</bdi></td>' in page

    assert _indicator(page, "families") == "13"
    assert _indicator(page, "women-led") == "8"
    # the 3 returnees are hidden, and the 5 displaced with them: else 13 - 5 - 5 would give them away
    assert cell("عائدة", "&lt;5") and cell("نازحة", "&lt;5") and cell("لم تُذكر", "5")
    assert cell("من 35 إلى 44", "5")
    assert cell("فيها فرد من ذوي الإعاقة", "&lt;5")


def test_markets_stalls_and_sales_are_shown_with_small_cells_hidden(app, client, login, make):
    with app.app_context():
        _occurrence, _organizer, assignments = held_event(families=3)
        for assignment in assignments:
            add_report(db.session.merge(assignment), 100_000)
        db.session.commit()
    login(make.partner(province_slugs=("damascus",)))

    page = client.get("/partner").get_data(as_text=True)

    assert _indicator(page, "markets") == "1" and _indicator(page, "stalls") == "3"
    assert "300,000" not in page and "300٬000" not in page  # 3 families: their sales stay hidden
    assert _indicator(page, "participants") == "&lt;5"


def test_an_erased_family_still_counts_but_not_as_said(app, client, login, make):
    from festival.erasure.operations import erase_family
    from tests.factories import NOW

    _families(app, 5, displacement="displaced")
    with app.app_context():
        erase_family(db.session.scalars(db.select(Family)).first(), by=None, now=NOW)
        db.session.commit()
    login(make.partner(province_slugs=("damascus",)))

    page = client.get("/partner").get_data(as_text=True)

    assert _indicator(page, "families") == "5"
    assert "<th scope=\"row\">نازحة</th><td><bdi dir=\"ltr\">&lt;5</bdi></td>" in page


def test_the_dashboard_runs_the_same_number_of_queries_whatever_the_data(app, client, login, make, count_queries):
    login(make.partner(province_slugs=("damascus",)))
    with count_queries() as few:
        client.get("/partner")
    _families(app, 6, head_sex="female", head_birth_year=1970)
    with app.app_context():
        _occurrence, _organizer, assignments = held_event(families=5)
        for assignment in assignments:
            add_report(db.session.merge(assignment), 50_000)
        db.session.commit()
    with count_queries() as many:
        client.get("/partner")

    assert many.count == few.count


def test_only_partners_open_the_dashboard(client, login, make):
    login(make.family().user)

    assert client.get("/partner").status_code == 403


def test_women_led_families_are_hidden_with_their_row(app, client, login, make):
    _families(app, 6, head_sex="male")
    _families(app, 5, head_sex="female")
    _families(app, 2)  # not said
    login(make.partner(province_slugs=("damascus",)))

    page = client.get("/partner").get_data(as_text=True)

    assert _indicator(page, "families") == "13"
    assert _indicator(page, "women-led") == "&lt;5"  # 5, hidden with the 2 who did not say


def test_a_lone_small_month_takes_another_month_with_it(app, client, login, make):
    with app.app_context():
        for families, days_ago in ((5, 1), (3, 40)):
            _occurrence, _organizer, assignments = held_event(families=families, days_ago=days_ago)
            for assignment in assignments:
                add_report(db.session.merge(assignment), 100_000)
        db.session.commit()
    login(make.partner(province_slugs=("damascus",)))

    page = client.get("/partner").get_data(as_text=True)

    assert "800,000" in page  # the province's total (8 families)
    assert "500,000" not in page  # else 800,000 - 500,000 would give the 3 families' month


def test_hidden_groups_together_hold_five_families_so_the_total_gives_nothing_away(app, client, login, make):
    _families(app, 5)  # not said
    _families(app, 2, head_sex="male")
    _families(app, 2, head_sex="female", head_birth_year=1990)
    login(make.partner(province_slugs=("damascus",)))

    page = client.get("/partner").get_data(as_text=True)

    assert _indicator(page, "families") == "9"
    by_sex = page.split('id="by-sex"')[1].split("</table>")[0]
    # 5 / <5 / <5 beside 9 would say the two hidden groups hold 4 families
    assert by_sex.count("&lt;5") == 3 and '<bdi dir="ltr">5</bdi>' not in by_sex


def test_complementary_suppression_hides_the_smallest_shown_groups_until_five_are_hidden():
    from festival.reports.open_data import hidden_with_complement

    assert hidden_with_complement({"a": 5, "b": 2, "c": 2}) == {"a", "b", "c"}
    assert hidden_with_complement({"a": 9, "b": 6, "c": 3}) == {"b", "c"}
    assert hidden_with_complement({"a": 9, "b": 3, "c": 2}) == {"b", "c"}
    assert hidden_with_complement({"a": 9, "b": 6}) == set()
