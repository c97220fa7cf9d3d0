from datetime import datetime
from enum import StrEnum

from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, Column, ForeignKey, String, Table, true
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from festival.core.labels import register_labels
from festival.core.types import UTCDateTime, utcnow
from festival.extensions import db
from festival.provinces.models import Province


class Role(StrEnum):
    ADMIN = "admin"
    ORGANIZER = "organizer"
    GATE = "gate"
    VENDOR = "vendor"
    PARTNER = "partner"  # a ministry, bank, agency or NGO: reads its scope, exports consented data


ROLE_VALUES = tuple(role.value for role in Role)
ROLE_LABELS = {
    Role.ADMIN: _l("Admin"),
    Role.ORGANIZER: _l("Organizer"),
    Role.GATE: _l("Gate staff"),
    Role.VENDOR: _l("Family"),
    Role.PARTNER: _l("Partner"),
}
register_labels("role", ROLE_LABELS)

# Who is who, named once: views (@roles_required), templates and checks use these groups.
STAFF_ROLES = (Role.ADMIN, Role.ORGANIZER, Role.GATE)  # accounts an admin makes; families sign up themselves
# Accounts that belong to provinces: organizers run their markets, gate staff may work at them.
PROVINCE_ROLES = (Role.ORGANIZER, Role.GATE)
MANAGER_ROLES = (Role.ORGANIZER, Role.ADMIN)  # run markets in their provinces (admins: in all)
GATE_ROLES = (Role.GATE, Role.ORGANIZER, Role.ADMIN)  # scan badges and record arrivals
GATE_DESK_ROLES = (Role.GATE, Role.ADMIN)  # the gate's own pages (organizers scan from the attendance page)

user_provinces = Table(
    "user_provinces",
    db.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("province_id", ForeignKey("provinces.id", ondelete="CASCADE"), primary_key=True),
)


PRODUCTION_PASSWORD_HASH = "scrypt"


def password_hash_method() -> str:
    """scrypt, Werkzeug's default; the test suite sets PASSWORD_HASH_METHOD to a cheap one."""
    if has_app_context():
        return current_app.config.get("PASSWORD_HASH_METHOD", PRODUCTION_PASSWORD_HASH)
    return PRODUCTION_PASSWORD_HASH


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('admin', 'organizer', 'gate', 'vendor', 'partner')", name="role_known"),
        CheckConstraint("session_version >= 1", name="session_version_positive"),
        CheckConstraint("language IS NULL OR language IN ('ar', 'en')", name="language_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(20), unique=True)  # E.164, the login
    email: Mapped[str | None] = mapped_column(String(254))
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(16), index=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # Part of the login cookie: bumping it signs out every session of this user.
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # How the person wants to be told (festival/notifications/preferences.py): the language of
    # SMS and emails (NULL: Arabic), whether SMS and email may be sent, and when that was chosen.
    language: Mapped[str | None] = mapped_column(String(8))
    sms_allowed: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    email_allowed: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    contact_choice_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    provinces: Mapped[list[Province]] = relationship(
        secondary=user_provinces, order_by=Province.position
    )

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"

    # -- passwords and sessions -------------------------------------------------
    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method=password_hash_method())

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    def end_all_sessions(self) -> None:
        self.session_version += 1

    @property
    def is_active(self) -> bool:
        return self.enabled

    # -- roles and scope ----------------------------------------------------------
    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    def has_role(self, *roles: str) -> bool:
        return self.role in roles

    def can_manage_province(self, province: Province) -> bool:
        if self.role == Role.ADMIN:
            return True
        if self.role == Role.ORGANIZER:
            return any(own.id == province.id for own in self.provinces)
        return False

    def managed_provinces_query(self):
        """A select of the provinces this user may manage (all of them for admins)."""
        query = db.select(Province).order_by(Province.position)
        if self.role == Role.ADMIN:
            return query
        return query.join(user_provinces).where(user_provinces.c.user_id == self.id)
