from festival.auth.models import User
from festival.extensions import db
from festival.provinces.models import Area
from tests.conftest import post_form
from tests.factories import PASSWORD, province


def test_admin_creates_an_organizer_who_sets_a_password_through_the_one_time_link(app, client, make, login):
    login(make.admin())
    with app.app_context():
        aleppo, homs = province("aleppo").id, province("homs").id

    created = post_form(client, "/admin/users/new", {
        "display_name": "منظِّم حلب", "phone": "0933111222", "email": "",
        "role": "organizer", "provinces": [str(aleppo), str(homs)],
    })

    page = created.get_data(as_text=True)
    assert created.status_code == 200
    link = page.split("<code>")[1].split("</code>")[0]
    path = link.removeprefix("http://localhost")
    newcomer = app.test_client()
    set_password = post_form(newcomer, path, {"password": "organizer-pass", "confirm": "organizer-pass"})
    assert set_password.headers["Location"] == "/manage"
    assert newcomer.get("/manage/provinces/homs").status_code == 200
    assert newcomer.get("/manage/provinces/damascus").status_code == 403
    assert app.test_client().get(path).status_code == 404  # used once, gone


def test_an_organizer_without_a_province_is_refused(app, client, make, login):
    login(make.admin())

    response = post_form(client, "/admin/users/new", {
        "display_name": "منظِّم", "phone": "0933111222", "role": "organizer",
    })

    assert "يحتاج المنظِّم إلى محافظة واحدة على الأقل." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(User).where(User.phone == "+963933111222")) is None


def test_disabling_an_account_ends_its_sessions(app, client, make, login):
    organizer = make.organizer("aleppo")
    organizer_phone = login(organizer, as_client=app.test_client())
    login(make.admin())

    post_form(client, f"/admin/users/{organizer.id}", {"display_name": organizer.display_name, "enabled": ""})

    assert organizer_phone.get("/manage").status_code == 302
    assert post_form(app.test_client(), "/login", {"phone": organizer.phone, "password": PASSWORD}).status_code == 200


def test_reset_link_for_a_family_that_forgot_its_password(app, client, make, login):
    family = make.family()
    login(make.admin())

    user_page = f"/admin/users/{family.user.id}"
    page = post_form(client, f"{user_page}/reset-link", {}, form_page=user_page)
    path = page.get_data(as_text=True).split("<code>")[1].split("</code>")[0].removeprefix("http://localhost")
    response = post_form(app.test_client(), path, {"password": "new-family-pass", "confirm": "new-family-pass"})

    assert response.headers["Location"] == "/family"


def test_a_tampered_reset_link_is_a_404(client):
    assert client.get("/reset/not-a-real-token").status_code == 404


def test_admin_adds_an_area_once(app, client, make, login):
    login(make.admin())

    first = post_form(client, "/admin/provinces/aleppo", {"name_ar": "الأشرفية", "name_en": "Ashrafieh"})
    again = post_form(client, "/admin/provinces/aleppo", {"name_ar": "الأشرفية", "name_en": ""})

    assert first.status_code == 302
    assert "هذه المنطقة موجودة في هذه المحافظة." in again.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Area)) == 1


def test_admin_cannot_disable_themself(app, client, make, login):
    admin = make.admin()
    login(admin)

    response = post_form(client, f"/admin/users/{admin.id}", {"display_name": "admin", "enabled": ""})

    assert "لا يمكنك تعطيل حسابك." in response.get_data(as_text=True)
    assert client.get("/admin/users").status_code == 200


def test_a_reset_link_sets_no_password_on_an_account_disabled_after_it_was_sent(app, make):
    from festival.auth.operations import make_reset_token, set_enabled

    family = make.family()
    with app.app_context():
        user = db.session.get(User, family.user.id)
        path = f"/reset/{make_reset_token(user)}"
        set_enabled(user, False)
        db.session.commit()
        hash_before = user.password_hash
    client = app.test_client()

    page = client.get(path)
    sent = post_form(client, path, {"password": "new-family-pass", "confirm": "new-family-pass"}, form_page="/login")

    assert page.status_code == 404 and sent.status_code == 404
    with app.app_context():
        assert db.session.get(User, family.user.id).password_hash == hash_before


def test_a_gate_account_is_created_for_its_provinces(app, client, login, make):
    login(make.admin())
    with app.app_context():
        aleppo = province("aleppo").id

    missing = post_form(client, "/admin/users/new", {"display_name": "بوابة حلب", "phone": "0933111222",
                                                     "role": "gate", "provinces": []})
    created = post_form(client, "/admin/users/new", {"display_name": "بوابة حلب", "phone": "0933111222",
                                                     "role": "gate", "provinces": [str(aleppo)]})

    assert "تحتاج حسابات فريق البوابة إلى محافظة واحدة على الأقل" in missing.get_data(as_text=True)
    assert created.status_code == 200
    with app.app_context():
        gate = db.session.scalar(db.select(User).where(User.role == "gate"))
        assert [p.slug for p in gate.provinces] == ["aleppo"]
