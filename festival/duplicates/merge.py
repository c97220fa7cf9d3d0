"""Merging two records of one family into the one an admin keeps, in one transaction.

What moves is found generically: every table with a column referring to families.id
(db.metadata, as festival/consent/my_data.py finds a family's data), so a new feature's
table cannot be forgotten silently: `merge_families` refuses a table that HANDLING does not
name, and tests/duplicates/test_merge.py fails on one. For each table, HANDLING says how:

- MOVE: the rows go to the kept family, except a row whose unique key the kept family
  already holds (both applied for the same date: the kept family's application stands),
  and what hangs on a row that stays (its badge, stall, check-in, sales report, its
  payments' shares; a training enrolment's certificate). Those stay with the merged record,
  whose row is kept, and the audit entry names them: nothing is deleted.
- PHOTOS: the merged record's photos fill the kept family's free positions (MAX_PHOTOS).
- DOCUMENTS: the kept family's current paper of a type stands; the merged record's current
  one of the same type stays with it, every other paper (and the history) moves.
- CONSENT: a family's current choice is its latest. Only the merged record's choices older
  than the kept family's latest of the same purpose move (as history): a merge never changes
  what the kept family currently agrees to share.

The account of the merged record gets its in-app notifications moved, and is disabled (all
its sessions end): it can no longer log in. Its record says `merged_into_id`; the kept
family takes its second phone, area, head's name and products where it has none. The
audit entry ("family.merged") lists the ids that moved and stayed, table by table.
"""
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import PrimaryKeyConstraint, Table, UniqueConstraint, select, tuple_, update

from festival.audit.log import record
from festival.core.domain import DomainError
from festival.duplicates.models import DuplicatePair, PairStatus
from festival.duplicates.operations import PairDecided
from festival.extensions import db
from festival.markets.public_version import public_data_changed
from festival.notifications.models import Notification
from festival.units.operations import hand_over_representation
from festival.vendors.models import MAX_PHOTOS, Family

MOVE, PHOTOS, DOCUMENTS, CONSENT = "move", "photos", "documents", "consent"
HANDLING = {
    "applications": MOVE,
    "badges": MOVE,
    "checkins": MOVE,
    "consent_choices": CONSENT,
    "family_crafts": MOVE,
    "family_craft_items": MOVE,
    "family_documents": DOCUMENTS,
    "family_photos": PHOTOS,
    "fee_payments": MOVE,
    "fee_waivers": MOVE,
    "no_shows": MOVE,
    "partner_export_families": MOVE,
    "production_unit_members": MOVE,
    "sales_reports": MOVE,
    "scan_conflicts": MOVE,
    "stall_assignments": MOVE,
    "training_attendance": MOVE,
    "training_certificates": MOVE,
    "training_enrolments": MOVE,
}
# Tables that refer to families for another reason than holding a family's data.
NOT_FAMILY_DATA = {"families", "duplicate_pairs"}
# Rows that point at a family table's row through a table of their own: a payment stays
# when one of its shares settles an application that stays.
SHARED_THROUGH = {"fee_payments": ("fee_payment_shares", "payment_id", "application_id", "applications")}
FIELDS_FILLED = ("second_phone", "area_id", "head_name", "head_sex", "products")
# The optional statistics answers: None is "not said"; False ("no disability") is an answer
# the merged record must not overwrite.
ANSWERS_FILLED = ("head_birth_year", "displacement", "disability_in_family")


class NotInPair(DomainError):
    def __init__(self):
        super().__init__(_l("Keep one of the two families of this pair."))


class AlreadyMerged(DomainError):
    def __init__(self):
        super().__init__(_l("One of these families was already merged into another."))


class UnhandledTable(RuntimeError):
    """A table holds families' data and nobody said how a merge treats it: add it to HANDLING."""


def family_tables() -> list[tuple[Table, object]]:
    """(table, its column referring to families.id) for every table holding families' data,
    parents before the tables that refer to them."""
    found = []
    for table in db.metadata.sorted_tables:
        if table.name in NOT_FAMILY_DATA:
            continue
        for column in table.columns:
            if any(key.column.table.name == "families" for key in column.foreign_keys):
                found.append((table, column))
    # A payment's shares name applications: the applications are decided first.
    return sorted(found, key=lambda pair: pair[0].name in SHARED_THROUGH)


@dataclass
class MergeResult:
    kept: Family
    merged: Family
    moved: dict[str, list] = field(default_factory=dict)
    stayed: dict[str, list] = field(default_factory=dict)
    filled: list[str] = field(default_factory=list)


def _key(table: Table, row) -> object:
    columns = list(table.primary_key.columns)
    return getattr(row, columns[0].name) if len(columns) == 1 else tuple(getattr(row, c.name) for c in columns)


def _unique_keys(table: Table, family_column) -> list[list[str]]:
    """The other columns of each unique key that includes the family column."""
    keys = []
    for constraint in table.constraints:
        if isinstance(constraint, UniqueConstraint | PrimaryKeyConstraint) \
                and any(column is family_column for column in constraint.columns):
            others = [column.name for column in constraint.columns if column is not family_column]
            if others:
                keys.append(others)
    for index in table.indexes:
        if index.unique and any(column is family_column for column in index.columns) \
                and not index.dialect_options["postgresql"].get("where"):
            keys.append([column.name for column in index.columns if column is not family_column])
    return keys


def _depends_on_stayed(table: Table, row, stayed: dict[str, set]) -> bool:
    for column in table.columns:
        value = getattr(row, column.name)
        if value is None:
            continue
        if any(value in stayed.get(key.column.table.name, ()) for key in column.foreign_keys):
            return True
    if table.name in SHARED_THROUGH:
        through, own, other, other_table = SHARED_THROUGH[table.name]
        link = db.metadata.tables[through]
        settled = db.session.scalars(select(link.c[other]).where(link.c[own] == _key(table, row)))
        return any(value in stayed.get(other_table, ()) for value in settled)
    return False


def _staying_rows(table: Table, family_column, rows, kept_rows, stayed) -> list:
    keys = _unique_keys(table, family_column)
    held = [{tuple(getattr(row, name) for name in key) for row in kept_rows} for key in keys]
    staying = []
    for row in rows:
        taken = any(tuple(getattr(row, name) for name in key) in values for key, values in zip(keys, held, strict=True))
        if taken or _depends_on_stayed(table, row, stayed):
            staying.append(row)
    return staying


def _move_rows(table: Table, family_column, keys: list, kept: Family, **values) -> None:
    if not keys:
        return
    columns = list(table.primary_key.columns)
    where = columns[0].in_(keys) if len(columns) == 1 else tuple_(*columns).in_(keys)
    db.session.execute(update(table).where(where).values({family_column.name: kept.id, **values}))


def _photos(table, family_column, rows, kept_rows, kept) -> tuple[list, list]:
    free = sorted(set(range(MAX_PHOTOS)) - {row.position for row in kept_rows})
    ordered = sorted(rows, key=lambda row: row.position)
    for row, position in zip(ordered, free, strict=False):  # the photos past the free positions stay
        db.session.execute(update(table).where(table.c.id == row.id)
                           .values({family_column.name: kept.id, "position": position}))
    return [row.id for row in ordered[:len(free)]], [row.id for row in ordered[len(free):]]


def _rows_that_stay(table, family_column, strategy, rows, kept_rows, stayed) -> list:
    if strategy == DOCUMENTS:
        current = {row.document_type_id for row in kept_rows if row.replaced_at is None}
        return [row for row in rows if row.replaced_at is None and row.document_type_id in current]
    if strategy == CONSENT:
        latest = {}
        for row in kept_rows:
            latest[row.purpose] = max(latest.get(row.purpose, 0), row.id)
        return [row for row in rows if row.id > latest.get(row.purpose, 0)]
    return _staying_rows(table, family_column, rows, kept_rows, stayed)


def _move_table(table, family_column, kept: Family, merged: Family, result: MergeResult, stayed: dict) -> None:
    strategy = HANDLING.get(table.name)
    if strategy is None:
        raise UnhandledTable(f"{table.name}.{family_column.name}: add it to festival/duplicates/merge.HANDLING")
    rows = list(db.session.execute(select(table).where(family_column == merged.id)))
    if not rows:
        return
    kept_rows = list(db.session.execute(select(table).where(family_column == kept.id)))
    if strategy == PHOTOS:
        moved, staying = _photos(table, family_column, rows, kept_rows, kept)
    else:
        staying_rows = _rows_that_stay(table, family_column, strategy, rows, kept_rows, stayed)
        staying = [_key(table, row) for row in staying_rows]
        moved = [_key(table, row) for row in rows if _key(table, row) not in set(staying)]
        _move_rows(table, family_column, moved, kept)
    stayed[table.name] = set(staying)
    if moved:
        result.moved[table.name] = sorted(moved)
    if staying:
        result.stayed[table.name] = sorted(staying)


def _fill_blanks(kept: Family, merged: Family, result: MergeResult) -> None:
    if not kept.second_phone and merged.user.phone != kept.user.phone:
        kept.second_phone = merged.user.phone
        result.filled.append("second_phone")
    for name in FIELDS_FILLED[1:]:
        if not getattr(kept, name) and getattr(merged, name):
            setattr(kept, name, getattr(merged, name))
            result.filled.append(name)
    for name in ANSWERS_FILLED:
        if getattr(kept, name) is None and getattr(merged, name) is not None:
            setattr(kept, name, getattr(merged, name))
            result.filled.append(name)


def _lock(pair: DuplicatePair) -> None:
    """Two admins merging the same pair (or a family of it) at once: the second one waits, then sees it decided."""
    db.session.execute(select(DuplicatePair.id).where(DuplicatePair.id == pair.id).with_for_update())
    db.session.execute(select(Family.id).where(Family.id.in_([pair.first_family_id, pair.second_family_id]))
                       .with_for_update())
    db.session.refresh(pair)


def merge_families(pair: DuplicatePair, keep: Family, *, by, now: datetime) -> MergeResult:
    """Merge the pair's other family into `keep` (see the module): one audited operation."""
    _lock(pair)
    if pair.status != PairStatus.OPEN:
        raise PairDecided()
    if keep.id not in (pair.first_family_id, pair.second_family_id):
        raise NotInPair()
    merged = pair.other_than(keep)
    db.session.refresh(keep)
    db.session.refresh(merged)
    if keep.merged_into_id is not None or merged.merged_into_id is not None:
        raise AlreadyMerged()
    db.session.flush()
    result = MergeResult(kept=keep, merged=merged)
    stayed: dict[str, set] = {}
    tables = family_tables()
    unhandled = [table.name for table, _column in tables if table.name not in HANDLING]
    if unhandled:
        raise UnhandledTable(f"say in festival/duplicates/merge.HANDLING how a merge treats {unhandled}")
    for table, family_column in tables:
        _move_table(table, family_column, keep, merged, result, stayed)
    notifications = list(db.session.scalars(select(Notification.id).where(Notification.user_id == merged.user_id)))
    if notifications:
        db.session.execute(update(Notification).where(Notification.id.in_(notifications))
                           .values(user_id=keep.user_id))
        result.moved["notifications"] = notifications
    db.session.expire_all()
    # A unit both belonged to keeps the merged record's row: its representation goes to `keep`.
    hand_over_representation(merged, to=keep, by=by)

    _fill_blanks(keep, merged, result)
    merged.merged_into_id = keep.id
    merged.user.enabled = False
    merged.user.end_all_sessions()
    pair.status, pair.kept_family_id, pair.decided_at, pair.decided_by_id = PairStatus.MERGED, keep.id, now, by.id
    _close_other_pairs(pair, merged)
    record("family.merged", keep, actor=by, merged_family=merged.id, merged_name=merged.name,
           merged_province=merged.province_id, pair=pair.id, score=pair.score, reasons=list(pair.reasons),
           moved={name: [list(key) if isinstance(key, tuple) else key for key in keys]
                  for name, keys in result.moved.items()},
           stayed={name: [list(key) if isinstance(key, tuple) else key for key in keys]
                   for name, keys in result.stayed.items()} or None,
           filled=result.filled or None)
    # Who is at which stall changed name on the public stall maps of both provinces.
    if "stall_assignments" in result.moved:
        public_data_changed(keep.province_id, merged.province_id)
    db.session.flush()
    return result


def _close_other_pairs(pair: DuplicatePair, merged: Family) -> None:
    """The merged record's other open pairs go with it: the next scan compares the kept
    family with those families again."""
    others = db.session.scalars(select(DuplicatePair).where(
        DuplicatePair.id != pair.id, DuplicatePair.status == PairStatus.OPEN,
        (DuplicatePair.first_family_id == merged.id) | (DuplicatePair.second_family_id == merged.id)))
    for other in others:
        db.session.delete(other)

