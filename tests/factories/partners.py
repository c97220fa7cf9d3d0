"""Partners of the programme and their accounts."""
from festival.core.types import utcnow
from festival.extensions import db
from festival.partners import operations
from festival.partners.models import EXPORT_FIELDS
from festival.partners.queries import partner_of
from festival.partners.token_models import TokenScope
from festival.partners.token_operations import create_token
from tests.factories.people import PASSWORD, next_phone, province


def make_partner(name="مصرف التسليف الشعبي", *, kind="bank", purpose="banks", province_slugs=("damascus",),
                 fields=tuple(EXPORT_FIELDS), phone=None):
    """A partner of these provinces (national when none) with one account; returns the account."""
    partner = operations.create_partner(operations.PartnerPlan(
        name_ar=name, kind=kind, purpose=purpose, national=not province_slugs,
        provinces=[province(slug) for slug in province_slugs], fields=list(fields)), by=None)
    user = operations.add_member(partner, phone=phone or next_phone(), display_name=f"موظف {name}", by=None)
    user.set_password(PASSWORD)
    db.session.commit()
    db.session.refresh(user)
    return user


def make_api_token(user, *, scopes=None, name="نظام القروض"):
    """An API token of the partner whose account `user` is; returns (token id, secret)."""
    partner = partner_of(db.session.merge(user))
    token, secret = create_token(partner, name=name, scopes=list(scopes or TokenScope), by=None, now=utcnow())
    db.session.commit()
    return token.id, secret
