"""Demo areas, staff accounts and productive families (all passwords: DEMO_PASSWORD)."""
from festival.auth.models import Role, User
from festival.auth.operations import create_staff_user, register_family
from festival.core.phones import normalize_mobile
from festival.crafts.models import CraftCategory
from festival.extensions import db
from festival.provinces.models import Area, Province

DEMO_PASSWORD = "festival-demo"

DEMO_AREAS = {
    "damascus": [("المزة", "Mezzeh"), ("باب توما", "Bab Touma"), ("الميدان", "Al-Midan"), ("ركن الدين", "Rukn al-Din")],
    "rif-dimashq": [("جرمانا", "Jaramana"), ("دوما", "Douma"), ("صحنايا", "Sahnaya"), ("الزبداني", "Zabadani")],
    "aleppo": [("العزيزية", "Al-Aziziyah"), ("الجميلية", "Al-Jamiliyah"), ("منبج", "Manbij"), ("السفيرة", "As-Safira")],
    "homs": [("الوعر", "Al-Waer"), ("الحميدية", "Al-Hamidiyah"), ("تلكلخ", "Talkalakh")],
    "hama": [("السقيلبية", "As-Suqaylabiyah"), ("مصياف", "Masyaf"), ("سلمية", "Salamiyah")],
    "latakia": [("جبلة", "Jableh"), ("الحفة", "Al-Haffah"), ("القرداحة", "Qardaha")],
    "tartus": [("بانياس", "Baniyas"), ("صافيتا", "Safita"), ("الدريكيش", "Ad-Duraykish")],
    "as-suwayda": [("شهبا", "Shahba"), ("صلخد", "Salkhad")],
    "daraa": [("إزرع", "Izra"), ("بصرى الشام", "Bosra")],
}

DEMO_STAFF = [
    # phone, name, role, provinces
    ("0930000001", "مدير النظام", Role.ADMIN, []),
    ("0930000002", "سلمى الخطيب (منظِّمة دمشق وريفها)", Role.ORGANIZER, ["damascus", "rif-dimashq"]),
    ("0930000003", "أحمد قباني (منظِّم حلب)", Role.ORGANIZER, ["aleppo"]),
    ("0930000004", "رنا الأتاسي (منظِّمة حمص وحماة)", Role.ORGANIZER, ["homs", "hama"]),
    ("0930000005", "باسل إبراهيم (منظِّم الساحل)", Role.ORGANIZER, ["latakia", "tartus"]),
    ("0930000006", "فريق بوابة دمشق", Role.GATE, ["damascus"]),
]

# family name, province, area (Arabic), craft slugs; phones are 0944000001, 0944000002, ...
DEMO_FAMILIES = [
    ("أسرة أم محمد للمونة", "damascus", "الميدان", ["food"]),
    ("بيت الحلويات الشامية - آل الصبّاغ", "damascus", "باب توما", ["sweets"]),
    ("أسرة نجلاء للتطريز", "damascus", "المزة", ["embroidery"]),
    ("موزاييك آل الدمشقي", "damascus", "ركن الدين", ["mosaic", "wood"]),
    ("نحاسيات أبو خليل", "damascus", "باب توما", ["copper"]),
    ("صابون الغار - أسرة حداد", "aleppo", "الجميلية", ["soap"]),
    ("مونة حلب - أسرة أم أحمد", "aleppo", "العزيزية", ["food", "herbs"]),
    ("أسرة كبّة للحلويات", "aleppo", "العزيزية", ["sweets"]),
    ("سجاد ونول منبج", "aleppo", "منبج", ["weaving"]),
    ("أسرة زينب للكروشيه", "aleppo", "السفيرة", ["knitting"]),
    ("ألبان وأجبان أم علي", "homs", "الوعر", ["dairy"]),
    ("خزف الحميدية", "homs", "الحميدية", ["pottery"]),
    ("أسرة سعاد للمعجنات", "homs", "تلكلخ", ["sweets", "food"]),
    ("نسيج حماة اليدوي", "hama", "مصياف", ["embroidery", "weaving"]),
    ("أعشاب سلمية - أسرة درويش", "hama", "سلمية", ["herbs"]),
    ("زجاج يدوي آل القزاز", "hama", "السقيلبية", ["glass"]),
    ("منتجات جبلة الزراعية", "latakia", "جبلة", ["produce"]),
    ("أسرة ريم للإكسسوارات", "latakia", "القرداحة", ["jewelry"]),
    ("دبس وعسل الحفة", "latakia", "الحفة", ["food", "produce"]),
    ("أخشاب صافيتا", "tartus", "صافيتا", ["wood"]),
    ("أسرة هدى للصابون", "tartus", "بانياس", ["soap"]),
    ("جلديات الدريكيش", "tartus", "الدريكيش", ["leather"]),
    ("مونة جرمانا - أسرة عبود", "rif-dimashq", "جرمانا", ["food"]),
    ("أسرة أم سامر للأجبان", "rif-dimashq", "صحنايا", ["dairy"]),
    ("فواكه الزبداني المجففة", "rif-dimashq", "الزبداني", ["produce", "food"]),
    ("تطريز دوما - أسرة الشامي", "rif-dimashq", "دوما", ["embroidery"]),
    ("أسرة أبو فارس للفخار", "as-suwayda", "شهبا", ["pottery"]),
    ("مونة صلخد", "as-suwayda", "صلخد", ["food"]),
    ("أسرة منى للحلي", "daraa", "إزرع", ["jewelry"]),
    ("قش وسلال بصرى", "daraa", "بصرى الشام", ["other", "weaving"]),
]


DEMO_FAMILY_EMAIL = "um.ahmad@example.org"


def family_phone(index: int) -> str:
    return f"09440000{index + 1:02d}"


def _provinces() -> dict[str, Province]:
    return {province.slug: province for province in db.session.scalars(db.select(Province))}


def load_areas() -> str:
    provinces = _provinces()
    added = 0
    for slug, areas in DEMO_AREAS.items():
        existing = {area.name_ar for area in provinces[slug].areas}
        for name_ar, name_en in areas:
            if name_ar not in existing:
                db.session.add(Area(province=provinces[slug], name_ar=name_ar, name_en=name_en))
                added += 1
    db.session.flush()
    return f"areas: {added} added"


def _user_exists(phone_e164: str) -> bool:
    return db.session.scalar(db.select(User.id).where(User.phone == phone_e164)) is not None


def load_staff() -> str:
    provinces = _provinces()
    added = 0
    for phone, name, role, province_slugs in DEMO_STAFF:
        if _user_exists(normalize_mobile(phone)):
            continue
        create_staff_user(
            phone=phone, display_name=name, role=role,
            provinces=[provinces[slug] for slug in province_slugs], password=DEMO_PASSWORD,
        )
        added += 1
    return f"staff: {added} added"


def load_families() -> str:
    provinces = _provinces()
    crafts = {craft.slug: craft for craft in db.session.scalars(db.select(CraftCategory))}
    added = 0
    for index, (name, slug, area_name, craft_slugs) in enumerate(DEMO_FAMILIES):
        phone = family_phone(index)
        if _user_exists(normalize_mobile(phone)):
            continue
        family = register_family(
            phone=phone, password=DEMO_PASSWORD, family_name=name, province=provinces[slug]
        )
        family.area = next((a for a in provinces[slug].areas if a.name_ar == area_name), None)
        family.crafts = [crafts[craft] for craft in craft_slugs]
        if index == 0:  # most families have no email; this one shows the emails in instance/mail/
            family.user.email = DEMO_FAMILY_EMAIL
        added += 1
    db.session.flush()
    return f"families: {added} added"
