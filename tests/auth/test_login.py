import logging
import time

from festival.auth.sessions import SEEN_KEY, STARTED_KEY
from tests.conftest import post_form
from tests.factories import PASSWORD


def attempt_login(client, phone, password, ip="10.0.0.1"):
    return post_form(
        client, "/login", {"phone": phone, "password": password},
        environ_base={"REMOTE_ADDR": ip},
    )


def test_family_logs_in_with_its_phone_in_any_format_and_sees_its_dashboard(client, make):
    make.family(name="أسرة الاختبار", phone="0944123456")

    response = attempt_login(client, "٠٩٤٤ ١٢٣ ٤٥٦", PASSWORD)

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/family")
    assert "أسرة الاختبار" in client.get("/family").get_data(as_text=True)


def test_wrong_password_gives_one_message_that_does_not_reveal_the_account(client, make):
    family = make.family()
    wrong_password = attempt_login(client, family.user.phone, "not-the-password")
    unknown_phone = attempt_login(client, "0999999999", "not-the-password")

    message = "رقم الجوّال أو كلمة المرور غير صحيح."
    assert message in wrong_password.get_data(as_text=True)
    assert message in unknown_phone.get_data(as_text=True)


def test_five_failed_logins_lock_the_ip_even_for_the_right_password(client, make, caplog):
    family = make.family()
    for _ in range(5):
        assert attempt_login(client, family.user.phone, "wrong").status_code == 200

    with caplog.at_level(logging.WARNING, logger="festival.security"):
        locked = attempt_login(client, family.user.phone, PASSWORD)

    assert locked.status_code == 429
    assert "حاولت مرات كثيرة" in locked.get_data(as_text=True)
    assert any("rate limit" in record.message for record in caplog.records)


def test_a_stranger_cannot_lock_a_family_out_from_other_addresses(client, make):
    family = make.family()
    for attempt in range(5):
        attempt_login(client, family.user.phone, "wrong", ip=f"10.0.1.{attempt}")

    from_new_ip = attempt_login(client, family.user.phone, PASSWORD, ip="10.0.2.1")

    assert from_new_ip.status_code == 302


def test_an_attacked_account_takes_one_attempt_a_minute_from_each_address(client, make, caplog):
    family = make.family()
    for attempt in range(5):
        attempt_login(client, family.user.phone, "wrong", ip=f"10.0.1.{attempt}")

    first_guess = attempt_login(client, family.user.phone, "wrong", ip="10.0.3.1")
    with caplog.at_level(logging.WARNING, logger="festival.security"):
        second_guess = attempt_login(client, family.user.phone, PASSWORD, ip="10.0.3.1")
    other_account = attempt_login(client, make.family(phone="0944777888").user.phone, PASSWORD, ip="10.0.3.1")

    assert first_guess.status_code == 200
    assert second_guess.status_code == 429 and "دقيقة" in second_guess.get_data(as_text=True)
    assert any("attacked account" in record.message for record in caplog.records)
    assert other_account.status_code == 302


def test_successful_logins_do_not_use_up_the_limit(app, make):
    family = make.family()
    for _ in range(8):
        client = app.test_client()
        assert attempt_login(client, family.user.phone, PASSWORD).status_code == 302


def test_disabled_account_cannot_log_in(client, make, app):
    from festival.auth.models import User
    from festival.extensions import db

    family = make.family()
    with app.app_context():
        db.session.get(User, family.user.id).enabled = False
        db.session.commit()

    assert attempt_login(client, family.user.phone, PASSWORD).status_code == 200
    assert client.get("/family").status_code == 302


def test_logging_out_ends_the_sessions_on_every_device(app, make, login):
    family = make.family()
    phone_a = login(family.user, as_client=app.test_client())
    phone_b = login(family.user, as_client=app.test_client())

    post_form(phone_a, "/logout", {}, form_page="/family")

    assert phone_b.get("/family").status_code == 302
    assert phone_a.get("/family").status_code == 302


def test_changing_the_password_keeps_this_device_and_logs_out_the_others(app, make, login):
    family = make.family()
    this_phone = login(family.user, as_client=app.test_client())
    other_phone = login(family.user, as_client=app.test_client())

    response = post_form(
        this_phone, "/account/password",
        {"current_password": PASSWORD, "password": "brand-new-pass", "confirm": "brand-new-pass"},
    )

    assert response.status_code == 302
    assert this_phone.get("/family").status_code == 200
    assert other_phone.get("/family").status_code == 302
    assert attempt_login(app.test_client(), family.user.phone, "brand-new-pass").status_code == 302


def test_remember_me_survives_the_end_of_the_browser_session_until_logout(app, make, login):
    family = make.family()
    client = login(family.user, remember=True, as_client=app.test_client())
    remember_cookie = client.get_cookie("remember_token")
    assert remember_cookie is not None and remember_cookie.http_only

    client.delete_cookie("session")

    assert client.get("/family").status_code == 200


def test_an_idle_session_expires(app, make, login):
    family = make.family()
    client = login(family.user)
    with client.session_transaction() as session:
        session[SEEN_KEY] = int(time.time()) - 3 * 3600

    assert client.get("/family").status_code == 302


def test_a_session_has_an_absolute_lifetime(app, make, login):
    family = make.family()
    client = login(family.user)
    with client.session_transaction() as session:
        session[STARTED_KEY] = int(time.time()) - 13 * 3600

    assert client.get("/family").status_code == 302


def test_login_starts_a_fresh_session(app, client, make):
    family = make.family()
    client.get("/login")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"

    attempt_login(client, family.user.phone, PASSWORD)

    with client.session_transaction() as session:
        assert "planted" not in session


def test_session_cookie_is_http_only_and_same_site(client, make):
    family = make.family()
    response = attempt_login(client, family.user.phone, PASSWORD)

    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_login_never_redirects_to_another_site(client, make):
    family = make.family()
    page = client.get("/login?next=https://evil.example/")
    token = page.get_data(as_text=True).split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post(
        "/login?next=https://evil.example/",
        data={"phone": family.user.phone, "password": PASSWORD, "csrf_token": token},
    )

    assert response.headers["Location"] == "/family"


def test_login_sends_back_to_the_page_that_asked_for_it(client, make):
    organizer = make.organizer("aleppo")
    first = client.get("/manage/provinces/aleppo")
    assert first.status_code == 302

    response = post_form(
        client, "/login?next=/manage/provinces/aleppo",
        {"phone": organizer.phone, "password": PASSWORD},
    )

    assert response.headers["Location"] == "/manage/provinces/aleppo"
