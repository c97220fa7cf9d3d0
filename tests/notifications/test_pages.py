"""The notifications page, the unread badge and "mark all as read"."""
from datetime import UTC, datetime, timedelta

import pytest

from festival.auth.models import Role
from festival.extensions import db
from festival.notifications.models import Notification
from tests.conftest import csrf_token_from, post_form

MARKET = {"market_title_ar": "سوق الجمعة", "market_title_en": "Friday market", "day": "2026-12-05"}


def add_notifications(app, user_id, *kinds, read=False, link="/family", hours_ago=24):
    """One notification per kind, an hour apart from `hours_ago`, the last kind the newest."""
    start = datetime.now(UTC) - timedelta(hours=hours_ago)
    with app.app_context():
        for offset, kind in enumerate(kinds):
            db.session.add(Notification(
                user_id=user_id, kind=kind, params=MARKET, link=link, created_at=start + timedelta(hours=offset),
                read_at=start if read else None,
            ))
        db.session.commit()


def unread_of(app, user_id):
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(Notification.id)).where(
            Notification.user_id == user_id, Notification.read_at.is_(None)))


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/notifications")

    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("role", list(Role))
def test_every_signed_in_role_has_a_notifications_page(app, make, login, role):
    user = {Role.ADMIN: make.admin, Role.ORGANIZER: lambda: make.organizer("homs"), Role.GATE: make.gate,
            Role.VENDOR: lambda: make.family().user, Role.PARTNER: make.partner}[role]()
    client = login(user, as_client=app.test_client())

    assert client.get("/notifications").status_code == 200


def test_a_family_sees_its_news_newest_first_with_the_unread_ones_marked(app, client, make, login):
    family = make.family()
    add_notifications(app, family.user.id, "application.submitted", read=True, hours_ago=48)
    add_notifications(app, family.user.id, "application.waitlisted", "application.approved",
                      link="/family/applications/3")
    login(family.user)

    page = client.get("/notifications").get_data(as_text=True)

    approved = page.index("تمت الموافقة على طلب مشاركتك في سوق الجمعة بتاريخ 5 كانون الأول 2026")
    waitlisted = page.index("على قائمة الانتظار")
    submitted = page.index("وصلنا طلب مشاركتك")
    assert approved < waitlisted < submitted
    assert page.count("notification-unread") == 2
    assert 'href="/family/applications/3"' in page
    assert '<span class="nav-badge">2</span>' in page


def test_a_family_never_sees_another_familys_notifications(app, client, make, login):
    other = make.family(name="أسرة أخرى")
    add_notifications(app, other.user.id, "application.rejected")
    family = make.family()
    login(family.user)

    page = client.get("/notifications").get_data(as_text=True)

    assert "لم يُقبل طلبك" not in page and "nav-badge" not in page


def test_marking_all_as_read_clears_the_badge(app, client, make, login):
    family = make.family()
    add_notifications(app, family.user.id, "application.approved", "application.promoted")
    login(family.user)

    response = post_form(client, "/notifications/read-all", {}, form_page="/notifications", follow_redirects=True)

    assert response.status_code == 200
    assert unread_of(app, family.user.id) == 0
    assert "nav-badge" not in response.get_data(as_text=True)


def test_marking_all_as_read_needs_the_csrf_token(app, client, make, login):
    family = make.family()
    add_notifications(app, family.user.id, "application.approved")
    login(family.user)

    response = client.post("/notifications/read-all", data={})

    assert response.status_code == 400
    assert unread_of(app, family.user.id) == 1


def test_a_link_outside_the_site_is_not_offered(app, client, make, login):
    family = make.family()
    add_notifications(app, family.user.id, "application.approved", link="https://elsewhere.example/phish")
    login(family.user)

    page = client.get("/notifications").get_data(as_text=True)

    assert "elsewhere.example" not in page


def test_the_page_sends_the_same_number_of_queries_for_two_or_thirty_notifications(app, client, make, login,
                                                                                  count_queries):
    family = make.family()
    login(family.user)
    add_notifications(app, family.user.id, "application.approved", "application.rejected")
    with count_queries() as few:
        assert client.get("/notifications").status_code == 200
    add_notifications(app, family.user.id, *["application.waitlisted"] * 28)
    with count_queries() as many:
        assert client.get("/notifications").status_code == 200

    assert few.count == many.count


def test_the_menu_shows_no_badge_without_unread_news(app, client, make, login):
    family = make.family()
    login(family.user)

    page = client.get("/notifications").get_data(as_text=True)

    assert 'href="/notifications"' in page and "nav-badge" not in page
    assert csrf_token_from(page)
