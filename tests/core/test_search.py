"""Searching families and accounts as Syrians type: with or without vowels, hamzas, tatweel,
ة/ه and ى/ي, by part of a phone number in any digits; filtered in the database."""
import re

import pytest

from festival.applications import operations
from festival.auth.models import User
from festival.core.search import folded, typed_digits
from festival.core.text import search_key
from festival.extensions import db
from festival.vendors.models import Family
from tests.factories import NOW, make_family, open_market, ready_family, request_for

NAMES = ["أُسرةُ الحلبيّـة للمونة", "أسرة إبراهيم", "بيت آل مصطفى", "مشغل ٱلنور", "Famille Étienne ABU", "أسرة  منى"]


@pytest.mark.parametrize(("typed", "name"), [
    ("اسره الحلبيه", "أُسرةُ الحلبيّـة للمونة"),
    ("الحلبية", "أُسرةُ الحلبيّـة للمونة"),
    ("ابراهيم", "أسرة إبراهيم"),
    ("مصطفي", "بيت آل مصطفى"),
    ("ال مصطفى", "بيت آل مصطفى"),
    ("النور", "مشغل ٱلنور"),
    ("abu", "Famille Étienne ABU"),
])
def test_a_name_is_found_however_it_is_typed(typed, name):
    assert search_key(typed) in search_key(name)


def test_the_database_folds_names_exactly_as_python_does(app_context):
    for number, name in enumerate(NAMES):
        make_family(name=name, phone=f"+96394455{number:04d}")

    folded_names = dict(db.session.execute(db.select(Family.name, folded(Family.name))).all())

    assert {name: " ".join(value.split()) for name, value in folded_names.items()} == {
        name: search_key(name) for name in NAMES}


@pytest.mark.parametrize(("typed", "digits"), [
    ("0944 123 456", "944123456"), ("+963 944 12", "94412"), ("٠٩٤٤١٢", "94412"), ("00963944", "944")])
def test_a_phone_number_is_matched_as_stored_whatever_its_prefix_and_digits(typed, digits):
    assert typed_digits(typed) == digits


@pytest.fixture
def queue(app):
    """A market with 30 applications, three of them from families with names that are hard to type."""
    with app.app_context():
        market = open_market(stalls=2, fridays=1)
        names = ["أُسرةُ الحلبيّـة", "أسرة إبراهيم", "بيت آل مصطفى"] + [f"أسرة رقم {n}" for n in range(27)]
        phones = {}
        for name in names:
            family = ready_family(name)
            phones[name] = db.session.get(User, family.user_id).phone
            operations.apply(family, market.occurrences, request_for("food"), now=NOW)
        db.session.commit()
        return f"/manage/markets/{market.id}/applications", phones


def shown_families(page: str) -> list[str]:
    return re.findall(r'<td class="cell-family"><a href="/manage/applications/\d+">([^<]+)</a>', page)


def test_the_review_queue_finds_a_family_by_name_or_phone_with_one_query_whatever_the_rows(
        client, login, make, queue, count_queries):
    url, phones = queue
    login(make.organizer("damascus"))

    with count_queries() as by_name:
        found = client.get(url, query_string={"q": "اسره الحلبيه"}).get_data(as_text=True)
    local = "0" + phones["بيت آل مصطفى"].removeprefix("+963")
    by_phone = client.get(url, query_string={"q": local.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))})
    nothing = client.get(url, query_string={"q": "زعتر"}).get_data(as_text=True)
    everything = client.get(url).get_data(as_text=True)

    assert shown_families(found) == ["أُسرةُ الحلبيّـة"]
    assert shown_families(by_phone.get_data(as_text=True)) == ["بيت آل مصطفى"]
    assert shown_families(nothing) == [] and "لا توجد طلبات مطابقة." in nothing
    assert len(shown_families(everything)) == 30
    with count_queries() as unfiltered:
        client.get(url)
    assert by_name.count <= unfiltered.count


def test_the_review_queue_sorts_by_any_column_and_chooses_a_whole_page(client, login, make, queue):
    url, _phones = queue
    login(make.organizer("damascus"))

    ascending = shown_families(client.get(url, query_string={"sort": "family"}).get_data(as_text=True))
    descending = shown_families(client.get(url, query_string={"sort": "family", "order": "desc"}).get_data(
        as_text=True))
    chosen = client.get(url, query_string={"all": "1", "q": "أسرة"}).get_data(as_text=True)

    assert ascending == sorted(ascending) and descending == ascending[::-1]
    assert 'aria-sort="descending"' in client.get(url + "?sort=family&order=desc").get_data(as_text=True)
    assert chosen.count('name="selected"') == chosen.count('name="selected" value') > 0
    assert chosen.count(" checked aria-label") == chosen.count('name="selected"')


def test_accounts_and_the_national_register_search_the_same_way(app, client, login, make):
    with app.app_context():
        for number, name in enumerate(NAMES):
            make_family(name=name, phone=f"+96394455{number:04d}")
    login(make.admin())

    accounts = client.get("/admin/users", query_string={"q": "ابراهيم"}).get_data(as_text=True)
    by_phone = client.get("/admin/users", query_string={"q": "0944 550 003"}).get_data(as_text=True)
    register = client.get("/admin/sales/register", query_string={"q": "مصطفي"}).get_data(as_text=True)

    assert "أسرة إبراهيم" in accounts and "بيت آل مصطفى" not in accounts
    assert "مشغل ٱلنور" in by_phone and "أسرة إبراهيم" not in by_phone
    assert "بيت آل مصطفى" in register and "أسرة إبراهيم" not in register
