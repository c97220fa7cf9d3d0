from tests.factories import PASSWORD


def test_a_form_without_its_csrf_token_is_refused_with_a_clear_message(client, make):
    family = make.family()

    response = client.post("/login", data={"phone": family.user.phone, "password": PASSWORD})

    assert response.status_code == 400
    assert "انتهت صلاحية النموذج" in response.get_data(as_text=True)
    assert client.get("/family").status_code == 302


def test_logout_needs_a_csrf_token(client, make, login):
    family = make.family()
    login(family.user)

    assert client.post("/logout").status_code == 400
    assert client.get("/family").status_code == 200
