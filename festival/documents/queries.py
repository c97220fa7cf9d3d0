"""Reading documents: the organizers' queue, a family's own papers, document types."""
from datetime import date, timedelta

from flask import abort
from sqlalchemy.orm import joinedload, selectinload

from festival.auth.models import Role, user_provinces
from festival.core.access import object_or_404
from festival.documents.models import DocumentStatus, DocumentType, FamilyDocument
from festival.documents.readiness import DocumentState, current_documents, state_for, types_for_crafts
from festival.extensions import db
from festival.vendors.models import Family

SOON_DAYS = 30  # a document expiring within this many days shows on the family's dashboard


def document_types() -> list[DocumentType]:
    return list(db.session.scalars(db.select(DocumentType).options(selectinload(DocumentType.crafts))
                                   .order_by(DocumentType.id)))


def document_type_or_404(document_type_id: int) -> DocumentType:
    return object_or_404(DocumentType, document_type_id, selectinload(DocumentType.crafts))


def document_or_404(document_id: int) -> FamilyDocument:
    return object_or_404(FamilyDocument, document_id, joinedload(FamilyDocument.document_type),
                         joinedload(FamilyDocument.family).joinedload(Family.province),
                         joinedload(FamilyDocument.family).joinedload(Family.user))


def own_document_or_404(family: Family, document_id: int) -> FamilyDocument:
    """Another family's document is a 404, like one that does not exist."""
    document = db.session.scalar(db.select(FamilyDocument).where(
        FamilyDocument.id == document_id, FamilyDocument.family_id == family.id))
    if document is None:
        abort(404)
    return document


def pending_query(user, province_id: int | None = None):
    """Current documents waiting for a decision, of the families of the user's provinces, oldest first."""
    query = (db.select(FamilyDocument).join(Family, Family.id == FamilyDocument.family_id)
             .where(FamilyDocument.status == DocumentStatus.PENDING, FamilyDocument.replaced_at.is_(None),
                    Family.is_live)
             .options(joinedload(FamilyDocument.document_type),
                      joinedload(FamilyDocument.family).joinedload(Family.province))
             .order_by(FamilyDocument.uploaded_at, FamilyDocument.id))
    if user.role != Role.ADMIN:
        query = query.where(Family.province_id.in_(
            db.select(user_provinces.c.province_id).where(user_provinces.c.user_id == user.id)))
    if province_id is not None:
        query = query.where(Family.province_id == province_id)
    return query


def pending_count(user) -> int:
    from sqlalchemy import func

    return db.session.scalar(db.select(func.count()).select_from(pending_query(user).order_by(None).subquery()))


def history_of(family: Family) -> list[FamilyDocument]:
    """Every document the family ever uploaded, newest first, with its type."""
    return list(db.session.scalars(
        db.select(FamilyDocument).where(FamilyDocument.family_id == family.id)
        .options(joinedload(FamilyDocument.document_type), joinedload(FamilyDocument.reviewed_by))
        .order_by(FamilyDocument.uploaded_at.desc(), FamilyDocument.id.desc())))


def needed_by_crafts(family: Family) -> list[DocumentType]:
    return types_for_crafts(craft.id for craft in family.crafts)


def attention(family: Family, today: date) -> list[tuple[DocumentType, DocumentState, FamilyDocument | None]]:
    """What the family's dashboard points out: documents its crafts need that are missing or
    rejected, and current documents expired or expiring within SOON_DAYS days."""
    needed = {document_type.id: document_type for document_type in needed_by_crafts(family)}
    current = current_documents([family.id])
    alerts = []
    for type_id, document_type in needed.items():
        document = current.get((family.id, type_id))
        if document is None or document.status == DocumentStatus.REJECTED:
            alerts.append((document_type, state_for(document, document_type, today), document))
    for (_family_id, type_id), document in sorted(current.items()):
        if document.status == DocumentStatus.REJECTED and type_id in needed:
            continue  # said above
        if document.status == DocumentStatus.REJECTED:
            alerts.append((document.document_type, DocumentState.REJECTED, document))
        elif document.expires_on is not None and document.expires_on <= today + timedelta(days=SOON_DAYS):
            alerts.append((document.document_type, DocumentState.EXPIRES, document))
    return alerts
