"""The register export for partners and admins, "داتا الصناعات الحرفية": one row per craft
and province with families (fewer than 5: "<5"), markets, the families that reported sales
and the sales of those practising only that craft of its category (hidden where a family's
sales could be worked out: see festival/crafts_register/queries.py), the heritage and
endangered marks and whether the row is suppressed. A craft practised nowhere (in the
reader's scope) still has one row, without a province, so the list of crafts and their marks
is complete. Aggregates only: no family's data leaves, the export holds no family (its log
says 0 families)."""
from flask_babel import gettext as _

from festival.crafts_register.queries import cells, crafts_in_order

REGISTER_FIELD = "crafts_register"  # the code its exports are logged under (PartnerExport.fields)


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def register_table(province_ids: list[int] | None = None) -> tuple[list[str], list[list]]:
    """(headers, rows) in the reader's language; three or four queries."""
    crafts = crafts_in_order()
    by_craft: dict[int, list] = {}
    for cell in cells(province_ids=province_ids):
        by_craft.setdefault(cell.craft_id, []).append(cell)
    headers = [_("Craft code"), _("Craft"), _("Category"), _("Heritage"), _("Endangered"), _("Province"),
               _("Families"), _("Markets"), _("Families that reported sales"), _("Reported sales (Syrian pounds)"),
               _("Suppressed")]
    rows = []
    for craft in crafts:
        marks = [craft.slug, craft.name, craft.category.name, _yes_no(craft.heritage), _yes_no(craft.endangered)]
        found = by_craft.get(craft.id)
        if not found:
            rows.append([*marks, "", 0, 0, 0, 0, _yes_no(False)])
            continue
        for cell in found:
            rows.append([*marks, cell.province.name, cell.families, cell.markets,
                         cell.reporting, "" if cell.sales is None else cell.sales, _yes_no(cell.suppressed)])
    return headers, rows
