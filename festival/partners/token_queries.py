"""A partner's API tokens, as its admin page lists them."""
from sqlalchemy import select

from festival.extensions import db
from festival.partners.models import Partner
from festival.partners.token_models import ApiToken


def tokens_of(partner: Partner) -> list[ApiToken]:
    """Active tokens first, then the revoked ones; newest first within each."""
    return list(db.session.scalars(select(ApiToken).where(ApiToken.partner_id == partner.id)
                                   .options(db.joinedload(ApiToken.created_by))
                                   .order_by(ApiToken.revoked_at.is_not(None), ApiToken.id.desc())))
