"""The family profile: what is missing before applying, editing it, the second phone."""
import re

import pytest

from festival.core.domain import DomainError
from festival.extensions import db
from festival.provinces.models import Area
from festival.vendors.models import Family
from festival.vendors.profile import missing_profile_items, update_profile
from tests.conftest import post_form
from tests.factories import craft_id


def family_row(app, family_id) -> Family:
    with app.app_context():
        family = db.session.get(Family, family_id)
        family.crafts, family.area  # noqa: B018  (loaded for use after the context)
        return family


def test_a_new_family_sees_on_its_dashboard_what_its_profile_still_needs(client, make, login, damascus_areas):
    login(make.family().user)

    page = client.get("/family").get_data(as_text=True)

    assert "قبل أن تتقدّم بطلب جناح، أضف إلى ملف أسرتك:" in page
    for missing in ("اسم ربّ أو ربّة الأسرة", "منطقتك", "فئة حِرفة واحدة على الأقل", "وصفاً قصيراً لمنتجاتك"):
        assert missing in page
    assert 'href="/family/profile"' in page


def test_missing_items_are_listed_in_english_too(client, make, login, damascus_areas):
    login(make.family().user)

    page = client.get("/family?lang=en").get_data(as_text=True)

    assert "Before you can apply for a stall, add to your profile:" in page
    assert "the name of the head of the family" in page


def test_an_area_is_not_asked_for_where_the_province_has_none(app, make):
    family = make.family(province_slug="quneitra")

    with app.app_context():
        family = db.session.get(Family, family.id)
        assert [str(item) for item in missing_profile_items(family)] == [
            "اسم ربّ أو ربّة الأسرة", "فئة حِرفة واحدة على الأقل", "وصفاً قصيراً لمنتجاتك",
        ]


def test_a_products_description_of_a_few_letters_is_not_enough(app, make):
    family = make.family(province_slug="quneitra")

    with app.app_context():
        family = db.session.get(Family, family.id)
        family.products = "  مونة  "
        assert "وصفاً قصيراً لمنتجاتك" in [str(item) for item in missing_profile_items(family)]


def test_family_fills_its_profile_and_the_dashboard_says_it_is_complete(
    app, client, make, login, profile_form, damascus_areas
):
    family = make.family(name="أسرة تجريبية")
    login(family.user)

    form = profile_form(crafts=[str(craft_id(app, "food")), str(craft_id(app, "herbs"))],
                        first_market="y", disability="y", other_programme="برنامج مشروعي")
    saved = post_form(client, "/family/profile", form)

    assert saved.status_code == 302 and saved.headers["Location"] == "/family/profile"
    saved_family = family_row(app, family.id)
    assert saved_family.name == "أسرة أم محمد للمونة"
    assert saved_family.head_name == "فاطمة الحلبي"
    assert saved_family.area.name_ar == "الميدان"
    assert [craft.slug for craft in saved_family.crafts] == ["food", "herbs"]
    assert (saved_family.first_market, saved_family.rural_women_project, saved_family.disability) == (True, False, True)
    assert saved_family.other_programme == "برنامج مشروعي"
    assert saved_family.profile_updated_at is not None
    dashboard = client.get("/family").get_data(as_text=True)
    assert "ملف أسرتك مكتمل." in dashboard
    assert "قبل أن تتقدّم بطلب جناح" not in dashboard


def test_the_profile_page_shows_what_was_saved(app, client, make, login, profile_form):
    login(make.family().user)
    post_form(client, "/family/profile", profile_form(second_phone="0933123456", rural_women_project="y"))

    page = client.get("/family/profile").get_data(as_text=True)

    assert 'value="فاطمة الحلبي"' in page
    assert 'value="0933 123 456"' in page
    assert "مكدوس ومربى مشمش" in page
    assert 'id="rural_women_project" name="rural_women_project" type="checkbox" value="y"' in page
    assert "ملف أسرتك مكتمل." in page


def test_unticking_everything_clears_the_flags_and_crafts(app, client, make, login, profile_form):
    family = make.family()
    login(family.user)
    post_form(client, "/family/profile", profile_form(first_market="y"))

    form = profile_form()
    del form["crafts"]
    post_form(client, "/family/profile", form)

    saved_family = family_row(app, family.id)
    assert saved_family.crafts == [] and saved_family.first_market is False


def test_second_phone_typed_with_arabic_indic_digits_is_stored_in_e164(app, client, make, login, profile_form):
    family = make.family()
    login(family.user)

    response = post_form(client, "/family/profile", profile_form(second_phone="٠٩٣٣ ١٢٣ ٤٥٦"))

    assert response.status_code == 302
    assert family_row(app, family.id).second_phone == "+963933123456"


@pytest.mark.parametrize(("typed", "message"), [
    ("0112345678", "أدخل رقم جوّال، لا رقماً أرضياً."),
    ("١٢٣", "هذا ليس رقم هاتف صحيحاً"),
    ("+44 7911 123456", "أدخل رقم جوّال سوري"),
])
def test_a_bad_second_phone_is_refused_and_what_was_typed_stays(app, client, make, login, profile_form, typed, message):
    family = make.family()
    login(family.user)

    response = post_form(client, "/family/profile", profile_form(second_phone=typed))

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in page
    assert 'value="فاطمة الحلبي"' in page and "مكدوس ومربى مشمش" in page
    assert family_row(app, family.id).head_name == ""


def test_the_login_number_is_not_accepted_as_the_second_phone(app, client, make, login, profile_form):
    family = make.family(phone="0944123456")
    login(family.user)

    response = post_form(client, "/family/profile", profile_form(second_phone="0944 123 456"))

    assert "هذا هو الرقم الذي تسجّل الدخول به" in response.get_data(as_text=True)
    assert family_row(app, family.id).second_phone is None


def test_an_area_of_another_province_cannot_be_chosen(app, client, make, login, profile_form, damascus_areas):
    family = make.family(province_slug="damascus")
    login(family.user)

    response = post_form(client, "/family/profile", profile_form(area=str(damascus_areas["العزيزية"])))

    assert response.status_code == 200
    assert family_row(app, family.id).area is None


def test_the_area_list_holds_only_the_areas_of_the_family_province(client, make, login, damascus_areas):
    login(make.family(province_slug="damascus").user)

    page = client.get("/family/profile").get_data(as_text=True)

    assert "المزة" in page and "الميدان" in page and "العزيزية" not in page


def test_update_profile_refuses_an_area_of_another_province_without_http(app, make, damascus_areas):
    family = make.family(province_slug="damascus")

    with app.app_context():
        family = db.session.get(Family, family.id)
        with pytest.raises(DomainError) as refused:
            update_profile(family, name="أسرة", head_name="", second_phone=None,
                           area=db.session.get(Area, damascus_areas["العزيزية"]), crafts=[], products="",
                           first_market=False, rural_women_project=False, disability=False, other_programme="")
        assert refused.value.field == "area"


def test_the_family_name_cannot_be_emptied(app, client, make, login, profile_form):
    family = make.family(name="أسرة تجريبية")
    login(family.user)

    response = post_form(client, "/family/profile", profile_form(name="   "))

    assert "أدخل اسم الأسرة." in response.get_data(as_text=True)
    assert family_row(app, family.id).name == "أسرة تجريبية"


def test_a_family_may_say_who_heads_it_and_may_take_it_back(app, client, make, login, profile_form):
    family = make.family()
    login(family.user)

    post_form(client, "/family/profile", profile_form(head_sex="female"))
    assert family_row(app, family.id).head_sex == "female"
    assert re.search(r'<input checked[^>]*name="head_sex" type="radio" value="female"',
                     client.get("/family/profile").get_data(as_text=True))
    post_form(client, "/family/profile", profile_form(head_sex=""))
    assert family_row(app, family.id).head_sex is None
    assert post_form(client, "/family/profile", profile_form(head_sex="other")).status_code == 200
    assert family_row(app, family.id).head_sex is None
