"""Every page says what the site is to search engines and shows its icon in the tab."""


def test_favicon_is_served_where_browsers_look_for_it(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response.mimetype == "image/x-icon"
    assert response.data[:4] == b"\x00\x00\x01\x00"  # the ICO signature
    assert response.cache_control.max_age >= 86400


def test_pages_have_a_description_and_an_icon_in_both_languages(client):
    for path in ("/", "/calendar", "/login"):
        arabic = client.get(path + "?lang=ar").get_data(as_text=True)
        english = client.get(path + "?lang=en").get_data(as_text=True)
        assert '<meta name="description" content="أسواق الجمعة' in arabic
        assert '<meta name="description" content="Friday markets' in english
        assert 'rel="icon"' in arabic and "img/icon.svg" in arabic


def test_machine_readable_times_have_whole_seconds_in_utc(app):
    from datetime import UTC, datetime, timedelta, timezone

    from festival.core.formatting import machine_datetime

    moment = datetime(2026, 12, 4, 9, 30, 15, 123456, tzinfo=timezone(timedelta(hours=3)))
    assert machine_datetime(moment) == "2026-12-04T06:30:15Z"
    assert machine_datetime(datetime(2026, 12, 4, 6, 30, 15, 999999, tzinfo=UTC)) == "2026-12-04T06:30:15Z"
    assert machine_datetime(None) == ""


def test_notification_times_on_the_page_carry_no_microseconds(app, client, login, make):
    import re

    from festival.auth.models import User
    from festival.extensions import db
    from festival.notifications.service import notify

    family = make.family()
    with app.app_context():
        notify(db.session.get(User, family.user.id), "application.approved", key="page-head:approved", link="/family",
               market="سوق", day="2026-12-04")
        db.session.commit()
    login(family.user)
    page = client.get("/notifications").get_data(as_text=True)

    stamps = re.findall(r'<time[^>]*datetime="([^"]+)"', page)
    assert stamps and all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", stamp) for stamp in stamps)
