"""30 and 7 days before a document expires, the family hears it through the outbox (SMS
where configured), so it renews the paper before a market day needs it.

Run by the schedule (festival/schedules.py, hourly). A family's current document that is
not rejected and expires within 30 days is due once per window: the document remembers
the last window it was reminded of (`expiry_reminded_days`), and each reminder's key names
the document and the window (`document.expiring:<id>:30`), so a second run, or two
consumers, send nothing twice. A document uploaded 5 days before it expires gets only the
7-day reminder; one already expired gets none (the family's dashboard shows it).
"""
from datetime import date, datetime, timedelta

from sqlalchemy import and_, or_
from sqlalchemy.orm import joinedload

from festival.core.timezones import to_damascus
from festival.documents.models import DocumentStatus, FamilyDocument
from festival.extensions import db
from festival.notifications.service import notify
from festival.vendors.models import Family

WINDOWS = (30, 7)  # days before the expiry, widest first
DOCUMENTS_LINK = "/family/documents"


def window_for(days_left: int) -> int | None:
    """The narrowest window `days_left` falls in: 7, 30, or None beyond."""
    inside = [window for window in WINDOWS if days_left <= window]
    return min(inside) if inside else None


def remind_expiring_documents(now: datetime) -> int:
    today = to_damascus(now).date()
    due = db.session.scalars(
        db.select(FamilyDocument).where(
            FamilyDocument.replaced_at.is_(None), FamilyDocument.status != DocumentStatus.REJECTED,
            FamilyDocument.expires_on.is_not(None), FamilyDocument.expires_on >= today,
            FamilyDocument.expires_on <= today + timedelta(days=max(WINDOWS)),
            or_(FamilyDocument.expiry_reminded_days.is_(None),
                and_(FamilyDocument.expiry_reminded_days > min(WINDOWS),
                     FamilyDocument.expires_on <= today + timedelta(days=min(WINDOWS)))))
        .options(joinedload(FamilyDocument.document_type),
                 joinedload(FamilyDocument.family).joinedload(Family.user))).unique().all()
    reminded = 0
    for document in due:
        window = window_for((document.expires_on - today).days)
        if window is None or (document.expiry_reminded_days is not None and document.expiry_reminded_days <= window):
            continue
        document.expiry_reminded_days = window
        _remind(document, window, today)
        reminded += 1
    db.session.flush()
    return reminded


def _remind(document: FamilyDocument, window: int, today: date) -> None:
    document_type = document.document_type
    notify(document.family.user, "document.expiring", key=f"document.expiring:{document.id}:{window}",
           link=DOCUMENTS_LINK, document_ar=document_type.name_ar,
           document_en=document_type.name_en or document_type.name_ar,
           expires_on=document.expires_on.isoformat(), days=(document.expires_on - today).days)
