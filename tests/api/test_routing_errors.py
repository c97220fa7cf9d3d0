"""Errors raised while routing (before any view) under /api/v1 are JSON too, and a 405 says what is allowed."""


def test_a_method_the_api_does_not_take_is_a_json_405_with_allow(client):
    response = client.open("/api/v1/events", method="TRACE")

    assert response.status_code == 405 and response.content_type == "application/json"
    assert response.json["error"]["code"] == 405 and response.json["error"]["message"]
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_pages_keep_their_html_405_and_say_what_is_allowed(client):
    response = client.delete("/calendar")

    assert response.status_code == 405 and response.content_type.startswith("text/html")
    assert "GET" in response.headers["Allow"]
