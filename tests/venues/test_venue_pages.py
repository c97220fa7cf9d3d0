"""Venue pages: province scope, the venue form, the list and the number of queries."""
import pytest

from festival.extensions import db
from festival.provinces.models import Area
from festival.venues.models import Venue
from tests.conftest import post_form
from tests.factories import province, stall_by_code

VENUE_FORM = {"name_ar": "حديقة السبيل", "name_en": "Al-Sabil Park", "address": "حي السبيل", "area_id": "0",
              "latitude": "", "longitude": "", "notes_for_vendors": ""}


def _province_id(app, slug) -> int:
    with app.app_context():
        return province(slug).id


def test_an_organizer_adds_a_venue_with_arabic_digits_in_its_coordinates(app, client, make, login):
    login(make.organizer("aleppo"))

    response = post_form(client, "/manage/venues/new", {
        **VENUE_FORM, "province_id": str(_province_id(app, "aleppo")),
        "latitude": "٣٦٫٢١٥٤", "longitude": "37.1593",
    })

    assert response.status_code == 302
    with app.app_context():
        venue = db.session.scalar(db.select(Venue))
        assert (venue.name_ar, venue.latitude, venue.longitude) == ("حديقة السبيل", 36.2154, 37.1593)
        assert response.headers["Location"] == f"/manage/venues/{venue.id}"


@pytest.mark.parametrize(("latitude", "message"), [
    ("95", "خط العرض بين -90 و90."),
    ("شمال", "أدخل رقماً، مثلاً 33.51"),
    ("nan", "أدخل رقماً، مثلاً 33.51"),
])
def test_a_wrong_latitude_gets_a_message(app, client, make, login, latitude, message):
    login(make.organizer("aleppo"))

    response = post_form(client, "/manage/venues/new", {
        **VENUE_FORM, "province_id": str(_province_id(app, "aleppo")), "latitude": latitude,
    })

    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(Venue.id)) is None


def test_an_area_of_another_province_is_refused(app, client, make, login):
    login(make.admin())
    with app.app_context():
        homs_area = Area(province_id=province("homs").id, name_ar="الوعر")
        db.session.add(homs_area)
        db.session.commit()
        area_id = homs_area.id

    response = post_form(client, "/manage/venues/new", {
        **VENUE_FORM, "province_id": str(_province_id(app, "aleppo")), "area_id": str(area_id),
    })

    assert "هذه المنطقة ليست في المحافظة المختارة." in response.get_data(as_text=True)


def test_an_organizer_cannot_add_a_venue_in_a_province_they_do_not_manage(app, client, make, login):
    login(make.organizer("aleppo"))

    response = post_form(client, "/manage/venues/new", {
        **VENUE_FORM, "province_id": str(_province_id(app, "damascus")),
    })

    assert response.status_code == 200
    with app.app_context():
        assert db.session.scalar(db.select(Venue.id)) is None


def test_an_organizer_of_aleppo_neither_sees_nor_opens_a_damascus_venue(app, client, make, login):
    damascus = make.venue(province_slug="damascus", name_ar="حديقة تشرين")
    make.venue(province_slug="aleppo", name_ar="حديقة السبيل")
    with app.app_context():
        stall_id = stall_by_code(damascus.id, "A-01").id
    login(make.organizer("aleppo"))

    listing = client.get("/manage/venues").get_data(as_text=True)

    assert "حديقة السبيل" in listing and "حديقة تشرين" not in listing
    for path in (f"/manage/venues/{damascus.id}", f"/manage/venues/{damascus.id}/edit",
                 f"/manage/venues/stalls/{stall_id}", "/manage/venues?province=damascus"):
        assert client.get(path).status_code == 403, path


def test_an_organizer_cannot_delete_another_provinces_section(app, client, make, login):
    damascus = make.venue(province_slug="damascus", name_ar="حديقة تشرين")
    make.venue(province_slug="aleppo", name_ar="حديقة السبيل")
    with app.app_context():
        section_id = db.session.scalar(db.text("SELECT id FROM stall_sections WHERE venue_id = :v"),
                                       {"v": damascus.id})
    login(make.organizer("aleppo"))

    refused = post_form(client, f"/manage/venues/sections/{section_id}/delete", {}, form_page="/manage/venues")

    assert refused.status_code == 403
    with app.app_context():
        assert db.session.scalar(db.text("SELECT count(*) FROM stall_sections")) == 2


def test_an_admin_manages_every_venue(app, client, make, login):
    damascus = make.venue(province_slug="damascus", name_ar="حديقة تشرين")
    make.venue(province_slug="aleppo", name_ar="حديقة السبيل")
    login(make.admin())

    listing = client.get("/manage/venues").get_data(as_text=True)
    filtered = client.get("/manage/venues?province=aleppo").get_data(as_text=True)

    assert "حديقة تشرين" in listing and "حديقة السبيل" in listing
    assert "حديقة السبيل" in filtered and "حديقة تشرين" not in filtered
    assert client.get(f"/manage/venues/{damascus.id}").status_code == 200
    assert client.get(f"/manage/venues/{damascus.id}/edit").status_code == 200


def test_unknown_venues_stalls_and_provinces_are_404(client, make, login):
    login(make.admin())

    for path in ("/manage/venues/999", "/manage/venues/999/edit", "/manage/venues/stalls/999",
                 "/manage/venues?province=atlantis"):
        assert client.get(path).status_code == 404, path


def test_editing_a_venue_keeps_its_layout(app, client, make, login):
    venue = make.venue(province_slug="damascus", name_ar="حديقة تشرين")
    login(make.organizer("damascus"))

    response = post_form(client, f"/manage/venues/{venue.id}/edit", {
        **VENUE_FORM, "province_id": str(venue.province_id), "name_ar": "حديقة تشرين الكبرى",
        "notes_for_vendors": "التحميل من البوابة الشرقية قبل التاسعة صباحاً.",
    })

    assert response.status_code == 302
    page = client.get(f"/manage/venues/{venue.id}").get_data(as_text=True)
    assert "حديقة تشرين الكبرى" in page and "البوابة الشرقية" in page and "A-10" in page


def test_the_venue_page_sends_the_same_number_of_queries_for_one_or_four_sections(app, make, login, count_queries):
    small = make.venue(name_ar="صغير", sections=(("A", 1, 2),))
    large = make.venue(name_ar="كبير", sections=(("A", 3, 4), ("B", 2, 2), ("C", 5, 1), ("D", 1, 9)))
    client = login(make.organizer("damascus"), as_client=app.test_client())

    with count_queries() as small_page:
        assert client.get(f"/manage/venues/{small.id}").status_code == 200
    with count_queries() as large_page:
        assert client.get(f"/manage/venues/{large.id}").status_code == 200

    assert small_page.count == large_page.count


def test_the_venue_list_sends_the_same_number_of_queries_for_one_or_five_venues(app, make, login, count_queries):
    make.venue(name_ar="الموقع الأول")
    client = login(make.organizer("damascus"), as_client=app.test_client())
    with count_queries() as one_venue:
        assert client.get("/manage/venues").status_code == 200
    for number in range(4):
        make.venue(name_ar=f"موقع {number}", sections=(("A", 1, 2), ("B", 1, 1)))

    with count_queries() as five_venues:
        page = client.get("/manage/venues").get_data(as_text=True)

    assert one_venue.count == five_venues.count
    assert "قسمان · 3 أجنحة" in page
