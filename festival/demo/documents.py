"""Demo documents: the types (a health certificate for food, sweets and dairy, the national ID,
a craft licence for metal, mosaic, glass and pottery) and the journey of a few families.

- 0944000001 (Damascus, food) holds a verified health certificate that expires before the
  Damascus Friday market's coming date it applied for (added by the organizer): the review
  queue of organizer 0930000002 flags it;
- 0944000023 (Rif Dimashq, food) sent its certificate, still to check: it waits in the
  organizer's queue of documents (/manage/documents);
- 0944000002 (Damascus, sweets) holds one valid for a year; 0944000007 (Aleppo, food) had
  its photo rejected, with the reason, and sees it on its dashboard;
- the Hama festival asks every family for its national ID and takes no application without it.
"""
import io
from datetime import timedelta

from PIL import Image, ImageDraw
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from festival.applications import operations as applications
from festival.applications.models import Application
from festival.auth.models import User
from festival.core.domain import DomainError
from festival.core.phones import normalize_mobile
from festival.core.timezones import today_in_damascus
from festival.core.types import utcnow
from festival.crafts.models import CraftCategory
from festival.demo.accounts import family_phone
from festival.documents import operations
from festival.documents.models import DocumentType, FamilyDocument
from festival.extensions import db
from festival.markets.models import Market
from festival.vendors.models import Family

ORGANIZER_PHONE = "0930000002"
TYPES = [
    ("الشهادة الصحية", "Health certificate", True, ["food", "sweets", "dairy"]),
    ("البطاقة الشخصية", "National ID", False, []),
    ("الرخصة الحرفية", "Craft licence", True, ["copper", "mosaic", "glass", "pottery"]),
]


def _family(index: int) -> Family | None:
    return db.session.scalar(select(Family).join(User, User.id == Family.user_id)
                             .where(User.phone == normalize_mobile(family_phone(index))))


def certificate_photo(seed: int) -> bytes:
    """A drawn paper: a header band, a stamp and lines of text, as a phone photographs it."""
    image = Image.new("RGB", (1200, 900), (92, 84, 72))
    draw = ImageDraw.Draw(image)
    draw.rectangle((120, 60, 1080, 840), fill=(250, 248, 240))
    draw.rectangle((120, 60, 1080, 170), fill=(40, 96, 80))
    for line in range(12):
        width = 700 - (line * 37 + seed * 53) % 260
        draw.rectangle((1000 - width, 230 + line * 45, 1000, 246 + line * 45), fill=(70, 70, 70))
    draw.ellipse((180, 640, 360, 820), outline=(40, 60, 160), width=10)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def _upload(family, document_type, expires_on, number, seed):
    upload = operations.Upload(document_type, number, expires_on,
                               FileStorage(io.BytesIO(certificate_photo(seed)), "certificate.jpg", "image/jpeg"))
    return operations.upload_document(family, upload, by=family.user, now=utcnow(), today=today_in_damascus())


def load_documents() -> str:
    if db.session.scalar(select(DocumentType.id).where(DocumentType.name_ar == TYPES[0][0])):
        return "documents: already there"
    crafts = {craft.slug: craft for craft in db.session.scalars(select(CraftCategory))}
    types = [operations.create_document_type(operations.DocumentTypePlan(
        name_ar=name_ar, name_en=name_en, expires=expires, crafts=[crafts[slug] for slug in slugs]), by=None)
        for name_ar, name_en, expires, slugs in TYPES]
    certificate, national_id = types[0], types[1]
    organizer = db.session.scalar(select(User).where(User.phone == normalize_mobile(ORGANIZER_PHONE)))
    today, now = today_in_damascus(), utcnow()
    documents = 0
    market = db.session.scalar(select(Market).where(Market.title_ar == "سوق الجمعة للأسر المنتجة في دمشق"))
    coming = [occurrence for occurrence in (market.occurrences if market else [])
              if not occurrence.is_cancelled and occurrence.day >= today + timedelta(days=10)]
    cook = _family(0)
    if cook is not None and coming:
        document = _upload(cook, certificate, coming[0].day - timedelta(days=3), "ص/2026/4417", 1)
        operations.verify_document(document, by=organizer, now=now, today=today)
        documents += 1
        if not db.session.scalar(select(Application.id).where(Application.family_id == cook.id,
                                                              Application.occurrence_id == coming[0].id)):
            try:
                with db.session.begin_nested():
                    applications.apply(cook, [coming[0]], applications.ApplicationRequest(
                        crafts=[crafts["food"]], accept_terms=True,
                        answers={question.id: "yes" for question in market.questions}),
                        now=now, by_organizer=organizer)
            except DomainError:
                pass
    for index, expires_in, number, verify in ((1, 365, "ص/2026/1032", True), (22, 200, "ص/2026/7781", False)):
        family = _family(index)
        if family is not None:
            document = _upload(family, certificate, today + timedelta(days=expires_in), number, index)
            if verify:
                operations.verify_document(document, by=organizer, now=now, today=today)
            documents += 1
    aleppo_cook = _family(6)
    if aleppo_cook is not None:
        document = _upload(aleppo_cook, certificate, today + timedelta(days=120), "ح/2026/0561", 6)
        aleppo_organizer = db.session.scalar(select(User).where(User.phone == normalize_mobile("0930000003")))
        operations.reject_document(document, "الصورة غير واضحة: صوّروا الشهادة كاملة في ضوء النهار",
                                   by=aleppo_organizer, now=now)
        documents += 1
    hama = db.session.scalar(select(Market).where(Market.title_ar == "مهرجان حماة للأسر المنتجة"))
    if hama is not None:
        operations.set_market_requirements(hama, [national_id], "applications", by=None)
    db.session.flush()
    count = db.session.query(FamilyDocument).count()
    return f"documents: {len(types)} types, {documents} uploads ({count} in all)"
