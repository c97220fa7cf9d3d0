"""Visitors' search across markets: products, crafts and family names, folded on both sides
(the article ال too), only families that let their profile be shown and that have a stall at
a coming or recent market, with links to those event pages; coming markets that match;
paginated, in a fixed number of queries, without personal data."""
from datetime import timedelta

import pytest

from festival.calendar import search as market_search
from festival.calendar.search import search_words, without_article
from festival.consent import operations as consent
from festival.core.timezones import today_in_damascus
from festival.extensions import db
from festival.vendors.models import Family
from tests.factories import NOW, make_organizer, move_to, open_market, placed_family


def _seller(app, name, *, products="", crafts=("food",), province_slug="damascus", days_ago=None, title="سوق الجمعة"):
    """A family placed at a market of its own (coming in ~20 days, or held `days_ago` days ago)."""
    with app.app_context():
        market = open_market(stalls=1, fridays=1, crafts=crafts, province_slug=province_slug)
        market.title_ar = title
        organizer = make_organizer(province_slug)
        assignment = placed_family(market.occurrences[0], market.offered_stalls[0], organizer, name,
                                   province_slug=province_slug, crafts=crafts)
        family = db.session.get(Family, assignment.family_id)
        family.products = products
        if days_ago is not None:
            move_to(market.occurrences[0], today_in_damascus() - timedelta(days=days_ago))
        db.session.commit()
        return {"family_id": family.id, "occurrence_id": assignment.occurrence_id, "stall": assignment.stall.code,
                "phone": family.user.phone}


def _found(client, typed, **args) -> str:
    response = client.get("/search", query_string={"q": typed, **args})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _families_section(page: str) -> str:
    return page.split('id="families-heading"')[1].split('id="markets-heading"')[0]


@pytest.mark.parametrize(("typed", "expected"), [
    ("الصابون", ["صابون"]), ("والمكدوس", ["مكدوس"]), ("للمونة", ["مونه"]), ("الله", ["الله"]),
    ("ال و", []), ("  مُكْدوس  ", ["مكدوس"]), ("Soap", ["soap"]), ("زيت زيت", ["زيت"]),
])
def test_typed_words_are_folded_and_lose_their_article(typed, expected):
    assert search_words(typed) == expected


def test_an_article_alone_or_a_short_stem_is_kept():
    assert without_article("ال") == "ال" and without_article("الف") == "الف"


@pytest.mark.parametrize(("typed", "products"), [
    ("صابون", "الصابون الحلبي بزيت الغار"),
    ("الصابون", "صابون غار بلدي"),
    ("المكدوس", "مكدوس باذنجان بالجوز"),
    ("مكدوس", "المكدوس الشامي"),
    ("مُكدّوس", "مكدوس"),
    ("زيت زيتون", "زيتون أخضر، زيت بلدي"),
])
def test_products_are_found_with_or_without_the_article_and_marks(app, client, typed, products):
    _seller(app, "أسرة أم خالد", products=products)

    assert "أسرة أم خالد" in _families_section(_found(client, typed))


def test_a_word_that_is_nowhere_finds_nothing(app, client):
    _seller(app, "أسرة أم خالد", products="مكدوس")

    page = _found(client, "موزاييك")

    assert "أسرة أم خالد" not in page and "search-entry" not in page


def test_craft_categories_and_family_names_are_searched_in_both_languages(app, client):
    _seller(app, "أسرة أبو سمير", crafts=("soap",))

    assert "أسرة أبو سمير" in _families_section(_found(client, "صابون"))
    assert "أسرة أبو سمير" in _families_section(_found(client, "soap", lang="en"))
    assert "أسرة أبو سمير" in _families_section(_found(client, "اسره ابو سمير"))


def test_a_family_that_does_not_let_its_profile_be_shown_is_never_found(app, client):
    seller = _seller(app, "أسرة لا تظهر", products="صابون غار")
    with app.app_context():
        family = db.session.get(Family, seller["family_id"])
        consent.record_choices(family, set(), by=family.user, now=NOW)
        db.session.commit()

    page = _found(client, "صابون")

    assert "أسرة لا تظهر" not in page
    assert f'/events/{seller["occurrence_id"]}' not in page  # nor its market, found through it


def test_only_families_with_a_stall_at_a_coming_or_recent_market_are_found(app, client):
    _seller(app, "أسرة الشهر الماضي", products="صابون", days_ago=10)
    _seller(app, "أسرة قديمة", products="صابون", days_ago=market_search.RECENT_DAYS + 10)

    families = _families_section(_found(client, "صابون"))

    assert "أسرة الشهر الماضي" in families and "أسرة قديمة" not in families


def test_a_found_family_links_to_its_market_where_it_is_listed_under_its_stall(app, client):
    seller = _seller(app, "أسرة أم خالد", products="صابون غار", title="سوق الصابون")

    page = _found(client, "صابون")
    link = f'/events/{seller["occurrence_id"]}#stall-{seller["stall"]}'

    assert link in page
    event_page = client.get(link.split("#")[0]).get_data(as_text=True)
    assert f'id="stall-{seller["stall"]}"' in event_page and "أسرة أم خالد" in event_page


def test_coming_markets_match_by_their_crafts_or_by_a_family_selling_there(app, client):
    _seller(app, "أسرة أم خالد", crafts=("food",), products="مكدوس", title="سوق المونة")
    _seller(app, "أسرة الحرف", crafts=("soap",), title="سوق الحرف")

    markets_for_soap = _found(client, "صابون").split('id="markets-heading"')[1]
    markets_for_makdous = _found(client, "مكدوس").split('id="markets-heading"')[1]

    assert "سوق الحرف" in markets_for_soap and "سوق المونة" not in markets_for_soap
    assert "سوق المونة" in markets_for_makdous and "سوق الحرف" not in markets_for_makdous


def test_no_phone_number_is_shown(app, client):
    seller = _seller(app, "أسرة أم خالد", products="صابون")

    page = _found(client, "صابون")

    assert seller["phone"][-6:] not in page


def test_the_query_count_does_not_grow_with_the_families_found(app, client, count_queries):
    _seller(app, "أسرة 1", products="صابون")
    with count_queries() as few:
        _found(client, "صابون")
    for number in range(2, 6):
        _seller(app, f"أسرة {number}", products="صابون", crafts=("soap", "food"), province_slug="aleppo")
    with count_queries() as many:
        page = _found(client, "صابون")

    assert page.count("search-entry") == 5
    assert many.count == few.count == 8, many.statements  # 6, and the traditional crafts (festival/crafts)


def test_results_are_paginated(app, client, monkeypatch):
    monkeypatch.setattr(market_search, "PER_PAGE", 2)
    for number in range(5):
        _seller(app, f"أسرة الصابون {number}", products="صابون")

    first, third = _found(client, "صابون"), _found(client, "صابون", page=3)

    assert first.count("search-entry") == 2 and third.count("search-entry") == 1
    assert 'rel="next"' in first
    assert client.get("/search", query_string={"q": "صابون", "page": 4}).status_code == 404


def test_an_empty_search_shows_the_box_and_asks_nothing_of_the_database(app, client, count_queries):
    with count_queries() as queries:
        page = _found(client, "")

    assert 'name="q"' in page and 'id="families-heading"' not in page
    assert queries.count == 0


def test_the_home_page_and_the_calendar_have_the_search_box(client):
    for path in ("/", "/calendar", "/calendar?view=list"):
        page = client.get(path).get_data(as_text=True)
        assert 'action="/search"' in page and 'name="q"' in page
