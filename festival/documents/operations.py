"""Document rules: types (admins), a market's requirements (organizers), uploads (families),
verification and rejection (organizers of the family's province).

Operations flush and never commit; each change is audited, and the family hears of a
decision through the outbox. The database holds the rules that matter as well (see
models.py): one current document per family and type, a reason for every rejection.
"""
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from festival.audit.log import plain, record, record_changes, snapshot
from festival.core.domain import DomainError, RuleCheck
from festival.core.uploads import remove_files
from festival.crafts.models import CraftCategory
from festival.documents import files
from festival.documents.models import DocumentStatus, DocumentType, FamilyDocument, market_document_types
from festival.documents.policy import DocumentPolicy
from festival.extensions import db
from festival.notifications.service import notify
from festival.vendors.models import Family

TYPE_FIELDS = ("name_ar", "name_en", "expires", "crafts")
DOCUMENTS_LINK = "/family/documents"


@dataclass
class DocumentTypePlan:
    name_ar: str
    name_en: str
    expires: bool
    crafts: list[CraftCategory]


def _check_type_name(plan: DocumentTypePlan, document_type: DocumentType | None) -> None:
    name = (plan.name_ar or "").strip()
    if not name:
        raise DomainError(_l("Enter the name in Arabic."), field="name_ar")
    other = db.session.scalar(db.select(DocumentType.id).where(DocumentType.name_ar == name))
    if other is not None and (document_type is None or other != document_type.id):
        raise DomainError(_l("A document type with this name already exists."), field="name_ar")


def _fill_type(document_type: DocumentType, plan: DocumentTypePlan) -> None:
    document_type.name_ar = plan.name_ar.strip()
    document_type.name_en = (plan.name_en or "").strip()
    document_type.expires = bool(plan.expires)
    document_type.crafts = list(plan.crafts)


def create_document_type(plan: DocumentTypePlan, *, by) -> DocumentType:
    _check_type_name(plan, None)
    document_type = DocumentType()
    _fill_type(document_type, plan)
    db.session.add(document_type)
    db.session.flush()
    record("document_type.created", document_type, actor=by, name_ar=document_type.name_ar,
           expires=document_type.expires, crafts=[craft.slug for craft in document_type.crafts])
    return document_type


def update_document_type(document_type: DocumentType, plan: DocumentTypePlan, *, by) -> None:
    _check_type_name(plan, document_type)
    before = snapshot(document_type, TYPE_FIELDS)
    _fill_type(document_type, plan)
    db.session.flush()
    record_changes("document_type.edited", document_type, before, snapshot(document_type, TYPE_FIELDS), actor=by)


def set_market_requirements(market, document_types: list[DocumentType], policy: str, *, by) -> None:
    """The types a market asks of every family, and what happens to a family without them."""
    if policy not in set(DocumentPolicy):
        raise DomainError(_l("Choose what happens to a family without its documents."), field="policy")
    current_ids = set(db.session.scalars(db.select(market_document_types.c.document_type_id)
                                         .where(market_document_types.c.market_id == market.id)))
    wanted_ids = {document_type.id for document_type in document_types}
    before = {"document_types": sorted(current_ids), "document_policy": market.document_policy}
    if wanted_ids - current_ids:
        db.session.execute(market_document_types.insert(), [
            {"market_id": market.id, "document_type_id": type_id} for type_id in sorted(wanted_ids - current_ids)])
    if current_ids - wanted_ids:
        db.session.execute(market_document_types.delete().where(
            market_document_types.c.market_id == market.id,
            market_document_types.c.document_type_id.in_(current_ids - wanted_ids)))
    market.document_policy = policy
    db.session.flush()
    after = {"document_types": sorted(wanted_ids), "document_policy": policy}
    if before != after:
        def names(type_ids):
            return [db.session.get(DocumentType, type_id).name_ar for type_id in sorted(type_ids)] or None

        record("market.documents_changed", market, actor=by,
               changes={"document_policy": [before["document_policy"], policy]}
               if before["document_policy"] != policy else None,
               added=names(wanted_ids - current_ids), removed=names(current_ids - wanted_ids))


# -- the family uploads ------------------------------------------------------------------


@dataclass
class Upload:
    document_type: DocumentType
    number: str
    expires_on: date | None
    file: object  # a werkzeug FileStorage


def _check_upload_fields(upload: Upload, today: date) -> None:
    rules = RuleCheck()
    with rules.check():
        if not (upload.number or "").strip():
            raise DomainError(_l("Enter the number written on the document."), field="number")
    with rules.check():
        if upload.document_type.expires and upload.expires_on is None:
            raise DomainError(_l("Enter the last day the document is valid."), field="expires_on")
        if upload.document_type.expires and upload.expires_on < today:
            raise DomainError(_l("This document has already expired. Upload the renewed one."), field="expires_on")
    rules.raise_errors()


def upload_document(family: Family, upload: Upload, *, by, now: datetime, today: date) -> FamilyDocument:
    """Check and store the file, and make it the family's current document of its type.

    The older current one (if any) is kept as history. Raises DomainError (under the
    field it concerns) without storing anything."""
    _check_upload_fields(upload, today)
    checked = files.check_upload(upload.file)
    stored_name, path = files.store(checked)
    document = FamilyDocument(
        family_id=family.id, document_type_id=upload.document_type.id, number=upload.number.strip()[:64],
        expires_on=upload.expires_on if upload.document_type.expires else None, status=DocumentStatus.PENDING,
        stored_name=stored_name, content_type=checked.content_type, size_bytes=len(checked.content),
        pages=checked.pages, uploaded_at=now, uploaded_by_id=by.id if by else None)
    try:
        with db.session.begin_nested():
            previous = db.session.scalar(db.select(FamilyDocument).where(
                FamilyDocument.family_id == family.id, FamilyDocument.document_type_id == upload.document_type.id,
                FamilyDocument.replaced_at.is_(None)).with_for_update())
            if previous is not None:
                previous.replaced_at = now
                db.session.flush()  # first: the database holds one current document per type
            db.session.add(document)
            db.session.flush()
    except IntegrityError as error:  # another upload of the same type won the race
        remove_files([path])
        raise files.DocumentRefused(_l("The document could not be added. Please try again.")) from error
    document.document_type = upload.document_type
    record("document.uploaded", document, actor=by, document_type=upload.document_type.name_ar,
           number=document.number, expires_on=plain(document.expires_on), replaced=previous.id if previous else None)
    return document


# -- organizers decide --------------------------------------------------------------------


def _decidable(document: FamilyDocument) -> None:
    if not document.is_current:
        raise DomainError(_l("The family has uploaded a newer document of this type: decide on that one."))


def _tell_family(document: FamilyDocument, kind: str, now: datetime, reason: str | None = None) -> None:
    document_type = document.document_type
    notify(document.family.user, kind, key=f"{kind}:{document.id}:{now.isoformat()}", link=DOCUMENTS_LINK,
           document_ar=document_type.name_ar, document_en=document_type.name_en or document_type.name_ar,
           expires_on=document.expires_on.isoformat() if document.expires_on else None, reason=reason)


def verify_document(document: FamilyDocument, *, by, now: datetime, today: date) -> None:
    _decidable(document)
    if document.status == DocumentStatus.VERIFIED:
        raise DomainError(_l("This document is already verified."))
    if document.expires_on is not None and document.expires_on < today:
        raise DomainError(_l("This document has expired: it cannot be verified. The family must upload the "
                             "renewed one."))
    previous = document.status
    document.status = DocumentStatus.VERIFIED
    document.reject_reason = None
    document.reviewed_at, document.reviewed_by_id = now, by.id if by else None
    db.session.flush()
    record("document.verified", document, actor=by, from_status=previous,
           document_type=document.document_type.name_ar)
    _tell_family(document, "document.verified", now)


def reject_document(document: FamilyDocument, reason: str, *, by, now: datetime) -> None:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_l("Give the reason for the rejection: the family will see it."), field="reason")
    _decidable(document)
    if document.status == DocumentStatus.REJECTED:
        raise DomainError(_l("This document is already rejected."))
    previous = document.status
    document.status = DocumentStatus.REJECTED
    document.reject_reason = reason
    document.reviewed_at, document.reviewed_by_id = now, by.id if by else None
    db.session.flush()
    record("document.rejected", document, actor=by, from_status=previous, reason=reason,
           document_type=document.document_type.name_ar)
    _tell_family(document, "document.rejected", now, reason)
