"""Phone codes: a sign-up is made only when its code is typed, a forgotten password is reset by
code, a new number is proven first, and nothing tells a stranger whether a number has an account."""
import re
from datetime import timedelta

import pytest

from festival.auth.models import User
from festival.extensions import db
from festival.notifications.models import Channel, OutboxMessage
from festival.verification.models import PhoneCode
from tests.conftest import post_form
from tests.factories import province
from tests.factories.people import PASSWORD

SMS_ON = {"SMS_BACKEND": "kannel", "KANNEL_SENDSMS_URL": "http://127.0.0.1:9/cgi-bin/sendsms"}
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.fixture
def sms_on(app):
    app.config.update(SMS_ON)


def sms_to(app, phone_e164) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(db.select(OutboxMessage.body).where(
            OutboxMessage.channel == Channel.SMS, OutboxMessage.recipient == phone_e164).order_by(OutboxMessage.id)))


def code_in(app, phone_e164) -> str:
    return re.search(r"\b(\d{6})\b", sms_to(app, phone_e164)[-1]).group(1)


def sign_up(client, app, phone="0955 123 456"):
    with app.app_context():
        province_id = province("damascus").id
    return post_form(client, "/register", {"family_name": "أسرة أم سليم", "phone": phone, "province": province_id,
                                           "password": "zaatar-w-zeit-2026", "confirm": "zaatar-w-zeit-2026"})


def account(app, phone_e164):
    with app.app_context():
        return db.session.scalar(db.select(User).where(User.phone == phone_e164))


def test_a_family_account_is_made_only_once_its_phone_code_is_typed(app, client, sms_on):
    response = sign_up(client, app)

    assert response.status_code == 303 and response.headers["Location"].endswith("/register/code")
    assert account(app, "+963955123456") is None
    code = code_in(app, "+963955123456")
    page = client.get("/register/code").get_data(as_text=True)
    assert "0955 123 456" in page or "955" in page

    wrong = post_form(client, "/register/code", {"code": "000000" if code != "000000" else "111111"})
    assert "هذا الرمز غير صحيح" in wrong.get_data(as_text=True) and account(app, "+963955123456") is None
    right = post_form(client, "/register/code", {"code": code.translate(ARABIC_DIGITS)})  # typed in Arabic digits

    assert right.status_code == 302
    user = account(app, "+963955123456")
    assert user is not None and user.check_password("zaatar-w-zeit-2026")
    assert client.get("/family").status_code == 200  # signed in


def test_signing_up_with_a_registered_number_answers_the_same_and_warns_the_owner(app, client, make, sms_on):
    owner = make.family(phone="0955123456")

    response = sign_up(client, app)

    assert response.status_code == 303 and response.headers["Location"].endswith("/register/code")
    [warning] = sms_to(app, "+963955123456")
    assert not re.search(r"\d{6}", warning) and "حاول أحدهم" in warning
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(User.id)).where(User.phone == "+963955123456")) == 1
        assert db.session.get(User, owner.user.id).display_name == owner.user.display_name


def test_five_wrong_guesses_end_a_code(app, client, sms_on):
    sign_up(client, app)
    code = code_in(app, "+963955123456")
    for guess in range(5):
        post_form(client, "/register/code", {"code": f"{(int(code) + guess + 1) % 10**6:06d}"})

    post_form(client, "/register/code", {"code": code})

    assert account(app, "+963955123456") is None


def test_an_old_code_is_refused(app, client, sms_on):
    sign_up(client, app)
    code = code_in(app, "+963955123456")
    with app.app_context():
        row = db.session.scalar(db.select(PhoneCode))
        row.expires_at = row.created_at - timedelta(seconds=1)
        db.session.commit()

    post_form(client, "/register/code", {"code": code})

    assert account(app, "+963955123456") is None


def test_a_number_gets_three_codes_an_hour_at_most(app, client, sms_on):
    for _attempt in range(3):
        sign_up(app.test_client(), app)
    refused = sign_up(client, app)

    assert refused.status_code == 200
    assert "رموز كثيرة" in refused.get_data(as_text=True)
    assert len(sms_to(app, "+963955123456")) == 3


def test_a_forgotten_password_is_reset_by_code_and_every_session_ends(app, client, make, login, sms_on):
    family = make.family(phone="0955123456")
    elsewhere = login(family.user, as_client=app.test_client())
    before = account(app, "+963955123456").session_version

    asked = post_form(client, "/password/forgot", {"phone": "0955123456"})
    assert asked.headers["Location"].endswith("/password/forgot/code")
    code = code_in(app, "+963955123456")
    saved = post_form(client, "/password/forgot/code", {"code": code, "password": "new-pass-for-um-salim",
                                                       "confirm": "new-pass-for-um-salim"})

    assert saved.status_code == 302
    user = account(app, "+963955123456")
    assert user.check_password("new-pass-for-um-salim") and user.session_version == before + 1
    assert elsewhere.get("/family").status_code == 302  # the other device is logged out


def test_asking_for_a_reset_for_an_unknown_number_answers_the_same_and_sends_nothing(app, client, sms_on):
    asked = post_form(client, "/password/forgot", {"phone": "0955999888"})

    assert asked.status_code == 303 and asked.headers["Location"].endswith("/password/forgot/code")
    assert sms_to(app, "+963955999888") == []


def test_a_new_number_is_proven_before_it_becomes_the_login(app, client, make, login, sms_on):
    family = make.family(phone="0955123456")
    make.family(phone="0955000777")  # someone else's number
    login(family.user)

    taken = post_form(client, "/account/phone", {"phone": "0955000777", "current_password": PASSWORD},
                      form_page="/account/phone")
    assert taken.status_code == 303 and sms_to(app, "+963955000777") == []
    post_form(client, "/account/phone", {"phone": "0955000888", "current_password": PASSWORD},
              form_page="/account/phone")
    assert account(app, "+963955123456") is not None  # not changed before the code
    changed = post_form(client, "/account/phone/code", {"code": code_in(app, "+963955000888")})

    assert changed.status_code == 302
    assert account(app, "+963955000888").id == family.user.id


def test_without_sms_the_code_pages_say_whom_to_ask_instead(app, client, make, login):
    forgot = client.get("/password/forgot").get_data(as_text=True)
    assert "اطلب من منظِّمي محافظتك" in forgot
    assert 'name="phone"' not in forgot
    login(make.family().user)
    assert 'name="phone"' not in client.get("/account/phone").get_data(as_text=True)


def test_a_strangers_second_sign_up_for_the_same_number_cannot_take_the_owners_code(app, sms_on):
    owner, stranger = app.test_client(), app.test_client()
    sign_up(owner, app)
    owners_code = code_in(app, "+963955123456")
    with app.app_context():
        province_id = province("damascus").id
    post_form(stranger, "/register", {"family_name": "أسرة غريبة", "phone": "0955 123 456", "province": province_id,
                                      "password": "strangers-password-1", "confirm": "strangers-password-1"})
    strangers_code = code_in(app, "+963955123456")  # reaches the owner's phone too

    post_form(owner, "/register/code", {"code": strangers_code})  # the newest SMS, typed by the owner
    assert account(app, "+963955123456") is None
    post_form(owner, "/register/code", {"code": owners_code})

    user = account(app, "+963955123456")
    assert user.display_name == "أسرة أم سليم" and user.check_password("zaatar-w-zeit-2026")


def test_the_codes_never_show_on_the_admins_pages(app, client, sms_on):
    sign_up(client, app)
    code = code_in(app, "+963955123456")
    with app.app_context():
        message = db.session.scalar(db.select(OutboxMessage).where(OutboxMessage.recipient == "+963955123456"))
        assert code not in message.subject


def test_a_new_number_needs_the_current_password(app, client, make, login, sms_on):
    family = make.family(phone="0955123456")
    login(family.user)

    refused = post_form(client, "/account/phone", {"phone": "0955000888", "current_password": "not-it"},
                        form_page="/account/phone")

    assert refused.status_code == 200 and "كلمة المرور الحالية غير صحيحة" in refused.get_data(as_text=True)
    assert sms_to(app, "+963955000888") == []
