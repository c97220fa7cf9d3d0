"""Documents: types (a health certificate for food), real files to upload (photos, PDFs good
and hostile), and families' documents in any state, through the real operations."""
import io
from datetime import date, timedelta

from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject
from werkzeug.datastructures import FileStorage

from festival.core.timezones import today_in_damascus
from festival.core.types import utcnow
from festival.documents import operations
from festival.documents.models import DocumentType, FamilyDocument
from festival.extensions import db
from tests.factories.people import crafts as crafts_by_slug


def photo_bytes(image_format="JPEG", size=(900, 600), color=(240, 240, 230)) -> bytes:
    image = Image.new("RGB", size, color)
    for x in range(50, size[0] - 50, 40):  # some lines, as on a printed certificate
        image.paste((30, 30, 30), (x, 100, x + 20, 110))
    buffer = io.BytesIO()
    image.save(buffer, image_format, **({"quality": 85} if image_format == "JPEG" else {}))
    return buffer.getvalue()


def pdf_bytes(pages=1, *, javascript=False, encrypted=False, embedded_file=False) -> bytes:
    writer = PdfWriter()
    for _page in range(pages):
        writer.add_blank_page(width=595, height=842)
    if javascript:  # a document-level script, in the catalogue's /Names tree
        action = writer._add_object(DictionaryObject({
            NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert('hi');")}))
        names = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("hello"), action])})
        writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): names})
    if embedded_file:
        writer.add_attachment("payload.exe", b"MZ...")
    if encrypted:
        writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_with_open_action_script() -> bytes:
    """A one-page PDF whose catalogue runs a script on opening (/OpenAction with /S /JavaScript)."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    action = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                               NameObject("/JS"): TextStringObject("app.launchURL('http://evil.example')")})
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def upload_file(content: bytes, filename="document.jpg", content_type="image/jpeg") -> FileStorage:
    return FileStorage(stream=io.BytesIO(content), filename=filename, content_type=content_type)


def make_document_type(name_ar="الشهادة الصحية", name_en="Health certificate", *, expires=True,
                       crafts=("food",)) -> DocumentType:
    existing = db.session.scalar(db.select(DocumentType).where(DocumentType.name_ar == name_ar))
    if existing is not None:
        return existing
    document_type = operations.create_document_type(operations.DocumentTypePlan(
        name_ar=name_ar, name_en=name_en, expires=expires, crafts=crafts_by_slug(*crafts)), by=None)
    db.session.commit()
    db.session.refresh(document_type)
    return document_type


def make_document(family, document_type, *, expires_on: date | None = None, status="verified", organizer=None,
                  number="ص-12345", content: bytes | None = None, reason="الصورة غير واضحة") -> FamilyDocument:
    """The family's current document of this type, uploaded (a photo) and, unless pending, decided."""
    family = db.session.merge(family)
    document_type = db.session.merge(document_type)
    if expires_on is None and document_type.expires:
        expires_on = today_in_damascus() + timedelta(days=365)
    document = operations.upload_document(
        family, operations.Upload(document_type, number, expires_on, upload_file(content or photo_bytes())),
        by=family.user, now=utcnow(), today=min(today_in_damascus(), expires_on or today_in_damascus()))
    if status == "verified":
        document.status = "verified"  # as an organizer would have, whatever the expiry (a test moves in time)
        document.reviewed_at = utcnow()
        document.reviewed_by_id = organizer.id if organizer is not None else None
    elif status == "rejected":
        operations.reject_document(document, reason, by=organizer, now=utcnow())
    db.session.commit()
    db.session.refresh(document)
    return document
