"""API tokens: how a partner's own systems read its data (/api/v1/partner/...) without a
person logging in.

An admin creates a token for a partner with a name and its scopes; the secret is shown
once, at creation, and only its SHA-256 hash is stored, so a stolen database gives no
working token. A revoked token is kept (its exports still name it) and answers 401.
"""
from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from festival.auth.models import User
from festival.core.labels import register_labels
from festival.core.types import UTCDateTime, utcnow
from festival.extensions import db
from festival.partners.models import Partner


class TokenScope(StrEnum):
    FAMILIES = "families:read"
    MARKETS = "markets:read"
    SALES = "sales:read"
    CRAFTS = "crafts:read"


register_labels("token_scope", {
    TokenScope.FAMILIES: _l("Families who agreed (the fields of its data policy)"),
    TokenScope.MARKETS: _l("Markets of its provinces"),
    TokenScope.SALES: _l("Sales aggregates (fewer than 5 families hidden)"),
    TokenScope.CRAFTS: _l("Craft categories and their families (counts)"),
})

SECRET_HASH_LENGTH = 64  # hex SHA-256


class ApiToken(db.Model):
    __tablename__ = "api_tokens"
    __table_args__ = (
        CheckConstraint(f"length(secret_hash) = {SECRET_HASH_LENGTH}", name="hash_is_sha256"),
        CheckConstraint("length(name) > 0", name="name_given"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    secret_hash: Mapped[str] = mapped_column(String(SECRET_HASH_LENGTH), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))  # the secret's first characters, to tell tokens apart
    scopes: Mapped[list] = mapped_column(JSON, default=list)  # values of TokenScope
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    partner: Mapped[Partner] = relationship()
    created_by: Mapped[User | None] = relationship()

    @property
    def active(self) -> bool:
        return self.revoked_at is None
