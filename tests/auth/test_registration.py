import pytest

from festival.auth.models import User
from festival.extensions import db
from festival.vendors.models import Family
from tests.conftest import post_form
from tests.factories import province


def registration(app, **overrides):
    with app.app_context():
        damascus_id = province("damascus").id
    form = {
        "family_name": "أسرة أم محمد للمونة",
        "phone": "0944123456",
        "province": str(damascus_id),
        "email": "",
        "password": "secret-pass-1",
        "confirm": "secret-pass-1",
    }
    form.update(overrides)
    return form


def count_accounts(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(User))


@pytest.mark.parametrize("typed", ["0944123456", "+963 944 123 456", "٠٩٤٤١٢٣٤٥٦", "00963944123456"])
def test_family_registers_with_any_phone_format_and_lands_on_its_dashboard(app, client, typed):
    response = post_form(client, "/register", registration(app, phone=typed), follow_redirects=True)

    page = response.get_data(as_text=True)
    assert response.request.path == "/family"
    assert "أسرة أم محمد للمونة" in page
    assert "0944 123 456" in page
    with app.app_context():
        family = db.session.scalar(db.select(Family))
        assert family.user.phone == "+963944123456"
        assert family.user.role == "vendor"
        assert family.province.slug == "damascus"
        assert family.user.check_password("secret-pass-1")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0112345678", "أدخل رقم جوّال، لا رقماً أرضياً."),
        ("12345", "هذا ليس رقم هاتف صحيحاً"),
        ("+44 7911 123456", "أدخل رقم جوّال سوري"),
        ("", "أدخل رقم جوّالك."),
    ],
)
def test_bad_phone_is_refused_in_arabic_and_the_rest_of_the_form_is_kept(app, client, typed, message):
    response = post_form(client, "/register", registration(app, phone=typed))

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in page
    assert 'value="أسرة أم محمد للمونة"' in page
    assert count_accounts(app) == 0


def test_a_phone_can_hold_only_one_account(app, client, make):
    make.family(phone="0944123456")
    response = post_form(client, "/register", registration(app, phone="+963944123456"))

    assert "يوجد حساب بهذا الرقم" in response.get_data(as_text=True)
    assert count_accounts(app) == 1


def test_mismatched_passwords_save_nothing(app, client):
    response = post_form(client, "/register", registration(app, confirm="something-else"))

    assert "كلمتا المرور غير متطابقتين." in response.get_data(as_text=True)
    assert count_accounts(app) == 0


def test_an_unknown_province_is_refused_not_a_500(app, client):
    response = post_form(client, "/register", registration(app, province="99999"))

    assert response.status_code == 200
    assert count_accounts(app) == 0


def test_sign_ups_are_limited_per_ip(app, client):
    for number in range(5):
        fresh = app.test_client()
        response = post_form(fresh, "/register", registration(app, phone=f"094400{number:04d}"))
        assert response.status_code == 302

    blocked = post_form(app.test_client(), "/register", registration(app, phone="0944009999"))

    assert blocked.status_code == 429
    assert "حاولت مرات كثيرة" in blocked.get_data(as_text=True)
    assert count_accounts(app) == 5
