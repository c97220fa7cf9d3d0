"""Settings from the environment: what development and production each assume."""
from festival.config import load_config


def test_in_development_without_a_base_url_feed_links_follow_the_served_address(tmp_path):
    config = load_config(tmp_path, environ={})
    assert config["BASE_URL_FROM_REQUEST"] is True
    assert load_config(tmp_path, environ={"FESTIVAL_BASE_URL": "https://festival.example.sy"})[
        "BASE_URL_FROM_REQUEST"] is False
    assert load_config(tmp_path, environ={"FESTIVAL_ENV": "production", "SECRET_KEY": "x" * 64})[
        "BASE_URL_FROM_REQUEST"] is False


def test_feed_links_use_the_port_the_app_is_served_on_in_development(app, client):
    app.config["BASE_URL_FROM_REQUEST"] = True
    page = client.get("/calendar", base_url="http://127.0.0.1:5101").get_data(as_text=True)

    assert "webcal://127.0.0.1:5101/calendar.ics" in page
    assert "127.0.0.1:5000" not in page
