"""A demo partner: the People's Credit Bank in Damascus (and Rif Dimashq), which may export
the name, mobile number, crafts and reported sales of the families who agreed to share with
financing banks (the first three demo families: festival/demo/consent.py). Its account:
0930000201."""
from sqlalchemy import select

from festival.auth.models import User
from festival.core.phones import normalize_mobile
from festival.demo.accounts import DEMO_PASSWORD
from festival.extensions import db
from festival.partners import operations
from festival.partners.models import Partner
from festival.provinces.models import Province

PARTNER_PHONE = "0930000201"


def load_partners() -> str:
    if db.session.scalar(select(Partner.id).where(Partner.name_ar == "مصرف التسليف الشعبي")):
        return "partners: already there"
    provinces = list(db.session.scalars(select(Province).where(Province.slug.in_(("damascus", "rif-dimashq")))))
    partner = operations.create_partner(operations.PartnerPlan(
        name_ar="مصرف التسليف الشعبي", name_en="People's Credit Bank", kind="bank", purpose="banks",
        national=False, provinces=provinces, fields=["name", "phone", "province", "crafts", "products", "sales"]),
        by=None)
    if db.session.scalar(select(User.id).where(User.phone == normalize_mobile(PARTNER_PHONE))) is None:
        user = operations.add_member(partner, phone=PARTNER_PHONE, display_name="قسم القروض الصغيرة", by=None)
        user.set_password(DEMO_PASSWORD)
    db.session.flush()
    return "partners: 1 bank with 1 account"
