"""Partners of the programme and their accounts."""
from festival.extensions import db
from festival.partners import operations
from festival.partners.models import EXPORT_FIELDS
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
