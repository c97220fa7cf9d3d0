"""Who is staff, gate or organizer is said once (festival/auth/models.py), and every view,
menu and check uses those words: a family never sees staff links, gate staff never see
the organizers' pages, and no view spells a list of roles of its own."""
import pytest

from festival.auth.models import GATE_DESK_ROLES, GATE_ROLES, MANAGER_ROLES, STAFF_ROLES, Role
from festival.auth.operations import create_staff_user
from festival.core.domain import DomainError
from festival.partners.token_models import TokenScope

NAMED_RULES = {"public", *((role,) for role in Role), tuple(Role), MANAGER_ROLES, GATE_ROLES, GATE_DESK_ROLES,
               # the partner API: a token with one scope (festival/api/partner_auth.py)
               *(("api_token", scope.value) for scope in TokenScope)}


def test_the_groups_say_who_is_who():
    # Families sign up themselves; partners' accounts are made on their partner's page (festival/partners).
    assert set(STAFF_ROLES) == set(Role) - {Role.VENDOR, Role.PARTNER}
    assert set(MANAGER_ROLES) == {Role.ORGANIZER, Role.ADMIN}
    assert set(GATE_ROLES) == {Role.GATE, Role.ORGANIZER, Role.ADMIN}
    assert set(GATE_DESK_ROLES) == {Role.GATE, Role.ADMIN}


def test_every_view_uses_a_single_role_or_a_named_group(app):
    spelled_by_hand = {
        endpoint: view.access_rule
        for endpoint, view in app.view_functions.items()
        if endpoint != "static" and tuple(view.access_rule) not in NAMED_RULES and view.access_rule != "public"
    }
    assert spelled_by_hand == {}


def test_a_family_account_cannot_be_made_as_staff(app_context):
    with pytest.raises((DomainError, ValueError)):
        create_staff_user(phone="0931234567", display_name="أسرة", role=Role.VENDOR)


MENU = {"/manage": MANAGER_ROLES, "/manage/markets": MANAGER_ROLES, "/gate": GATE_DESK_ROLES,
        "/admin/users": (Role.ADMIN,), "/family": (Role.VENDOR,), "/partner": (Role.PARTNER,)}


@pytest.mark.parametrize("role", list(Role))
def test_the_menu_shows_each_role_its_own_pages(app, login, make, role):
    user = {
        Role.ADMIN: make.admin, Role.ORGANIZER: lambda: make.organizer("aleppo"), Role.GATE: make.gate,
        Role.VENDOR: lambda: make.family(province_slug="aleppo").user, Role.PARTNER: make.partner,
    }[role]()
    client = login(user, as_client=app.test_client())

    menu = client.get("/notifications").get_data(as_text=True).split('class="site-nav"')[1].split("</nav>")[0]

    shown = {path for path in MENU if f'href="{path}"' in menu}
    assert shown == {path for path, roles in MENU.items() if role in roles}
