"""Demo venues with their stall layouts, in six provinces."""
from festival.extensions import db
from festival.provinces.models import Province
from festival.venues.models import Venue
from festival.venues.operations import create_venue, generate_section

# A section: (code, rows, columns, width_m, depth_m, covered, electric rows, accessible rows).
DEMO_VENUES = [
    {
        "province": "damascus", "name_ar": "حديقة تشرين", "name_en": "Tishreen Park",
        "address": "ساحة الأمويين، المدخل الشرقي من جهة شارع شكري القوتلي",
        "latitude": 33.5175, "longitude": 36.2745,
        "notes": "يدخل التحميل من البوابة الشرقية بين السابعة والتاسعة صباحاً فقط.\n"
                 "موقف سيارات مجاني خلف المدخل الشرقي للسيارات الصغيرة.\n"
                 "الأجنحة المزوّدة بالكهرباء في الصف الأول من القسم A؛ أحضروا وصلة كهرباء بطول 10 أمتار.",
        "sections": [("A", 4, 8, 3, 3, False, {1}, {1, 2}), ("B", 3, 6, 2.5, 2.5, True, set(), {1})],
    },
    {
        "province": "damascus", "name_ar": "التكية السليمانية", "name_en": "Takiyya Sulaymaniyya",
        "address": "شارع بيروت، بجانب المتحف الوطني",
        "latitude": 33.5127, "longitude": 36.2925,
        "notes": "المكان أثري: لا يُسمح بتثبيت أي شيء على الجدران أو الأرضيات.\n"
                 "التحميل من باب الشارع الجانبي قبل الثامنة صباحاً، ولا وقوف للسيارات أمام المدخل.",
        "sections": [("A", 2, 10, 2, 2, True, {1, 2}, {1})],
    },
    {
        "province": "aleppo", "name_ar": "حديقة السبيل", "name_en": "Al-Sabil Park",
        "address": "حي السبيل، المدخل الرئيسي مقابل دوار السبيل",
        "latitude": 36.2195, "longitude": 37.1335,
        "notes": "التحميل والتفريغ من الباب الشمالي من السادسة والنصف حتى الثامنة والنصف صباحاً.\n"
                 "يوجد موقف عام على الطريق المحاذي للحديقة.",
        "sections": [("A", 3, 8, 3, 3, False, {1}, {1}), ("B", 2, 6, 3, 2, True, set(), set())],
    },
    {
        "province": "homs", "name_ar": "ساحة الساعة الجديدة", "name_en": "New Clock Square",
        "address": "وسط المدينة، الرصيف الغربي للساحة",
        "latitude": 34.7308, "longitude": 36.7135,
        "notes": "تُغلق الساحة أمام السيارات من التاسعة صباحاً؛ أنهوا التفريغ قبل ذلك.\n"
                 "الموقف الأقرب في شارع الدبلان.",
        "sections": [("A", 2, 8, 2.5, 2.5, True, {1}, {1, 2})],
    },
    {
        "province": "hama", "name_ar": "حديقة أم الحسن", "name_en": "Umm al-Hasan Garden",
        "address": "قرب النواعير، على ضفة نهر العاصي",
        "latitude": 35.1365, "longitude": 36.7510,
        "notes": "الدخول بالسيارات من جهة الجسر فقط، والتفريغ قبل الثامنة صباحاً.\n"
                 "الأرض عشبية: يُفضّل إحضار قواعد للطاولات.",
        "sections": [("A", 3, 5, 3, 3, False, set(), {1})],
    },
    {
        "province": "latakia", "name_ar": "الكورنيش الجنوبي", "name_en": "Southern Corniche",
        "address": "الكورنيش الجنوبي، مقابل مدينة الألعاب",
        "latitude": 35.5125, "longitude": 35.7720,
        "notes": "الأجنحة على صفّين بمحاذاة البحر؛ الرياح قوية مساءً فثبّتوا المظلات جيداً.\n"
                 "التفريغ من الطريق الخدمي بين السابعة والتاسعة صباحاً.",
        "sections": [("A", 1, 12, 3, 2, True, {1}, {1}), ("B", 1, 12, 3, 2, False, set(), set())],
    },
    {
        "province": "tartus", "name_ar": "كورنيش طرطوس البحري", "name_en": "Tartus Seafront",
        "address": "الكورنيش البحري، قرب مرفأ الصيادين",
        "latitude": 34.8890, "longitude": 35.8810,
        "notes": "موقف واسع عند مرفأ الصيادين.\n"
                 "الكهرباء متوفرة في الصف الأول فقط، والتحميل قبل الثامنة والنصف صباحاً.",
        "sections": [("A", 2, 8, 3, 3, False, {1}, {1})],
    },
]


def _add_section(venue: Venue, section_spec) -> None:
    code, rows, columns, width_m, depth_m, covered, electric_rows, accessible_rows = section_spec
    section = generate_section(venue, code, rows, columns, width_m, depth_m, covered=covered)
    for stall in section.stalls:
        stall.electricity = stall.row in electric_rows
        stall.accessible = stall.row in accessible_rows


def load_venues() -> str:
    provinces = {province.slug: province for province in db.session.scalars(db.select(Province))}
    existing = {tuple(row) for row in db.session.execute(db.select(Venue.province_id, Venue.name_ar))}
    added = 0
    for spec in DEMO_VENUES:
        province = provinces[spec["province"]]
        if (province.id, spec["name_ar"]) in existing:
            continue
        venue = create_venue(
            province=province, name_ar=spec["name_ar"], name_en=spec["name_en"], address=spec["address"],
            latitude=spec["latitude"], longitude=spec["longitude"], notes_for_vendors=spec["notes"],
        )
        for section_spec in spec["sections"]:
            _add_section(venue, section_spec)
        added += 1
    db.session.flush()
    return f"venues: {added} added"
