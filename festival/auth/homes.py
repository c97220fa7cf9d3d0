"""Where each role lands after logging in."""
from flask import url_for

from festival.auth.models import Role

HOME_BY_ROLE = {
    Role.ADMIN: "admin.users",
    Role.ORGANIZER: "manage.dashboard",
    Role.GATE: "gate.dashboard",
    Role.VENDOR: "vendors.dashboard",
    Role.PARTNER: "partners.home",
}


def home_for(user) -> str:
    return url_for(HOME_BY_ROLE[Role(user.role)])
