"""Erasing a family: one operation for the family itself and for an admin acting on its request.

Every table that refers to families is named in TABLES with what erasure does to it, so a
new feature's table is not forgotten silently (tests/consent/test_erasure.py fails on a
table missing here):
- WITHDRAWN: what is still to come is withdrawn through the feature's own operation
  (applications: the stall frees up and the waitlist moves; training places likewise);
  what is over stays, with the family's free text emptied.
- DELETED: rows and files of the family's own making (photos, documents with their
  numbers).
- CONSENT: every sharing choice is withdrawn (new rows, as any withdrawal).
- KEPT: the programme's records (stalls, badges, attendance, sales amounts, fees,
  exports' lists, memberships): they hold no personal data beyond the family's id.
The account's own rows (in-app notifications, the outbox with its phone numbers and texts,
verification codes) are deleted. Earlier audit entries about the family, its account and its
documents lose the details that named it (PERSONAL_DETAILS: its name, phone, document
numbers); the entries themselves stay. The new entry ("family.erased") holds only ids and
counts.
"""
import secrets
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, delete, or_, select, update

from festival.applications import operations as applications
from festival.applications.models import Answer, Application
from festival.applications.states import ACTIVE_STATES
from festival.audit.log import record
from festival.audit.models import AuditEntry
from festival.consent.operations import record_choices
from festival.core.domain import DomainError
from festival.core.uploads import remove_files_after_commit
from festival.documents.files import document_path
from festival.documents.models import FamilyDocument
from festival.duplicates.models import DuplicatePair, PairStatus
from festival.extensions import db
from festival.markets.models import Occurrence
from festival.markets.public_version import public_data_changed
from festival.notifications.models import Notification, OutboxMessage
from festival.reports.models import SalesReport
from festival.training import operations as training
from festival.training.models import Enrolment, EnrolmentStatus
from festival.units.operations import hand_over_representation
from festival.vendors.models import Family
from festival.vendors.photos import photo_path
from festival.verification.models import PhoneCode

WITHDRAWN, DELETED, CONSENT, KEPT = "withdrawn", "deleted", "consent", "kept"
TABLES = {
    "applications": WITHDRAWN,
    "training_enrolments": WITHDRAWN,
    "family_photos": DELETED,
    "family_documents": DELETED,
    "consent_choices": CONSENT,
    "badges": KEPT,
    "checkins": KEPT,
    "duplicate_pairs": KEPT,  # decided pairs; the open ones are deleted (nothing left to compare)
    "families": KEPT,  # merged_into_id
    "family_crafts": KEPT,
    "family_craft_items": KEPT,
    "fee_payments": KEPT,
    "fee_waivers": KEPT,
    "no_shows": KEPT,
    "partner_export_families": KEPT,
    "production_unit_members": KEPT,
    "sales_reports": KEPT,  # amounts kept; best product and problems (the family's words) emptied
    "scan_conflicts": KEPT,
    "stall_assignments": KEPT,
    "training_attendance": KEPT,
    "training_certificates": KEPT,
}
ERASED_PHONE_PREFIX = "+9630"  # +963 then 0: no Syrian mobile starts so; login never matches it


def erased_phone(user_id: int) -> str:
    return f"{ERASED_PHONE_PREFIX}{user_id:011d}"


def unhandled_tables() -> list[str]:
    """Tables referring to families.id that TABLES does not name."""
    return sorted(table.name for table in db.metadata.sorted_tables
                  if any(fk.column.table.name == "families" for column in table.columns for fk in column.foreign_keys)
                  and table.name not in TABLES)


class AlreadyErased(DomainError):
    def __init__(self):
        super().__init__(_l("This family's account was already deleted."))


class MergedRecord(DomainError):
    def __init__(self):
        super().__init__(_l("This record was merged into another family: delete that family's account instead."))


@dataclass
class Erasure:
    applications_withdrawn: list[int] = field(default_factory=list)
    enrolments_withdrawn: list[int] = field(default_factory=list)
    photos: int = 0
    documents: int = 0

    def as_details(self) -> dict:
        return {"applications_withdrawn": self.applications_withdrawn,
                "enrolments_withdrawn": self.enrolments_withdrawn, "photos": self.photos,
                "documents": self.documents}


def _withdraw_applications(family: Family, erasure: Erasure, *, by, now: datetime) -> None:
    coming = db.session.scalars(
        select(Application).join(Occurrence, Occurrence.id == Application.occurrence_id)
        .where(Application.family_id == family.id, Application.status.in_(ACTIVE_STATES), Occurrence.starts_at > now)
        .order_by(Application.id))
    for application in coming:
        applications.withdraw(application, by=by, now=now)
        erasure.applications_withdrawn.append(application.id)
    ids = select(Application.id).where(Application.family_id == family.id)
    db.session.execute(update(Application).where(Application.family_id == family.id).values(note=""))
    db.session.execute(update(Answer).where(Answer.application_id.in_(ids)).values(value=""))
    db.session.execute(update(SalesReport).where(SalesReport.family_id == family.id)
                       .values(best_product="", problems=""))


def _withdraw_training(family: Family, erasure: Erasure, *, by, now: datetime) -> None:
    enrolments = db.session.scalars(select(Enrolment).where(Enrolment.family_id == family.id,
                                                            Enrolment.status != EnrolmentStatus.WITHDRAWN))
    for enrolment in enrolments:
        if enrolment.certificate is None and not training.is_over(enrolment.cohort, now):
            training.withdraw(enrolment, by=by, now=now)
            erasure.enrolments_withdrawn.append(enrolment.id)


# What earlier audit entries of the family, its account and its documents may hold of it:
# those details are removed (the entries stay: who did what, when).
PERSONAL_DETAILS = {"name", "merged_name", "number", "phone", "email"}
PERSONAL_CHANGES = {"name", "display_name", "head_name", "second_phone", "products", "phone", "email"}


def _scrub_audit(targets: list[tuple[str, int]]) -> None:
    conditions = [and_(AuditEntry.target_type == kind, AuditEntry.target_id == target_id)
                  for kind, target_id in targets]
    for entry in db.session.scalars(select(AuditEntry).where(or_(*conditions))):
        details = {key: value for key, value in (entry.details or {}).items() if key not in PERSONAL_DETAILS}
        if isinstance(details.get("changes"), dict):
            details["changes"] = {key: value for key, value in details["changes"].items()
                                  if key not in PERSONAL_CHANGES}
        if details != entry.details:
            entry.details = {**details, "erased": True}


def _delete_files(family: Family, erasure: Erasure) -> None:
    paths = []
    for photo in list(family.photos):
        paths += [photo_path(photo.stored_name), photo_path(photo.stored_name, thumb=True)]
        erasure.photos += 1
    family.photos = []
    documents = list(db.session.scalars(select(FamilyDocument).where(FamilyDocument.family_id == family.id)))
    for document in documents:
        paths.append(document_path(document.stored_name, document.content_type))
        db.session.delete(document)
    erasure.documents = len(documents)
    db.session.flush()
    remove_files_after_commit(paths)


def _empty_record(family: Family) -> None:
    family.name = ""
    family.head_name = ""
    family.products = ""
    family.other_programme = ""
    family.second_phone = None
    family.head_sex = None
    family.head_birth_year = None
    family.displacement = None
    family.disability_in_family = None
    family.disability = False  # the priority flag says as much as the answer


def _close_account(family: Family) -> None:
    user = family.user
    user_id = user.id
    for model in (Notification, OutboxMessage, PhoneCode):
        db.session.execute(delete(model).where(model.user_id == user_id))
    user.phone = erased_phone(user_id)
    user.email = None
    user.display_name = ""
    user.set_password(secrets.token_urlsafe(32))  # nobody knows it; the account is disabled anyway
    user.enabled = False
    user.sms_allowed = user.email_allowed = False
    user.end_all_sessions()


def erase_family(family: Family, *, by, now: datetime) -> Erasure:
    """Erase the family's personal data and close its account; flushes, the caller commits.
    `by` is the family's own account, or the admin acting on the family's request."""
    if family.erased_at is not None:
        raise AlreadyErased()
    if family.merged_into_id is not None:
        raise MergedRecord()
    erasure = Erasure()
    document_ids = list(db.session.scalars(select(FamilyDocument.id).where(FamilyDocument.family_id == family.id)))
    _scrub_audit([("families", family.id), ("users", family.user_id)]
                 + [("family_documents", document_id) for document_id in document_ids])
    _withdraw_applications(family, erasure, by=by, now=now)
    _withdraw_training(family, erasure, by=by, now=now)
    hand_over_representation(family, by=by)  # its units' other members may still apply
    record_choices(family, set(), by=by, now=now)
    _delete_files(family, erasure)
    db.session.execute(delete(DuplicatePair).where(  # nothing left to compare; decided pairs stay as history
        DuplicatePair.status == PairStatus.OPEN,
        or_(DuplicatePair.first_family_id == family.id, DuplicatePair.second_family_id == family.id)))
    _empty_record(family)
    family.erased_at = now
    _close_account(family)
    db.session.flush()
    public_data_changed(family.province_id)  # event pages and the search may have shown it
    record("family.erased", family, actor=by, by_family=by is not None and by.id == family.user_id,
           **erasure.as_details())
    return erasure
