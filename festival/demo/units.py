"""Two demo production units: a shared kitchen for مونة in Jaramana (Rif Dimashq) with a fridge
the People's Credit Bank financed (festival/demo/partners.py), and a laurel soap workshop in
Aleppo equipped by the programme. Their first member represents them."""
from datetime import date, timedelta

from sqlalchemy import select

from festival.core.types import utcnow
from festival.crafts.models import CraftCategory
from festival.extensions import db
from festival.partners.models import Partner
from festival.provinces.models import Area, Province
from festival.units import operations
from festival.units.models import ProductionUnit
from festival.vendors.models import Family

UNITS = [
    {"name": "مطبخ مونة جرمانا المشترك", "province": "rif-dimashq", "area": "جرمانا", "craft": "food",
     "members": ["مونة جرمانا - أسرة عبود", "أسرة أم سامر للأجبان", "فواكه الزبداني المجففة"],
     "equipment": [("براد صناعي بابين", 1, 120, "مصرف التسليف الشعبي", 4_500_000),
                   ("قدور ستانلس كبيرة", 4, 90, None, 800_000)],
     "outputs": [("مكدوس", 120, "مرطبان", 1_800_000), ("مربى المشمش", 60, "مرطبان", 540_000)]},
    {"name": "مشغل صابون الغار في الجميلية", "province": "aleppo", "area": "الجميلية", "craft": "soap",
     "members": ["صابون الغار - أسرة حداد", "مونة حلب - أسرة أم أحمد", "أسرة زينب للكروشيه"],
     "equipment": [("قدر نحاسي لطبخ الصابون", 1, 200, None, 2_000_000), ("قوالب تقطيع وختم", 10, 200, None, None)],
     "outputs": [("صابون غار", 800, "قطعة", 2_400_000)]},
]


def _last_month() -> str:
    first = date.today().replace(day=1) - timedelta(days=1)
    return f"{first.year:04d}-{first.month:02d}"


def load_units() -> str:
    added = 0
    now = utcnow()
    for plan in UNITS:
        province = db.session.scalar(select(Province).where(Province.slug == plan["province"]))
        if db.session.scalar(select(ProductionUnit.id).where(ProductionUnit.province_id == province.id,
                                                            ProductionUnit.name == plan["name"])):
            continue
        unit = operations.create_unit(operations.UnitPlan(
            name=plan["name"], province=province,
            craft=db.session.scalar(select(CraftCategory).where(CraftCategory.slug == plan["craft"])),
            area=db.session.scalar(select(Area).where(Area.province_id == province.id, Area.name_ar == plan["area"]))),
            by=None)
        for name in plan["members"]:
            family = db.session.scalar(select(Family).where(Family.name == name, Family.province_id == province.id))
            if family is not None:
                operations.add_member(unit, family, by=None, now=now)
        for description, quantity, days_ago, partner_name, value in plan["equipment"]:
            partner = (db.session.scalar(select(Partner).where(Partner.name_ar == partner_name))
                       if partner_name else None)
            operations.add_equipment(unit, operations.EquipmentPlan(
                description, quantity, date.today() - timedelta(days=days_ago), partner=partner, value_syp=value),
                by=None, today=date.today())
        for description, quantity, measure, value in plan["outputs"]:
            operations.add_output(unit, operations.OutputPlan(_last_month(), description, quantity, measure, value),
                                  by=None)
        added += 1
    db.session.flush()
    return f"production units: {added} added"
