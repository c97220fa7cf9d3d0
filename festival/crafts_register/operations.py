"""Admins' changes to the register (a craft's description, marks and photos) and the logged
register exports. Each change is audited and changes what visitors see on every crafts page
(public_data_changed() with no province: the crafts pages show every province)."""
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l

from festival.audit.log import record, record_changes
from festival.core.domain import DomainError
from festival.core.labels import register_labels
from festival.crafts.models import Craft, CraftPhoto
from festival.crafts.photos import delete_craft_photo, store_craft_photo
from festival.crafts_register.export import REGISTER_FIELD
from festival.extensions import db
from festival.markets.public_version import public_data_changed
from festival.partners.models import EXPORT_FIELDS, Partner, PartnerExport

# The partners' exports list names what each held: the register is one more kind of export.
register_labels("export_field", {**EXPORT_FIELDS, REGISTER_FIELD: _l("Traditional crafts register")})


@dataclass
class CraftText:
    description_ar: str
    description_en: str
    heritage: bool
    endangered: bool


def _snapshot(craft: Craft) -> dict:
    return {"description_ar": craft.description_ar, "description_en": craft.description_en,
            "heritage": craft.heritage, "endangered": craft.endangered}


def update_craft(craft: Craft, text: CraftText, *, by) -> None:
    if text.endangered and not text.heritage:
        raise DomainError(_l("Only a heritage craft can be marked endangered."), field="endangered")
    before = _snapshot(craft)
    craft.description_ar = text.description_ar.strip()
    craft.description_en = text.description_en.strip()
    craft.heritage, craft.endangered = text.heritage, text.endangered
    db.session.flush()
    if record_changes("craft.edited", craft, before, _snapshot(craft), actor=by, craft=craft.slug):
        public_data_changed()


def add_photo(craft: Craft, file_storage, *, by) -> CraftPhoto:
    photo = store_craft_photo(craft, file_storage)
    record("craft.photo_added", craft, actor=by, craft=craft.slug, photo=photo.stored_name)
    public_data_changed()
    return photo


def remove_photo(photo: CraftPhoto, *, by) -> None:
    craft = photo.craft
    record("craft.photo_removed", craft, actor=by, craft=craft.slug, photo=photo.stored_name)
    delete_craft_photo(photo)
    public_data_changed()


def log_partner_export(partner: Partner, *, by, rows: int, now: datetime) -> PartnerExport:
    """A partner's register download, logged with its partner's exports (no family in it)."""
    export = PartnerExport(partner_id=partner.id, user_id=by.id, made_at=now, row_count=0,
                           fields=[REGISTER_FIELD], purpose=partner.purpose)
    db.session.add(export)
    db.session.flush()
    record("crafts.register_exported", export, actor=by, partner=partner.name_ar, rows=rows)
    return export


def log_admin_export(*, by, rows: int) -> None:
    record("crafts.register_exported", None, actor=by, rows=rows)
