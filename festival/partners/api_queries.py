"""What the partner API reads for a partner's token, as plain JSON-ready values: the
families who agreed (its policy's fields only), the public markets of its scope, the sales
cells of its provinces (small cells suppressed, festival/reports/open_data.py) and the craft
categories with their families (counts, "<5" hidden), each with the traditional crafts of the
register under it (heritage and endangered marks, families practising each, "<5" hidden).
Each read is a fixed number of queries.

Only festival/partners/operations.record_export may log families leaving: the API view
calls it with the page it returns.
"""
from sqlalchemy import func, select

from festival.crafts.models import Craft, CraftCategory
from festival.extensions import db
from festival.markets.models import Market, MarketStatus
from festival.partners.models import Partner
from festival.partners.queries import consented_select, counted_in_scope, export_table, policy_fields
from festival.reports.open_data import SUPPRESSION_THRESHOLD, SalesCell, sales_cells
from festival.vendors.models import Family, family_craft_items, family_crafts

PUBLIC_MARKET_STATUSES = (MarketStatus.PUBLISHED, MarketStatus.ARCHIVED, MarketStatus.CANCELLED)


def scope_slugs(partner: Partner) -> list[str] | None:
    """Its provinces' slugs; None for a national partner."""
    return None if partner.national else [province.slug for province in partner.provinces]


def consented_families_page(partner: Partner, page: int, per_page: int):
    """A page (flask_sqlalchemy Pagination) of the families who agreed: two queries, then the loads."""
    return db.paginate(consented_select(partner), page=page, per_page=per_page, error_out=False)


def family_records(partner: Partner, families: list[Family]) -> list[dict]:
    """Each family as {field code: value}, with its policy's fields and nothing else."""
    codes = policy_fields(partner)
    _headers, rows = export_table(partner, families)
    return [dict(zip(codes, row, strict=True)) for row in rows]


def markets_select(partner: Partner):
    """Public markets (never drafts) of its provinces, newest first."""
    query = (select(Market).where(Market.status.in_(PUBLIC_MARKET_STATUSES))
             .options(db.joinedload(Market.province), db.joinedload(Market.venue), db.selectinload(Market.crafts))
             .order_by(Market.first_day.desc(), Market.id.desc()))
    if not partner.national:
        query = query.where(Market.province_id.in_([province.id for province in partner.provinces]))
    return query


def markets_page(partner: Partner, page: int, per_page: int):
    return db.paginate(markets_select(partner), page=page, per_page=per_page, error_out=False)


def market_record(market: Market) -> dict:
    return {"id": market.id, "title": {"ar": market.title_ar, "en": market.title_en}, "kind": market.kind,
            "status": market.status, "province": market.province.slug, "venue": market.venue.name,
            "first_day": market.first_day.isoformat(), "last_day": market.last_day.isoformat(),
            "categories": [craft.slug for craft in market.crafts]}


def sales_in_scope(partner: Partner) -> list[SalesCell]:
    """The open data's cells of its provinces: the same suppression, no totals beside them."""
    slugs = scope_slugs(partner)
    return [cell for cell in sales_cells() if slugs is None or cell.province in slugs]


def _families_per(link_table, partner: Partner) -> dict[int, int]:
    """{craft or category id: families of the scope} through one of the family ↔ craft tables."""
    return dict(db.session.execute(
        select(link_table.c.craft_id, func.count(Family.id))
        .join(Family, Family.id == link_table.c.family_id).where(counted_in_scope(partner))
        .group_by(link_table.c.craft_id)).all())


def _counted(families: int) -> dict:
    shown = families >= SUPPRESSION_THRESHOLD
    return {"families": families if shown else None, "suppressed": not shown}


def crafts_in_scope(partner: Partner) -> list[dict]:
    """Every craft category with the number of its families in the scope (None below the
    threshold), and the register's crafts under it, counted the same way. Four queries."""
    per_category, per_craft = _families_per(family_crafts, partner), _families_per(family_craft_items, partner)
    crafts_of: dict[int, list[dict]] = {}
    for craft in db.session.scalars(select(Craft).order_by(Craft.position, Craft.id)):
        crafts_of.setdefault(craft.category_id, []).append({
            "slug": craft.slug, "name": {"ar": craft.name_ar, "en": craft.name_en},
            "heritage": craft.heritage, "endangered": craft.endangered, **_counted(per_craft.get(craft.id, 0))})
    return [{"slug": category.slug, "name": {"ar": category.name_ar, "en": category.name_en},
             **_counted(per_category.get(category.id, 0)), "crafts": crafts_of.get(category.id, [])}
            for category in db.session.scalars(select(CraftCategory).order_by(CraftCategory.position))]
