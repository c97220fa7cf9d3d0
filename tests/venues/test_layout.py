"""Generating sections, changing stalls and deleting sections (operations and pages)."""
from datetime import timedelta

import pytest

from festival.core.domain import DomainError
from festival.core.timezones import today_in_damascus
from festival.extensions import db
from festival.markets.models import Market
from festival.venues.models import Stall, StallSection
from festival.venues.operations import generate_section, update_stall, update_venue
from tests.conftest import post_form
from tests.factories import make_market, make_venue, province, stall_by_code

SECTION_FORM = {"code": "B", "rows": "2", "columns": "3", "width_m": "3", "depth_m": "2.5"}


def _count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_a_section_is_numbered_row_by_row_with_its_four_corners_marked(app_context):
    venue = make_venue(sections=())

    section = generate_section(venue, "a", rows=2, columns=5)

    stalls = sorted(section.stalls, key=lambda stall: (stall.row, stall.column))
    assert section.code == "A"
    assert [stall.code for stall in stalls] == [f"A-{n:02d}" for n in range(1, 11)]
    assert [stall.code for stall in stalls if stall.corner] == ["A-01", "A-05", "A-06", "A-10"]
    assert (stalls[6].row, stalls[6].column) == (2, 2)


def test_a_section_of_more_than_99_stalls_gets_three_digit_codes(app_context):
    venue = make_venue(sections=())

    section = generate_section(venue, "C2", rows=10, columns=10, electricity=True)

    codes = {stall.code for stall in section.stalls}
    assert {"C2-001", "C2-050", "C2-100"} <= codes and len(codes) == 100
    assert all(stall.electricity for stall in section.stalls)


def test_a_single_stall_section_is_its_own_corner(app_context):
    section = generate_section(make_venue(sections=()), "K", rows=1, columns=1)

    assert [(stall.code, stall.corner) for stall in section.stalls] == [("K-01", True)]


@pytest.mark.parametrize(("rows", "columns", "field"), [(0, 5, "rows"), (51, 5, "rows"), (5, 51, "columns")])
def test_sections_stay_within_50_rows_and_50_columns(app_context, rows, columns, field):
    venue = make_venue(sections=())

    with pytest.raises(DomainError) as refused:
        generate_section(venue, "A", rows=rows, columns=columns)

    assert refused.value.field == field
    assert _count(Stall) == 0


@pytest.mark.parametrize("code", ["", "A-1", "ABCDEFGHI", "ب"])
def test_a_section_code_is_1_to_8_latin_letters_or_digits(app_context, code):
    with pytest.raises(DomainError) as refused:
        generate_section(make_venue(sections=()), code, rows=1, columns=1)

    assert refused.value.field == "code"


def test_a_duplicate_section_code_is_refused_in_arabic_and_saves_nothing(app, client, make, login):
    venue = make.venue(sections=(("A", 2, 5),))
    login(make.organizer("damascus"))

    response = post_form(client, f"/manage/venues/{venue.id}/sections", {**SECTION_FORM, "code": "a"},
                         form_page=f"/manage/venues/{venue.id}")

    assert response.status_code == 200
    assert "في هذا الموقع قسم بهذا الرمز." in response.get_data(as_text=True)
    with app.app_context():
        assert _count(StallSection) == 1 and _count(Stall) == 10


@pytest.mark.parametrize(("rows", "columns", "message"), [
    ("0", "5", "عدد الصفوف في القسم من 1 إلى 50."),
    ("2", "51", "عدد الأجنحة في الصف من 1 إلى 50."),
    ("اثنان", "5", "أدخل عدداً صحيحاً."),
])
def test_a_section_out_of_bounds_gets_a_message_never_an_error_page(app, client, make, login, rows, columns, message):
    venue = make.venue(sections=())
    login(make.organizer("damascus"))

    response = post_form(client, f"/manage/venues/{venue.id}/sections",
                         {**SECTION_FORM, "rows": rows, "columns": columns}, form_page=f"/manage/venues/{venue.id}")

    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert _count(StallSection) == 0


def test_an_organizer_generates_a_section_with_arabic_digits(app, client, make, login):
    venue = make.venue(sections=())
    login(make.organizer("damascus"))

    response = post_form(client, f"/manage/venues/{venue.id}/sections",
                         {**SECTION_FORM, "rows": "٢", "columns": "٣", "electricity": "y"},
                         form_page=f"/manage/venues/{venue.id}")

    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "أُضيف القسم B مع 6 أجنحة." in page
    with app.app_context():
        stall = stall_by_code(venue.id, "B-06")
        assert (stall.row, stall.column, stall.depth_m, stall.electricity) == (2, 3, 2.5, True)


def _offered_codes(market_id) -> list[str]:
    return [stall.code for stall in db.session.get(Market, market_id).offered_stalls]


def test_disabling_a_stall_withdraws_it_from_upcoming_markets_only(app, client, make, login):
    venue = make.venue(sections=(("A", 1, 3),))
    today = today_in_damascus()
    upcoming = make.market(venue, today + timedelta(days=7))
    under_way = make.market(venue, today - timedelta(days=1), days=3, title_ar="مهرجان جارٍ")
    held_today = make.market(venue, today, title_ar="سوق اليوم")
    with app.app_context():
        stall_id = stall_by_code(venue.id, "A-02").id
    login(make.organizer("damascus"))

    response = post_form(client, f"/manage/venues/stalls/{stall_id}",
                         {"width_m": "3", "depth_m": "3", "disabled": "y"})

    assert response.status_code == 302
    assert "لم يعد معروضاً في حدث قادم واحد." in client.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert _offered_codes(upcoming.id) == ["A-01", "A-03"]
        assert _offered_codes(under_way.id) == ["A-01", "A-02", "A-03"]
        assert _offered_codes(held_today.id) == ["A-01", "A-02", "A-03"]
        assert db.session.get(Stall, stall_id).disabled


def test_enabling_a_stall_again_does_not_offer_it_again(app_context):
    venue = make_venue(sections=(("A", 1, 2),))
    market = make_market(venue, today_in_damascus() + timedelta(days=7))
    stall = stall_by_code(venue.id, "A-01")
    sizes = {"covered": False, "electricity": False, "accessible": False, "corner": True, "width_m": 3, "depth_m": 3}

    assert update_stall(stall, **sizes, disabled=True) == 1
    assert update_stall(stall, **sizes, disabled=False) == 0

    db.session.expire_all()
    assert _offered_codes(market.id) == ["A-02"]
    assert stall.disabled is False


def test_a_stall_size_must_be_positive(app, client, make, login):
    venue = make.venue(sections=(("A", 1, 1),))
    with app.app_context():
        stall_id = stall_by_code(venue.id, "A-01").id
    login(make.organizer("damascus"))

    response = post_form(client, f"/manage/venues/stalls/{stall_id}", {"width_m": "0", "depth_m": "3"})

    assert response.status_code == 200
    assert "ضلع الجناح أكبر من 0 وحتى 50 متراً." in response.get_data(as_text=True)


def test_a_section_offered_by_a_market_cannot_be_deleted(app, client, make, login):
    venue = make.venue(sections=(("A", 1, 2), ("B", 1, 2)))
    make.market(venue, today_in_damascus() + timedelta(days=7), stall_codes={"A-01"})
    with app.app_context():
        section_a, section_b = (
            db.session.scalar(db.select(StallSection.id).where(StallSection.code == code)) for code in "AB")
    login(make.organizer("damascus"))

    refused = post_form(client, f"/manage/venues/sections/{section_a}/delete", {},
                        form_page=f"/manage/venues/{venue.id}", follow_redirects=True)
    deleted = post_form(client, f"/manage/venues/sections/{section_b}/delete", {},
                        form_page=f"/manage/venues/{venue.id}", follow_redirects=True)

    assert "يستخدم حدثٌ هذا القسم؛ عطّل أجنحته بدلاً من حذفه." in refused.get_data(as_text=True)
    assert "حُذف القسم B." in deleted.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(db.select(StallSection.code)).all() == ["A"]
        assert _count(Stall) == 2


def test_a_venue_used_by_a_market_keeps_its_province(app_context):
    venue = make_venue(sections=(("A", 1, 1),))
    make_market(venue, today_in_damascus() + timedelta(days=7))

    with pytest.raises(DomainError) as refused:
        update_venue(venue, province=province("aleppo"), name_ar=venue.name_ar)

    assert refused.value.field == "province_id"
    update_venue(venue, province=province("damascus"), name_ar="حديقة تشرين الكبرى")
    assert venue.name_ar == "حديقة تشرين الكبرى"


@pytest.mark.parametrize("rows", ["0", "اثنان"])
def test_the_section_form_flags_every_bad_value_in_one_answer(app, client, make, login, rows):
    venue = make.venue(sections=())
    login(make.organizer("damascus"))
    wrong = {**SECTION_FORM, "code": "ب", "rows": rows, "columns": "51", "width_m": "0"}

    response = post_form(client, f"/manage/venues/{venue.id}/sections", wrong, form_page=f"/manage/venues/{venue.id}")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "رمز القسم من 1 إلى 8 أحرف لاتينية أو أرقام" in page
    assert ("عدد الصفوف في القسم من 1 إلى 50." if rows == "0" else "أدخل عدداً صحيحاً.") in page
    assert "عدد الأجنحة في الصف من 1 إلى 50." in page
    assert "ضلع الجناح أكبر من 0 وحتى 50 متراً." in page
    with app.app_context():
        assert _count(StallSection) == 0
