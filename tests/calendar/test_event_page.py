"""The event page: everything a visitor or a family needs, and nothing private."""
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from festival.auth.models import User
from festival.extensions import db
from festival.markets.models import Market
from tests.factories import NEXT_YEAR, first_friday_of


def event_page(client, occurrence_id, lang=None):
    response = client.get(f"/events/{occurrence_id}" + (f"?lang={lang}" if lang else ""))
    assert response.status_code == 200
    # Babel puts narrow and thin spaces around AM/PM and in date ranges.
    return response.get_data(as_text=True).replace("\u202f", " ").replace("\u2009", " ")


def test_a_friday_page_shows_the_facts_of_the_day(client, events):
    market = events.market(title_ar="سوق جمعة الميدان", stall_fee=25000, contact="المكتب الإقليمي بدمشق",
                           craft_slugs=("food", "soap"))
    first = events.occurrences(market)[0]

    page = event_page(client, first)

    assert "سوق جمعة الميدان" in page and "سوق الجمعة" in page
    assert "الجمعة، 5 آذار 2027" in page or "5 آذار" in page
    assert "9:00 ص – 3:00 م" in page and "بتوقيت دمشق" in page
    assert "حديقة تشرين" in page and "دمشق، حديقة تشرين" in page
    assert "https://www.openstreetmap.org/?mlat=33.5138&amp;mlon=36.2765" in page
    assert "مونة ومواد غذائية" in page and "صابون ومستحضرات تجميل" in page
    assert "25,000" in page and "المكتب الإقليمي بدمشق" in page
    assert f'href="/events/{first}.ics"' in page


def test_a_festival_page_shows_its_first_and_last_day_and_daily_hours(client, events):
    festival = events.festival(date(NEXT_YEAR, 4, 10), days=4, title_ar="مهرجان الربيع")

    page = event_page(client, events.occurrences(festival)[0], lang="en")

    assert "Sales festival" in page
    assert f"Apr 10 – 13, {NEXT_YEAR}" in page
    assert "4:00 PM – 10:00 PM" in page and "Damascus time" in page


def test_the_google_calendar_link_carries_utc_times_and_the_place(client, events):
    market = events.market(occurrence_count=1)

    page = event_page(client, events.occurrences(market)[0], lang="en")

    link = page.split('href="https://calendar.google.com/calendar/render?')[1].split('"')[0].replace("&amp;", "&")
    query = parse_qs(link)
    friday = first_friday_of(NEXT_YEAR, 3)
    assert query["action"] == ["TEMPLATE"]
    assert query["text"] == ["Friday market of productive families"]
    assert query["dates"] == [f"{friday:%Y%m%d}T060000Z/{friday:%Y%m%d}T120000Z"]  # 09:00-15:00 at +03:00
    assert "Tishreen Park" in query["location"][0]
    assert "http://localhost/events/" in query["details"][0]


def test_a_festival_repeats_daily_in_google_calendar(client, events):
    festival = events.festival(date(NEXT_YEAR, 4, 10), days=3)

    page = event_page(client, events.occurrences(festival)[0])

    assert "recur=RRULE%3AFREQ%3DDAILY%3BCOUNT%3D3" in page


def test_a_cancelled_day_says_so_with_its_reason(client, events):
    market = events.market()
    second = events.occurrences(market)[1]
    events.cancel_day(second, reason="عطلة رسمية")

    page = event_page(client, second)

    assert "هذا الموعد ملغى" in page and "عطلة رسمية" in page
    assert "طلبات المشاركة" not in page


def test_the_other_dates_of_the_series_are_linked(client, events):
    market = events.market(occurrence_count=4)
    first, *others = events.occurrences(market)

    page = event_page(client, first)

    for other in others:
        assert f'href="/events/{other}"' in page
    assert f'href="/events/{first}"' not in page


def test_visitors_are_invited_to_register_their_family(client, events):
    market = events.market()

    page = event_page(client, events.occurrences(market)[0])

    assert f'href="/register?next=/family/markets/{market}/apply"' in page and "لم تُفتح طلبات المشاركة بعد" in page


def test_a_visitor_is_invited_to_apply_while_applications_are_open_and_comes_back_to_the_form(client, events):
    market = events.market(applications_open_at=datetime.now(UTC) - timedelta(days=1))

    page = event_page(client, events.occurrences(market)[0])

    assert "باب طلبات المشاركة مفتوح." in page
    assert f'href="/register?next=/family/markets/{market}/apply"' in page
    assert f'href="/login?next=/family/markets/{market}/apply"' in page


def test_the_page_of_a_closed_window_does_not_invite_to_apply(client, events):
    now = datetime.now(UTC)
    market = events.market(applications_open_at=now - timedelta(days=10),
                           applications_close_at=now - timedelta(hours=1))

    page = event_page(client, events.occurrences(market)[0], lang="en")

    assert "Applications are closed." in page
    assert "/register?next=" not in page and "/login?next=" not in page and '/apply"' not in page
    assert "Register and apply" not in page and "Log in and apply" not in page


def test_a_logged_in_family_is_sent_to_apply_while_applications_are_open(client, events, make, login):
    now = datetime.now(UTC)
    market = events.market(applications_open_at=now - timedelta(days=1))
    login(make.family().user)

    page = event_page(client, events.occurrences(market)[0], lang="en")

    assert "Applications are open." in page
    assert f'href="/family/markets/{market}/apply"' in page and 'href="/register"' not in page


def test_the_stall_map_of_the_offered_stalls_is_drawn(client, events):
    market = events.market()

    page = event_page(client, events.occurrences(market)[0])

    assert "<svg" in page and 'data-stall-code="A-01"' in page and 'data-stall-code="A-06"' in page
    assert 'direction="rtl"' in page


def test_the_page_never_shows_the_organizer(app, client, events, make):
    organizer = make.organizer("damascus", name="منظم سري", phone="0944777888")
    market = events.market()
    with app.app_context():
        db.session.get(Market, market).created_by = db.session.get(User, organizer.id)
        db.session.commit()

    page = event_page(client, events.occurrences(market)[0])

    assert "منظم سري" not in page and "777" not in page


@pytest.mark.parametrize("path", ["/events/{id}", "/events/{id}.ics", "/api/v1/events/{id}"])
def test_a_draft_is_not_found(client, events, path):
    draft = events.market(status="draft")

    response = client.get(path.format(id=events.occurrences(draft)[0]))

    assert response.status_code == 404


def test_an_unknown_event_is_not_found(client):
    assert client.get("/events/999999").status_code == 404


def test_the_hours_are_damascus_wall_clock_hours(client, events):
    market = events.market(opens_at=time(8, 30), closes_at=time(13, 0), occurrence_count=1)

    page = event_page(client, events.occurrences(market)[0], lang="en")

    assert "8:30 AM – 1:00 PM" in page


def test_the_calendar_link_on_the_page_goes_to_the_events_month(client, events):
    market = events.market(first_day=first_friday_of(NEXT_YEAR, 5) + timedelta(weeks=1))

    page = event_page(client, events.occurrences(market)[0])

    assert urlsplit(page.split('class="breadcrumbs"><a href="')[1].split('"')[0]).query == f"month={NEXT_YEAR}-05"
