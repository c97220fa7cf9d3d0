"""Input no database can hold is refused before any view, with a clear answer."""
import pytest

from tests.conftest import api_headers, post_form


@pytest.mark.parametrize("url", ["/calendar?province=%00", "/provinces/%00", "/calendar?view=list&q=a%00b"])
def test_a_nul_character_anywhere_is_a_400_that_says_why(client, url):
    response = client.get(url)

    assert response.status_code == 400 and "(NUL)" in response.get_data(as_text=True)
    assert "محرف خفي" in response.get_data(as_text=True)


def test_a_nul_character_in_a_form_is_refused_in_english_too(client):
    response = post_form(client, "/register?lang=en", {"family_name": "a\x00b"}, form_page="/register?lang=en")

    assert response.status_code == 400 and "invisible character (NUL)" in response.get_data(as_text=True)


@pytest.mark.parametrize("url", ["/events/2147483648", "/events/9223372036854775808.ics", "/events/" + "9" * 40])
def test_an_id_past_what_the_database_holds_is_not_found(client, url):
    assert client.get(url).status_code == 404


def test_a_page_number_past_any_page_is_not_a_server_error(app, make, login):
    client = login(make.admin())

    assert client.get("/admin/users?page=9223372036854775808").status_code == 200
    assert client.get("/admin/users?page=99999999999999999999999").status_code == 200


def test_deeply_nested_json_to_the_checkin_api_is_a_400(app, login, make):

    client = login(make.gate())
    headers = api_headers(client, "/account/password")

    response = client.post("/api/v1/checkins", data="[" * 50_000 + "]" * 50_000,
                           content_type="application/json", headers=headers)

    assert response.status_code == 400 and response.get_json()["error"]["code"] == 400


def test_a_page_number_typed_with_arabic_indic_digits_is_read_like_any_other(app):
    from festival.core.input_guard import int_arg

    with app.test_request_context("/?page=٢&big=99999999999&bad=x"):
        assert int_arg("page", 1) == 2
        assert int_arg("big", 1) == 1
        assert int_arg("bad", 1) == 1
