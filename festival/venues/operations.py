"""Venue and stall-layout rules: venues, generated sections, stall changes, deletions.

Operations flush, never commit; they raise DomainError with a message for the user.
Whether the user may manage the venue's province is checked by the view.
"""
import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, exists, select, update
from sqlalchemy.exc import IntegrityError

from festival.audit.log import record, record_changes, snapshot
from festival.core.domain import DomainError, RuleCheck
from festival.core.timezones import today_in_damascus
from festival.core.types import utcnow
from festival.extensions import db
from festival.markets.models import Market, market_stalls
from festival.markets.public_version import public_data_changed
from festival.provinces.models import Area, Province
from festival.venues.models import Stall, StallSection, Venue

MAX_ROWS = MAX_COLUMNS = 50
MAX_STALL_SIDE_M = 50
SECTION_CODE = re.compile(r"[A-Z0-9]{1,8}")

SECTION_CODE_TAKEN = _l("This venue already has a section with this code.")
SECTION_IN_USE = _l("This section is used by an event; disable its stalls instead.")


def _check_area(province: Province, area: Area | None) -> None:
    if area is not None and area.province_id != province.id:
        raise DomainError(_l("This area is not in the chosen province."), field="area_id")


def _check_coordinates(latitude, longitude) -> None:
    if latitude is not None and not -90 <= latitude <= 90:
        raise DomainError(_l("The latitude is between -90 and 90."), field="latitude")
    if longitude is not None and not -180 <= longitude <= 180:
        raise DomainError(_l("The longitude is between -180 and 180."), field="longitude")


VENUE_FIELDS = ("province", "area", "name_ar", "name_en", "address", "latitude", "longitude", "notes_for_vendors")
STALL_FIELDS = ("covered", "electricity", "accessible", "corner", "width_m", "depth_m", "disabled")


def _venue_snapshot(venue: Venue) -> dict:
    # By id: the relationships may still hold the old objects until the flush.
    province = db.session.get(Province, venue.province_id)
    area = db.session.get(Area, venue.area_id) if venue.area_id else None
    values = snapshot(venue, VENUE_FIELDS[2:])
    values["province"] = province.name_ar if province is not None else None
    values["area"] = area.name_ar if area is not None else None
    return values


def _venue_is_used(venue: Venue) -> bool:
    return db.session.scalar(select(exists().where(Market.venue_id == venue.id)))


def _fill_venue(venue: Venue, *, province, area, name_ar, name_en, address, latitude, longitude, notes_for_vendors):
    name_ar = (name_ar or "").strip()
    if not name_ar:
        raise DomainError(_l("Enter the Arabic name."), field="name_ar")
    _check_area(province, area)
    _check_coordinates(latitude, longitude)
    venue.province_id = province.id
    venue.area_id = area.id if area is not None else None
    venue.name_ar = name_ar
    venue.name_en = (name_en or "").strip() or None
    venue.address = (address or "").strip()
    venue.latitude = float(latitude) if latitude is not None else None
    venue.longitude = float(longitude) if longitude is not None else None
    venue.notes_for_vendors = (notes_for_vendors or "").strip()


def create_venue(*, province: Province, area: Area | None = None, name_ar: str, name_en: str | None = None,
                 address: str = "", latitude=None, longitude=None, notes_for_vendors: str = "") -> Venue:
    venue = Venue()
    _fill_venue(venue, province=province, area=area, name_ar=name_ar, name_en=name_en, address=address,
                latitude=latitude, longitude=longitude, notes_for_vendors=notes_for_vendors)
    db.session.add(venue)
    db.session.flush()
    record("venue.created", venue, name=venue.name_ar)
    return venue


def update_venue(venue: Venue, *, province: Province, area: Area | None = None, name_ar: str,
                 name_en: str | None = None, address: str = "", latitude=None, longitude=None,
                 notes_for_vendors: str = "") -> Venue:
    # Events copy the province of their venue: moving a used venue would split them.
    if province.id != venue.province_id and _venue_is_used(venue):
        raise DomainError(_l("This venue is used by an event; its province cannot change."), field="province_id")
    before = _venue_snapshot(venue)
    previous_province_id = venue.province_id
    _fill_venue(venue, province=province, area=area, name_ar=name_ar, name_en=name_en, address=address,
                latitude=latitude, longitude=longitude, notes_for_vendors=notes_for_vendors)
    touch_markets_at(venue.id)
    public_data_changed(*{previous_province_id, venue.province_id})
    db.session.flush()
    record_changes("venue.edited", venue, before, _venue_snapshot(venue))
    return venue


def touch_markets_at(venue_id: int) -> None:
    """Feeds show the venue: their events' LAST-MODIFIED is the market's."""
    db.session.execute(update(Market).where(Market.venue_id == venue_id).values(updated_at=utcnow()))


def _check_stall_size(width_m, depth_m, *, partial: bool = False) -> None:
    rules = RuleCheck()
    for name, value in (("width_m", width_m), ("depth_m", depth_m)):
        with rules.check():
            if (value is not None or not partial) and (value is None or not 0 < value <= MAX_STALL_SIDE_M):
                raise DomainError(_l("A stall side is more than 0 and at most 50 metres."), field=name)
    rules.raise_errors()


def normalize_section_code(code: str | None) -> str:
    code = (code or "").strip().upper()
    if not SECTION_CODE.fullmatch(code):
        raise DomainError(_l("The section code has 1 to 8 Latin letters or digits, for example A or B2."),
                          field="code")
    return code


def stall_code(section_code: str, number: int, total: int) -> str:
    """`A-01`; three digits when the section has more than 99 stalls (`A-001`)."""
    return f"{section_code}-{number:0{3 if total > 99 else 2}d}"


def check_section(venue: Venue, code, rows, columns, width_m, depth_m, *, partial: bool = False) -> str:
    """Every rule of a new section, all checked: the problems come together (DomainErrors).

    Returns the normalized code. `partial`: values a form could not read are None and
    their rules are skipped (the field already says what is wrong)."""
    rules = RuleCheck()
    with rules.check():
        code = normalize_section_code(code)
        taken = select(StallSection.id).where(StallSection.venue_id == venue.id, StallSection.code == code)
        if db.session.scalar(taken) is not None:
            raise DomainError(SECTION_CODE_TAKEN, field="code")
    with rules.check():
        if (rows is not None or not partial) and (rows is None or not 1 <= rows <= MAX_ROWS):
            raise DomainError(_l("A section has 1 to 50 rows."), field="rows")
    with rules.check():
        if (columns is not None or not partial) and (columns is None or not 1 <= columns <= MAX_COLUMNS):
            raise DomainError(_l("A section has 1 to 50 columns."), field="columns")
    with rules.check():
        _check_stall_size(width_m, depth_m, partial=partial)
    rules.raise_errors()
    return code


def generate_section(venue: Venue, code: str, rows: int, columns: int, width_m=3.0, depth_m=3.0,
                     covered: bool = False, electricity: bool = False, accessible: bool = False) -> StallSection:
    """A grid of rows × columns stalls numbered row by row: A-01, A-02, …; its 4 corners are corners."""
    code = check_section(venue, code, rows, columns, width_m, depth_m)

    # By id, not through `venue.sections`: a refused insert must not linger in the collection.
    section = StallSection(venue_id=venue.id, code=code, rows=rows, columns=columns)
    total = rows * columns
    for row in range(1, rows + 1):
        for column in range(1, columns + 1):
            section.stalls.append(Stall(
                venue_id=venue.id,
                code=stall_code(code, (row - 1) * columns + column, total),
                row=row, column=column, width_m=float(width_m), depth_m=float(depth_m),
                covered=covered, electricity=electricity, accessible=accessible,
                corner=row in (1, rows) and column in (1, columns),
            ))
    try:
        with db.session.begin_nested():
            db.session.add(section)
            db.session.flush()
    except IntegrityError as error:  # another organizer took the code in the meantime
        raise DomainError(SECTION_CODE_TAKEN, field="code") from error
    public_data_changed(venue.province_id)  # the event page's map
    record("layout.section_added", venue, section=code, rows=rows, columns=columns, stalls=total)
    return section


def update_stall(stall: Stall, *, covered: bool, electricity: bool, accessible: bool, corner: bool,
                 width_m, depth_m, disabled: bool) -> int:
    """Change a stall; returns how many upcoming events stopped offering it.

    Disabling withdraws the stall from events whose first day is still ahead (Damascus
    time); events already under way keep it, as history. Enabling again does not put it
    back: the organizer offers it again event by event.
    """
    _check_stall_size(width_m, depth_m)
    before = snapshot(stall, STALL_FIELDS)
    stall.covered, stall.electricity, stall.accessible, stall.corner = covered, electricity, accessible, corner
    stall.width_m, stall.depth_m = float(width_m), float(depth_m)
    withdrawn = 0
    if disabled and not stall.disabled:
        upcoming = select(Market.id).where(Market.first_day > today_in_damascus())
        result = db.session.execute(
            delete(market_stalls).where(
                market_stalls.c.stall_id == stall.id, market_stalls.c.market_id.in_(upcoming)
            )
        )
        withdrawn = result.rowcount or 0
    stall.disabled = disabled
    public_data_changed(stall.venue.province_id)  # the event page's map
    db.session.flush()
    record_changes("layout.stall_edited", stall, before, snapshot(stall, STALL_FIELDS), code=stall.code,
                   withdrawn_from=withdrawn or None)
    return withdrawn


def section_is_used(section: StallSection) -> bool:
    section_stalls = select(Stall.id).where(Stall.section_id == section.id)
    return db.session.scalar(select(exists().where(market_stalls.c.stall_id.in_(section_stalls))))


def delete_section(section: StallSection) -> None:
    if section_is_used(section):
        raise DomainError(SECTION_IN_USE)
    venue, code = db.session.get(Venue, section.venue_id), section.code
    try:
        with db.session.begin_nested():
            db.session.delete(section)
            db.session.flush()
    except IntegrityError as error:  # offered by an event in the meantime (RESTRICT)
        raise DomainError(SECTION_IN_USE) from error
    public_data_changed(section.venue.province_id)  # the event page's map
    record("layout.section_deleted", venue, section=code)
