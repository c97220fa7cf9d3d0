"""Demo family profiles: heads of family, product descriptions, priority flags, 1-3 photos.

Runs after the accounts step. Fields already filled and families that already have
photos are left alone, so loading twice changes nothing. The last demo family is left
with an incomplete profile on purpose, to show what a family sees before completing it.
"""
import io

from werkzeug.datastructures import FileStorage

from festival.auth.models import User
from festival.core.phones import normalize_mobile
from festival.core.types import utcnow
from festival.demo.accounts import DEMO_FAMILIES, family_phone
from festival.demo.product_tiles import product_tile
from festival.extensions import db
from festival.vendors.photos import store_photo

# In the order of DEMO_FAMILIES; "" = left incomplete.
HEAD_NAMES = [
    "فاطمة الزين (أم محمد)", "خالد الصبّاغ", "نجلاء العمر", "سمير الدمشقي", "إبراهيم خليل (أبو خليل)",
    "جورج حداد", "مريم قصّاب (أم أحمد)", "هالة كبّة", "عائشة الحسن", "زينب الأحمد",
    "خديجة المصري (أم علي)", "نبيل عيسى", "سعاد الخوري", "ليلى الحموي", "عبد الله درويش",
    "يوسف القزّاز", "رولا ديب", "ريم سليمان", "وفاء يونس", "إلياس نصر",
    "هدى محمود", "علي حسن", "سلوى عبّود", "أمل الخطيب (أم سامر)", "رانيا حمدان",
    "نور الشامي", "منصور الأطرش (أبو فارس)", "جميلة أبو عسلي", "منى الزعبي", "",
]

# Who heads each demo family, as the family said on its profile (None: not said).
F, M = "female", "male"
HEAD_SEX = [F, M, F, M, M, M, F, F, F, F, F, M, F, F, M, M, F, F, F, M, F, M, F, F, F, None, M, F, F, None]

PRODUCTS_BY_CRAFT = {
    "food": "مكدوس بالجوز وزيت الزيتون، مربى المشمش والتين، دبس الفليفلة وزيتون مكبوس، كلها من صنع البيت.",
    "sweets": "معمول بالتمر والجوز والفستق، غريبة وبرازق، وحلويات للمناسبات حسب الطلب.",
    "dairy": "جبنة بيضاء مغليّة، لبنة مكعزلة بزيت الزيتون، شنكليش وقريشة طازجة.",
    "embroidery": "شراشف وأغطية وسائد مطرّزة يدوياً بغرزة الصليب، ومفارش طاولات بنقوش شامية.",
    "knitting": "كنزات وشالات وقبعات صوف للأطفال والكبار، وألعاب كروشيه.",
    "soap": "صابون الغار والزيت البلدي المعتّق، وصابون بالأعشاب والعسل، مقطّع ومختوم باليد.",
    "pottery": "جرار وأباريق وصحون فخارية ملوّنة، مشغولة على الدولاب ومزجّجة.",
    "wood": "علب وصوانٍ وأدوات مطبخ خشبية، محفورة ومدهونة بزيوت طبيعية.",
    "copper": "صوانٍ وأباريق ودلال قهوة نحاسية منقوشة بالطرق اليدوي.",
    "glass": "كاسات وفوانيس ومزهريات من الزجاج المنفوخ يدوياً بالأزرق والأخضر.",
    "jewelry": "أساور وعقود وأقراط من الخرز والفضة، بتصاميم مستوحاة من التراث.",
    "weaving": "بسط وسجاد يدوي على النول، ووسائد من صوف الغنم بألوان طبيعية.",
    "produce": "زيت زيتون وعسل جبلي، تين وزبيب مجفف، وخضار موسمية من أرضنا.",
    "herbs": "زهورات شامية، زعتر بري، مليسة وبابونج، وخلطات أعشاب مجففة ومعبّأة.",
    "mosaic": "علب وطاولات صغيرة مطعّمة بالصدف على الطريقة الدمشقية.",
    "leather": "حقائب ومحافظ وأحزمة جلدية مخيطة يدوياً.",
    "other": "سلال وأطباق من القش والقصب، مجدولة يدوياً.",
}

# Indexes into DEMO_FAMILIES.
FIRST_MARKET = {1, 9, 17, 21, 25}
RURAL_WOMEN = {8, 13, 16, 18, 24, 26, 27}
DISABILITY = {4, 15, 21}
OTHER_PROGRAMME = {2: "دورة فن البيع", 10: "برنامج تمويل المشاريع الصغيرة", 22: "دورة فن البيع"}


def _demo_families():
    for index in range(len(DEMO_FAMILIES)):
        user = db.session.scalar(db.select(User).where(User.phone == normalize_mobile(family_phone(index))))
        if user is not None and user.family is not None:
            yield index, user.family


def _fill_profile(index: int, family) -> bool:
    if family.head_name or not HEAD_NAMES[index]:
        return False
    family.head_name = HEAD_NAMES[index]
    family.head_sex = HEAD_SEX[index]
    family.products = " ".join(PRODUCTS_BY_CRAFT[craft.slug] for craft in family.crafts)
    family.first_market = index in FIRST_MARKET
    family.rural_women_project = index in RURAL_WOMEN
    family.disability = index in DISABILITY
    family.other_programme = OTHER_PROGRAMME.get(index, "")
    family.profile_updated_at = utcnow()
    return True


def _add_photos(index: int, family) -> int:
    if family.photos or not family.crafts:
        return 0
    count = 1 + index % 3
    for number in range(count):
        craft = family.crafts[number % len(family.crafts)]
        tile = product_tile(craft.slug, seed=f"{family.name}-{number}")
        store_photo(family, FileStorage(io.BytesIO(tile), filename=f"{craft.slug}.jpg", content_type="image/jpeg"))
    return count


def load_profiles() -> str:
    filled = photos = 0
    for index, family in _demo_families():
        filled += _fill_profile(index, family)
        photos += _add_photos(index, family)
    db.session.flush()
    return f"family profiles: {filled} filled, {photos} photos added"
