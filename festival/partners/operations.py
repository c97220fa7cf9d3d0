"""Partners: created by admins with their scope, purpose and data policy; their exports,
each logged with the families it held before the file leaves."""
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import insert

from festival.audit.log import record
from festival.auth.models import Role, User
from festival.auth.operations import _add_user_or_phone_taken, _unusable_password
from festival.consent.models import SharingPurpose
from festival.core.domain import DomainError
from festival.core.phones import normalize_mobile
from festival.extensions import db
from festival.partners.models import EXPORT_FIELDS, Partner, PartnerExport, PartnerKind, partner_export_families
from festival.partners.queries import consented_families, export_table


@dataclass
class PartnerPlan:
    name_ar: str
    kind: str
    purpose: str
    national: bool
    provinces: list = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    name_en: str | None = None


def _check(plan: PartnerPlan) -> None:
    if plan.kind not in set(PartnerKind):
        raise DomainError(_l("Choose the kind of partner."), field="kind")
    if plan.purpose not in (SharingPurpose.BANKS, SharingPurpose.MINISTRIES):
        raise DomainError(_l("Choose which of the families' choices its exports need."), field="purpose")
    if not plan.national and not plan.provinces:
        raise DomainError(_l("Choose its provinces, or make it national."), field="provinces")
    if set(plan.fields) - set(EXPORT_FIELDS):
        raise DomainError(_l("Choose fields from the list."), field="fields")


def _apply(partner: Partner, plan: PartnerPlan) -> None:
    partner.name_ar, partner.name_en = plan.name_ar.strip(), (plan.name_en or "").strip() or None
    partner.kind, partner.purpose, partner.national = plan.kind, plan.purpose, plan.national
    partner.provinces = [] if plan.national else list(plan.provinces)
    partner.fields = [code for code in EXPORT_FIELDS if code in set(plan.fields)]


def create_partner(plan: PartnerPlan, *, by) -> Partner:
    _check(plan)
    partner = Partner()
    _apply(partner, plan)
    db.session.add(partner)
    db.session.flush()
    record("partner.created", partner, actor=by, name=partner.name_ar, kind=partner.kind, fields=partner.fields,
           national=partner.national, provinces=[province.slug for province in partner.provinces])
    return partner


def update_partner(partner: Partner, plan: PartnerPlan, *, by) -> None:
    _check(plan)
    before = {"fields": list(partner.fields or ()), "purpose": partner.purpose, "national": partner.national,
              "provinces": [province.slug for province in partner.provinces]}
    _apply(partner, plan)
    db.session.flush()
    after = {"fields": list(partner.fields), "purpose": partner.purpose, "national": partner.national,
             "provinces": [province.slug for province in partner.provinces]}
    if before != after:
        record("partner.policy_changed", partner, actor=by,
               changes={key: [before[key], after[key]] for key in before if before[key] != after[key]})


def add_member(partner: Partner, *, phone: str, display_name: str, by) -> User:
    """An account of the partner's; it is entered through a one-time password link (admin users page)."""
    user = User(phone=normalize_mobile(phone), display_name=display_name.strip(), role=Role.PARTNER)
    user.set_password(_unusable_password())
    _add_user_or_phone_taken(user, for_self=False)
    partner.members.append(user)
    db.session.flush()
    record("account.created", user, actor=by, role=user.role, name=user.display_name, partner=partner.name_ar)
    return user


def export_families(partner: Partner, *, by, now: datetime) -> tuple[list[str], list[list], PartnerExport]:
    """The partner's export as (headers, rows), logged first with every family it holds."""
    families = consented_families(partner)
    headers, rows = export_table(partner, families)
    return headers, rows, record_export(partner, families, by=by, now=now)


def record_export(partner: Partner, families: list, *, by=None, token=None, now: datetime) -> PartnerExport:
    """Log that these families' data left for the partner: a person's download (`by`) or a
    read of the partner API (`token`, festival/api/partner_views.py)."""
    export = PartnerExport(partner_id=partner.id, user_id=by.id if by is not None else None,
                           api_token_id=token.id if token is not None else None, made_at=now,
                           row_count=len(families), fields=list(partner.fields or ()), purpose=partner.purpose)
    db.session.add(export)
    db.session.flush()
    if families:
        db.session.execute(insert(partner_export_families),
                           [{"export_id": export.id, "family_id": family.id} for family in families])
    record("partner.exported", export, actor=by, partner=partner.name_ar, rows=len(families), fields=export.fields,
           token=token.name if token is not None else None)
    return export
