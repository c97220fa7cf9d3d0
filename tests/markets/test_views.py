"""Organizers schedule markets through the pages."""
from datetime import date

import pytest

from festival.extensions import db
from festival.markets.models import Market
from tests.conftest import post_form
from tests.factories import build_market, build_venue, province

NEXT_YEAR = date.today().year + 1


@pytest.fixture
def homs_venue(app):
    with app.app_context():
        venue = build_venue("homs", name="حديقة الدبلان")
        db.session.commit()
        return venue.id


def market_form(app, venue_id, **overrides):
    with app.app_context():
        from festival.crafts.models import CraftCategory

        food = db.session.scalar(db.select(CraftCategory.id).where(CraftCategory.slug == "food"))
        homs = province("homs").id
    form = {
        "kind": "friday", "title_ar": "سوق جمعة حمص", "title_en": "", "description_ar": "سوق أسبوعي",
        "description_en": "", "province": str(homs), "venue": str(venue_id),
        "first_day": f"{NEXT_YEAR}-01-02", "last_day": "", "occurrence_count": "٤",
        "opens_at": "09:00", "closes_at": "15:00", "cancelled_days": "",
        "applications_open_at": f"{NEXT_YEAR - 1}-12-01T08:00", "applications_close_at": f"{NEXT_YEAR - 1}-12-28T20:00",
        "stall_fee": "٢٥٠٠٠", "contact": "", "crafts": [str(food)],
    }
    form.update(overrides)
    return form


def count_markets(app):
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(Market))


def test_organizer_schedules_a_friday_series_with_arabic_digits_and_publishes_it(app, client, make, login, homs_venue):
    login(make.organizer("homs"))

    created = post_form(client, "/manage/markets/new", market_form(app, homs_venue), follow_redirects=True)

    page = created.get_data(as_text=True)
    assert "سوق جمعة حمص" in page and "مسودة" in page
    with app.app_context():
        market = db.session.scalar(db.select(Market))
        assert market.stall_fee == 25000 and len(market.occurrences) == 4
        market_id = market.id
    published = post_form(client, f"/manage/markets/{market_id}/publish", {},
                          form_page=f"/manage/markets/{market_id}", follow_redirects=True)
    assert "منشور" in published.get_data(as_text=True)


def test_a_series_ending_before_it_starts_is_refused_in_arabic_and_nothing_is_saved(
        app, client, make, login, homs_venue):
    login(make.organizer("homs"))

    response = post_form(client, "/manage/markets/new", market_form(
        app, homs_venue, kind="festival", occurrence_count="", last_day=f"{NEXT_YEAR - 1}-12-30"))

    assert response.status_code == 200
    assert "لا يمكن أن يكون اليوم الأخير قبل اليوم الأول." in response.get_data(as_text=True)
    assert count_markets(app) == 0


@pytest.mark.parametrize("field,value", [("first_day", "not-a-date"), ("stall_fee", "-5"), ("opens_at", "25:99")])
def test_malformed_input_is_a_message_not_a_500(app, client, make, login, homs_venue, field, value):
    login(make.organizer("homs"))

    response = post_form(client, "/manage/markets/new", market_form(app, homs_venue, **{field: value}))

    assert response.status_code == 200
    assert 'class="errors"' in response.get_data(as_text=True)
    assert count_markets(app) == 0


def test_organizer_of_homs_cannot_see_or_change_a_hama_market(app, client, make, login):
    with app.app_context():
        hama_market = build_market(build_venue("hama", name="حديقة أم الحسن"), date(NEXT_YEAR, 2, 6))
        db.session.commit()
        market_id = hama_market.id
    login(make.organizer("homs"))

    assert client.get(f"/manage/markets/{market_id}").status_code == 403
    assert client.get(f"/manage/markets/{market_id}/edit").status_code == 403
    assert "حديقة أم الحسن" not in client.get("/manage/markets").get_data(as_text=True)


def test_organizer_cannot_schedule_in_a_province_they_do_not_run(app, client, make, login, homs_venue):
    with app.app_context():
        hama_venue = build_venue("hama", name="حديقة أم الحسن")
        db.session.commit()
        hama_venue_id, hama_id = hama_venue.id, province("hama").id
    login(make.organizer("homs"))

    response = post_form(client, "/manage/markets/new",
                         market_form(app, hama_venue_id, province=str(hama_id)))

    assert response.status_code == 200  # not a choice offered to this organizer
    assert count_markets(app) == 0


def test_cancelling_a_market_needs_a_reason_and_then_shows_it(app, client, make, login, homs_venue):
    with app.app_context():
        from festival.venues.models import Venue

        market = build_market(db.session.get(Venue, homs_venue), date(NEXT_YEAR, 3, 6))
        db.session.commit()
        market_id = market.id
    login(make.organizer("homs"))

    without_reason = post_form(client, f"/manage/markets/{market_id}/cancel", {"reason": ""},
                               form_page=f"/manage/markets/{market_id}", follow_redirects=True)
    assert "اذكر السبب." in without_reason.get_data(as_text=True)
    cancelled = post_form(client, f"/manage/markets/{market_id}/cancel", {"reason": "أعمال صيانة في الحديقة"},
                          form_page=f"/manage/markets/{market_id}", follow_redirects=True)
    assert "أعمال صيانة في الحديقة" in cancelled.get_data(as_text=True)


def test_organizer_cancels_one_friday_of_a_series(app, client, make, login, homs_venue):
    with app.app_context():
        from festival.venues.models import Venue

        market = build_market(db.session.get(Venue, homs_venue), date(NEXT_YEAR, 3, 6), occurrence_count=3)
        db.session.commit()
        market_id, second = market.id, market.occurrences[1].id
    login(make.organizer("homs"))

    post_form(client, f"/manage/markets/{market_id}/occurrences/{second}/cancel", {"reason": "عيد"},
              form_page=f"/manage/markets/{market_id}")

    with app.app_context():
        statuses = [o.status for o in db.session.get(Market, market_id).occurrences]
    assert statuses == ["scheduled", "cancelled", "scheduled"]


def test_editing_a_market_keeps_its_values_in_the_form(app, client, make, login, homs_venue):
    with app.app_context():
        from festival.venues.models import Venue

        market = build_market(db.session.get(Venue, homs_venue), date(NEXT_YEAR, 3, 6), stall_fee=5000)
        db.session.commit()
        market_id = market.id
    login(make.organizer("homs"))

    page = client.get(f"/manage/markets/{market_id}/edit").get_data(as_text=True)

    assert 'value="سوق الجمعة للأسر المنتجة"' in page
    assert 'value="5000"' in page
    assert "selected" in page


def test_the_market_form_names_every_problem_in_one_answer(app, client, make, login, homs_venue):
    login(make.organizer("homs"))
    wrong = market_form(app, homs_venue, title_ar="", stall_fee="-5", opens_at="15:00", closes_at="09:00",
                        occurrence_count="", applications_close_at=f"{NEXT_YEAR}-02-01T20:00")

    response = post_form(client, "/manage/markets/new", wrong)

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for message in ("أدخل العنوان.",  # a field
                    "أدخل 0 ليرة سورية أو أكثر.",  # a field
                    "يجب أن يكون وقت الإغلاق بعد وقت الافتتاح.",  # a rule
                    "حدّد آخر يوم جمعة أو عدد أيام الجمعة."):  # another rule
        assert message in page
    assert count_markets(app) == 0


def test_the_rules_of_a_market_are_all_checked_when_the_fields_are_right(app, client, make, login, homs_venue):
    login(make.organizer("homs"))
    wrong = market_form(app, homs_venue, opens_at="15:00", closes_at="09:00",
                        applications_close_at=f"{NEXT_YEAR}-02-01T20:00")

    page = post_form(client, "/manage/markets/new", wrong).get_data(as_text=True)

    assert "يجب أن يكون وقت الإغلاق بعد وقت الافتتاح." in page
    assert "يجب أن ينتهي استقبال الطلبات قبل اليوم الأول للسوق." in page
    assert count_markets(app) == 0


def test_a_held_date_is_not_offered_for_cancelling_and_cannot_be_cancelled(app, client, make, login):
    from tests.factories import held_event

    with app.app_context():
        occurrence, organizer, _assignments = held_event(families=1, province_slug="homs")
        market_id, occurrence_id = occurrence.market_id, occurrence.id
    login(make.organizer("homs"))
    url = f"/manage/markets/{market_id}/occurrences/{occurrence_id}/cancel"

    page = client.get(f"/manage/markets/{market_id}").get_data(as_text=True)
    refused = post_form(client, url, {"reason": "خطأ"}, form_page=f"/manage/markets/{market_id}",
                        follow_redirects=True)

    assert f'action="{url}"' not in page and "إلغاء هذا الموعد" not in page
    assert "أُقيم" in page
    assert "أُقيم هذا اليوم" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Market, market_id).occurrences[0].status == "scheduled"


def test_a_wrong_value_gets_one_message_not_the_fields_and_the_rules(app, client, make, login, homs_venue):
    login(make.organizer("homs"))

    page = post_form(client, "/manage/markets/new", market_form(app, homs_venue, stall_fee="-5")).get_data(as_text=True)

    assert "أدخل 0 ليرة سورية أو أكثر." in page
    assert "لا يمكن أن يكون رسم الجناح سالباً." not in page
