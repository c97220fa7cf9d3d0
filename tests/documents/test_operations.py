"""Document rules without HTTP: types, uploads that replace and keep history, decisions,
what the database refuses by itself, the audit log and what the family is told."""
from datetime import timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy.exc import IntegrityError

from festival.audit.models import AuditEntry
from festival.core.domain import DomainError
from festival.core.timezones import today_in_damascus
from festival.core.types import utcnow
from festival.documents import operations
from festival.documents.models import DocumentStatus, FamilyDocument
from festival.extensions import db
from festival.notifications.models import Notification
from tests.factories import make_document, make_document_type, make_organizer, photo_bytes, ready_family, upload_file

TODAY = today_in_damascus()


def _upload(family, document_type, *, number="ص-1", expires_on=TODAY + timedelta(days=200), content=None):
    return operations.upload_document(
        family, operations.Upload(document_type, number, expires_on, upload_file(content or photo_bytes())),
        by=family.user, now=utcnow(), today=TODAY)


def _message(error) -> str:
    with force_locale("en"):
        return str(error.value.message)


@pytest.fixture
def family(app_context):
    return db.session.merge(ready_family("أسرة أم سامر", crafts=("food",)))


@pytest.fixture
def certificate(app_context):
    return db.session.merge(make_document_type())


def test_a_new_upload_replaces_the_older_one_and_keeps_it_as_history(family, certificate):
    first = _upload(family, certificate, number="ص-1")
    second = _upload(family, certificate, number="ص-2")
    db.session.commit()

    documents = db.session.scalars(db.select(FamilyDocument).order_by(FamilyDocument.id)).all()
    assert [(d.number, d.is_current) for d in documents] == [("ص-1", False), ("ص-2", True)]
    assert first.replaced_at is not None and second.status == DocumentStatus.PENDING


def test_the_database_holds_one_current_document_per_family_and_type(family, certificate):
    document = _upload(family, certificate)
    db.session.commit()
    twin = FamilyDocument(family_id=family.id, document_type_id=certificate.id, number="x", status="pending",
                          stored_name="A" * 20, content_type="image/webp", size_bytes=10)
    db.session.add(twin)

    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
    assert db.session.get(FamilyDocument, document.id).is_current


def test_a_document_that_expires_needs_its_last_day_and_not_a_past_one(family, certificate):
    with pytest.raises(DomainError) as missing:
        _upload(family, certificate, expires_on=None)
    with pytest.raises(DomainError) as past:
        _upload(family, certificate, expires_on=TODAY - timedelta(days=1))

    assert missing.value.field == past.value.field == "expires_on"
    assert "expired" in _message(past)


def test_a_document_that_never_expires_keeps_no_expiry(family):
    national_id = make_document_type("البطاقة الشخصية", "National ID", expires=False, crafts=())

    document = _upload(family, db.session.merge(national_id), expires_on=TODAY + timedelta(days=10))

    assert document.expires_on is None


def test_every_document_needs_its_number(family, certificate):
    with pytest.raises(DomainError) as refused:
        _upload(family, certificate, number="  ")

    assert refused.value.field == "number"


def test_an_organizer_verifies_a_document_and_the_family_is_told(family, certificate):
    organizer = db.session.merge(make_organizer("damascus"))
    document = _upload(family, certificate)

    operations.verify_document(document, by=organizer, now=utcnow(), today=TODAY)
    db.session.commit()

    assert document.status == DocumentStatus.VERIFIED and document.reviewed_by_id == organizer.id
    told = db.session.scalar(db.select(Notification).where(Notification.kind == "document.verified"))
    assert told.user_id == family.user_id and told.params["document_ar"] == "الشهادة الصحية"
    actions = set(db.session.scalars(db.select(AuditEntry.action)))
    assert {"document_type.created", "document.uploaded", "document.verified"} <= actions


def test_a_rejection_needs_a_reason_and_the_family_reads_it(family, certificate):
    organizer = db.session.merge(make_organizer("damascus"))
    document = _upload(family, certificate)
    with pytest.raises(DomainError) as refused:
        operations.reject_document(document, "   ", by=organizer, now=utcnow())
    assert refused.value.field == "reason"

    operations.reject_document(document, "الصورة غير واضحة", by=organizer, now=utcnow())
    db.session.commit()

    told = db.session.scalar(db.select(Notification).where(Notification.kind == "document.rejected"))
    assert told.params["reason"] == "الصورة غير واضحة"
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "document.rejected"))
    assert entry.details["reason"] == "الصورة غير واضحة" and entry.province_id == family.province_id


def test_the_database_refuses_a_rejection_without_a_reason(family, certificate):
    document = _upload(family, certificate)
    db.session.commit()
    document.status, document.reviewed_at, document.reject_reason = "rejected", utcnow(), " "

    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_only_the_current_document_can_be_decided(family, certificate):
    older = _upload(family, certificate)
    _upload(family, certificate)

    with pytest.raises(DomainError) as refused:
        operations.verify_document(older, by=None, now=utcnow(), today=TODAY)

    assert "newer" in _message(refused)


def test_an_expired_document_cannot_be_verified(app_context):
    family = ready_family("أسرة", crafts=("food",))
    document = make_document(family, make_document_type(), expires_on=TODAY + timedelta(days=1), status="pending")

    with pytest.raises(DomainError):
        operations.verify_document(db.session.merge(document), by=None, now=utcnow(), today=TODAY + timedelta(days=2))


def test_document_type_names_are_unique(app_context, certificate):
    with pytest.raises(DomainError) as refused:
        operations.create_document_type(operations.DocumentTypePlan("الشهادة الصحية", "", True, []), by=None)

    assert refused.value.field == "name_ar"


def test_a_market_asks_for_its_own_documents_and_the_change_is_audited(app_context, certificate):
    from tests.factories import open_market

    market = open_market()
    national_id = db.session.merge(make_document_type("البطاقة الشخصية", "National ID", expires=False, crafts=()))

    operations.set_market_requirements(market, [national_id], "applications", by=None)
    db.session.commit()

    from festival.documents.readiness import required_types_of_market
    assert [t.name_ar for t in required_types_of_market(market)] == ["البطاقة الشخصية"]
    assert market.document_policy == "applications"
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "market.documents_changed"))
    assert entry.details["added"] == ["البطاقة الشخصية"] and entry.province_id == market.province_id
    with pytest.raises(DomainError):
        operations.set_market_requirements(market, [], "nonsense", by=None)
