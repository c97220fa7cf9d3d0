"""Creating, revoking and checking partners' API tokens (festival/partners/token_models.py).

The secret is `fst_` and 43 random URL-safe characters (256 bits); it is returned once by
`create_token` and never stored: `authenticate` hashes what a request presents and looks
the hash up, so comparing secrets never happens in Python.
"""
import hashlib
import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from festival.audit.log import record
from festival.core.domain import DomainError
from festival.extensions import db
from festival.partners.models import Partner
from festival.partners.token_models import ApiToken, TokenScope

SECRET_PREFIX = "fst_"
SHOWN_PREFIX_LENGTH = 8  # `fst_` and four characters: enough to tell a partner's tokens apart
MAX_NAME_LENGTH = 100
MAX_SECRET_LENGTH = 200  # anything longer is no token of ours (and is not hashed)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_token(partner: Partner, *, name: str, scopes: list[str], by, now: datetime) -> tuple[ApiToken, str]:
    """(the token, its secret): the only time the secret exists outside the partner's hands."""
    name = (name or "").strip()
    if not name or len(name) > MAX_NAME_LENGTH:
        raise DomainError(_l("Give the token a name, for example the system that will use it."), field="name")
    chosen = [scope.value for scope in TokenScope if scope.value in set(scopes or ())]
    if not chosen or len(chosen) != len(set(scopes)):
        raise DomainError(_l("Choose what the token may read."), field="scopes")
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(partner_id=partner.id, name=name, secret_hash=hash_secret(secret),
                     prefix=secret[:SHOWN_PREFIX_LENGTH], scopes=chosen,
                     created_by_id=by.id if by is not None else None, created_at=now)
    db.session.add(token)
    db.session.flush()
    record("partner.token_created", token, actor=by, partner=partner.name_ar, name=name, scopes=chosen,
           prefix=token.prefix)
    return token, secret


def revoke_token(token: ApiToken, *, by, now: datetime) -> None:
    if token.revoked_at is not None:
        raise DomainError(_l("This token was already revoked."))
    token.revoked_at = now
    db.session.flush()
    record("partner.token_revoked", token, actor=by, partner=token.partner.name_ar, name=token.name,
           prefix=token.prefix)


def authenticate(secret: str | None, *, now: datetime) -> ApiToken | None:
    """The active token whose secret this is (its partner loaded), marked as used now; None otherwise."""
    if not secret or len(secret) > MAX_SECRET_LENGTH or not secret.startswith(SECRET_PREFIX):
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.secret_hash == hash_secret(secret),
                                                     ApiToken.revoked_at.is_(None))
                              .options(db.joinedload(ApiToken.partner).selectinload(Partner.provinces)))
    if token is not None:
        token.last_used_at = now
        db.session.flush()
    return token
