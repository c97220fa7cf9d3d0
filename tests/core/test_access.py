"""Every route states who may enter, and the role/province checks hold."""
import pytest

from festival.auth.models import Role

# (path, roles that get the page); everyone else: login redirect or 403.
PROTECTED_PAGES = [
    ("/family", {Role.VENDOR}),
    ("/family/profile", {Role.VENDOR}),
    ("/manage", {Role.ORGANIZER, Role.ADMIN}),
    ("/manage/provinces/aleppo", {Role.ORGANIZER, Role.ADMIN}),
    ("/manage/venues", {Role.ORGANIZER, Role.ADMIN}),
    ("/manage/venues?province=aleppo", {Role.ORGANIZER, Role.ADMIN}),
    ("/manage/venues/new", {Role.ORGANIZER, Role.ADMIN}),
    ("/gate", {Role.GATE, Role.ADMIN}),
    ("/admin/users", {Role.ADMIN}),
    ("/admin/users/new", {Role.ADMIN}),
    ("/admin/provinces", {Role.ADMIN}),
    ("/admin/provinces/aleppo", {Role.ADMIN}),
    ("/account/password", set(Role)),
    ("/notifications", set(Role)),
    ("/admin/audit", {Role.ADMIN}),
]


def test_every_view_declares_its_access_rule(app):
    undeclared = [
        endpoint
        for endpoint, view in app.view_functions.items()
        if endpoint != "static" and not hasattr(view, "access_rule")
    ]
    assert undeclared == []


@pytest.mark.parametrize(("path", "allowed"), PROTECTED_PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client, path, allowed):
    response = client.get(path)

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.fixture
def one_user_per_role(make):
    return {
        Role.ADMIN: make.admin(),
        Role.ORGANIZER: make.organizer("aleppo"),
        Role.GATE: make.gate(),
        Role.VENDOR: make.family(province_slug="aleppo").user,
    }


@pytest.mark.parametrize(("path", "allowed"), PROTECTED_PAGES)
@pytest.mark.parametrize("role", list(Role))
def test_each_role_reaches_only_its_pages(app, login, one_user_per_role, path, allowed, role):
    client = login(one_user_per_role[role], as_client=app.test_client())

    response = client.get(path)

    assert response.status_code == (200 if role in allowed else 403)


def test_organizer_of_aleppo_is_refused_damascus(app, client, make, login, caplog):
    login(make.organizer("aleppo"))

    assert client.get("/manage/provinces/aleppo").status_code == 200
    refused = client.get("/manage/provinces/damascus")

    assert refused.status_code == 403
    assert "لا يملك حسابك صلاحية" in refused.get_data(as_text=True)
    assert any("access refused" in record.message for record in caplog.records)


def test_organizer_sees_only_the_families_of_their_provinces(app, client, make, login):
    make.family(name="أسرة حلبية", province_slug="aleppo")
    make.family(name="أسرة دمشقية", province_slug="damascus")
    login(make.organizer("aleppo"))

    page = client.get("/manage/provinces/aleppo").get_data(as_text=True)
    dashboard = client.get("/manage").get_data(as_text=True)

    assert "أسرة حلبية" in page and "أسرة دمشقية" not in page
    assert "حلب" in dashboard and "دمشق" not in dashboard


def test_admin_manages_every_province(app, client, make, login):
    make.family(name="أسرة دمشقية", province_slug="damascus")
    login(make.admin())

    assert "أسرة دمشقية" in client.get("/manage/provinces/damascus").get_data(as_text=True)


def test_public_pages_never_show_phone_numbers(client, make):
    make.family(name="أسرة حلبية", province_slug="aleppo", phone="0944123456")

    for path in ("/", "/provinces/aleppo"):
        page = client.get(path).get_data(as_text=True)
        assert "944" not in page
