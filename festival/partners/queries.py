"""What a partner may read: its scope's aggregates (small cells suppressed) and the rows of
the families that granted its purpose, with its policy's fields only. Fixed numbers of
queries, whatever the number of families."""
from dataclasses import dataclass

from sqlalchemy import and_, func, select

from festival.consent.queries import has_granted
from festival.core.access import object_or_404
from festival.core.phones import display_phone
from festival.crafts.models import CraftCategory
from festival.extensions import db
from festival.partners.models import EXPORT_FIELDS, Partner, PartnerExport, partner_export_families, partner_members
from festival.provinces.models import Province
from festival.reports.models import SalesReport
from festival.reports.open_data import SUPPRESSED_TEXT, SUPPRESSION_THRESHOLD
from festival.stalls.models import StallAssignment
from festival.vendors.models import Family, family_crafts


def partner_of(user) -> Partner | None:
    return db.session.scalar(select(Partner).join(partner_members, partner_members.c.partner_id == Partner.id)
                             .where(partner_members.c.user_id == user.id))


def partner_or_404(partner_id: int) -> Partner:
    return object_or_404(Partner, partner_id, db.selectinload(Partner.provinces), db.selectinload(Partner.members))


def all_partners() -> list[Partner]:
    return list(db.session.scalars(select(Partner).order_by(Partner.name_ar)
                                   .options(db.selectinload(Partner.provinces), db.selectinload(Partner.members))))


def _of_its_provinces(partner: Partner):
    return True if partner.national else Family.province_id.in_([province.id for province in partner.provinces])


def _in_scope(partner: Partner):
    """The families whose rows a partner may export: live records (Family.is_live: never a
    merged or erased one) of its scope."""
    return and_(Family.is_live, _of_its_provinces(partner))


def counted_in_scope(partner: Partner):
    """The families its counts and sums are of (Family.is_counted: never a merged record)."""
    return and_(Family.is_counted, _of_its_provinces(partner))


def shown(count: int) -> int | str:
    """A count of families as a partner reads it: fewer than 5 is "<5"."""
    return count if count >= SUPPRESSION_THRESHOLD else SUPPRESSED_TEXT


@dataclass(frozen=True)
class Cell:
    label: str
    families: int | str
    sales: int | None  # None where the families are too few to show


def families_by_province(partner: Partner) -> list[Cell]:
    sales = (select(SalesReport.family_id, func.sum(SalesReport.total_sales).label("total"))
             .where(SalesReport.attended.is_(True)).group_by(SalesReport.family_id).subquery())
    rows = db.session.execute(
        select(Province, func.count(Family.id), func.count(sales.c.family_id), func.sum(sales.c.total))
        .join(Family, Family.province_id == Province.id).outerjoin(sales, sales.c.family_id == Family.id)
        .where(counted_in_scope(partner)).group_by(Province.id).order_by(Province.position))
    return [Cell(province.name, shown(families), int(total) if total and reported >= SUPPRESSION_THRESHOLD else None)
            for province, families, reported, total in rows]


def families_by_craft(partner: Partner) -> list[Cell]:
    rows = db.session.execute(
        select(CraftCategory, func.count(Family.id))
        .join(family_crafts, family_crafts.c.craft_id == CraftCategory.id)
        .join(Family, Family.id == family_crafts.c.family_id)
        .where(counted_in_scope(partner)).group_by(CraftCategory.id).order_by(CraftCategory.position))
    return [Cell(craft.name, shown(families), None) for craft, families in rows]


def consented_select(partner: Partner):
    """A select of the families of the partner's scope whose latest choice grants its purpose,
    loaded for export_table, in a stable order (the API pages through it)."""
    return (select(Family).where(_in_scope(partner), has_granted(Family.id, partner.purpose))
            .options(db.joinedload(Family.user), db.joinedload(Family.province), db.joinedload(Family.area),
                     db.selectinload(Family.crafts)).order_by(Family.province_id, Family.name, Family.id))


def consented_families(partner: Partner) -> list[Family]:
    return list(db.session.scalars(consented_select(partner)))


def policy_fields(partner: Partner) -> list[str]:
    """The codes of the fields its data policy lists, in EXPORT_FIELDS order."""
    return [code for code in EXPORT_FIELDS if code in set(partner.fields or ())]


def consented_count(partner: Partner) -> int:
    return db.session.scalar(select(func.count(Family.id)).where(_in_scope(partner),
                                                                 has_granted(Family.id, partner.purpose)))


def export_table(partner: Partner, families: list[Family]) -> tuple[list[str], list[list]]:
    fields = policy_fields(partner)
    ids = [family.id for family in families]
    dates = dict(db.session.execute(select(StallAssignment.family_id, func.count(StallAssignment.id))
                                    .where(StallAssignment.family_id.in_(ids)).group_by(StallAssignment.family_id))
                 .all()) if ids else {}
    sales = dict(db.session.execute(select(SalesReport.family_id, func.sum(SalesReport.total_sales))
                                    .where(SalesReport.family_id.in_(ids), SalesReport.attended.is_(True))
                                    .group_by(SalesReport.family_id)).all()) if ids else {}
    values = {
        "name": lambda family: family.name,
        "head_name": lambda family: family.head_name,
        "phone": lambda family: display_phone(family.user.phone),
        "province": lambda family: family.province.name,
        "area": lambda family: family.area.name if family.area else "",
        "crafts": lambda family: "، ".join(craft.name for craft in family.crafts),
        "products": lambda family: family.products,
        "market_dates": lambda family: dates.get(family.id, 0),
        "sales": lambda family: int(sales.get(family.id) or 0),
    }
    return [str(EXPORT_FIELDS[code]) for code in fields], [[values[code](family) for code in fields]
                                                           for family in families]


def exports_of(partner: Partner | None = None, *, limit: int = 50) -> list[PartnerExport]:
    query = select(PartnerExport).options(db.joinedload(PartnerExport.partner), db.joinedload(PartnerExport.user),
                                          db.joinedload(PartnerExport.api_token))
    if partner is not None:
        query = query.where(PartnerExport.partner_id == partner.id)
    return list(db.session.scalars(query.order_by(PartnerExport.id.desc()).limit(limit)))


def exports_including(family: Family) -> list[PartnerExport]:
    """The exports a family's data was in: who received it, and when."""
    return list(db.session.scalars(
        select(PartnerExport).join(partner_export_families, partner_export_families.c.export_id == PartnerExport.id)
        .where(partner_export_families.c.family_id == family.id)
        .options(db.joinedload(PartnerExport.partner)).order_by(PartnerExport.id.desc())))
