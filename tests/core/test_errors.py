import pytest


def test_unknown_page_is_a_404_in_arabic(client):
    response = client.get("/no-such-page")

    assert response.status_code == 404
    assert "الصفحة غير موجودة" in response.get_data(as_text=True)


def test_unknown_page_in_english(client):
    response = client.get("/no-such-page?lang=en")

    assert "Page not found" in response.get_data(as_text=True)


@pytest.mark.fresh_app
def test_unexpected_error_shows_a_friendly_page_not_a_trace(app):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.route("/boom")
    def boom():
        raise RuntimeError("bug")

    boom.access_rule = "public"
    response = app.test_client().get("/boom")

    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "لم يُحفظ شيء مما أدخلته" in page
    assert "RuntimeError" not in page


def test_unknown_province_is_a_404(client):
    assert client.get("/provinces/atlantis").status_code == 404


def test_wrong_method_is_a_405_page(client):
    response = client.get("/logout")

    assert response.status_code == 405
    assert "<html" in response.get_data(as_text=True)
