"""The version of everything visitors see, and the one call that changes it.

**Every write that changes what a public page shows calls `public_data_changed(...)`**,
inside its transaction, naming the provinces it touches (no province: everything).
The public pages are the calendar (month and list), the event pages, the iCalendar
feeds and the API (festival.calendar, festival.api). What they show, and the writers
that change it (each calls public_data_changed):

What visitors see, and who writes it:

- markets: titles, kind, dates, hours, crafts, application window, status (published,
  cancelled, archived), the series' dates: markets/operations.update_market,
  publish_market, cancel_market, archive_market;
- one day cancelled, with its reason: markets/operations.cancel_occurrence;
- the stalls a market offers (the event page's map): markets/operations.set_offered_stalls;
- venues (name, address, map position), their sections and stalls (the map):
  venues/operations.update_venue, generate_section, update_stall, delete_section;
- who is at which stall (the map, the directory): stalls/operations.assign, move,
  swap, unassign, release;
- whether the event page shows the sales total: reports/operations.update_settings;
- training courses and their sessions (the calendar's training kind, its feeds):
  training/operations.create_course, update_course, add_session;
- families' names, products and photos in the directory, and the sales total itself:
  no call; the event page reads them on every request, before its cache, and they are
  part of its key (festival.calendar.views.event);
- the traditional crafts (/crafts, /crafts/<slug>: festival/crafts_register): their
  descriptions, marks and photos: crafts_register/operations.update_craft, add_photo,
  remove_photo, with no province (the pages show every province). Which families
  practise a craft, their consent, merges and their reported sales: no call; the craft
  page adds crafts_register/queries.register_fingerprint (one query) to its key;
- provinces and craft categories (every page's filters): seeded, no writer; one would
  call public_data_changed() with no province (everything).

Drafts are not public: scheduling a draft changes nothing visitors see. A commit that
changes a `Market` row through the ORM without the call (a shell, a data fix, a test)
still counts as a change of that market's province: a safety net, not the convention.
An UPDATE statement on markets is not seen: its writer makes the call.

How the versions are kept. One number, `public_data_version` (row 1), is raised by
every commit that declared a change, inside the same transaction just before it
commits, so numbers follow commit order even when two organizers save at once on
PostgreSQL (the row lock orders them). The same number is written into
`public_data_scope_versions` for each scope the commit declared: a province's id, or 0
for everything. A page of one province (`?province=` filter, an event of it) is
validated by the larger of its province's row and row 0; other pages by the total.
So a change in Aleppo leaves Damascus's feed, pages and events valid, and every page
that shows Aleppo's change (Aleppo's pages, the all-provinces calendar and API) new.
festival.calendar.caching builds ETags from the number and Last-Modified from
`changed_at`.

Reading the row costs a query per public request. On SQLite it is read on a plain
sqlite3 connection of the worker's thread: a third of the cost of going through the
session, and just as fresh (autocommit, WAL). On PostgreSQL it is a round trip.
With Redis (`CACHE_REDIS_URL`), which production has for its workers, the versions are
kept there as well (one key for the total, one per scope), and a page kept by
festival.core.http_cache is served with no SQL at all:

- after the commit, the committing worker stores its numbers;
- a worker that finds no version reads the rows and stores them;
- a number only ever replaces a smaller one (a compare-and-set in Redis), so a late
  or stale write cannot bring an older version back;
- the keys expire after EXPIRY_SECONDS. That bounds how long a lost write (Redis
  failing right after a commit) or a database restored from a backup (a smaller
  number) can go unseen. Reading the rows again gives the same number, so expiry
  changes no ETag. If Redis fails, the rows answer.
"""
import logging
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import chain

import redis
from flask import Flask, current_app, g, has_app_context, request
from sqlalchemy import event, make_url
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from festival.core.types import utcnow
from festival.extensions import db
from festival.markets.models import Market, Occurrence, PublicDataScopeVersion, PublicDataVersion
from festival.provinces.models import Province

log = logging.getLogger(__name__)
EXPIRY_SECONDS = 600
NEVER = datetime(2000, 1, 1, tzinfo=UTC)
ROW_ID = 1
EVERYTHING = 0  # the scope of a change that is not one province's
VERSION_TABLE = PublicDataVersion.__table__
SCOPE_TABLE = PublicDataScopeVersion.__table__
CHANGED = "public_data_changed"  # Session.info: the scopes changed since the last commit
TO_PUBLISH = "public_version_to_publish"  # Session.info: {scope or None (the total): version} of this commit
# Endpoints whose page shows one occurrence: validated by the version of its province.
OCCURRENCE_ENDPOINTS = ("calendar.event", "calendar.event_feed", "api.event")
# KEYS[1]: the key; ARGV: number, encoded version, expiry. Stores unless a number at
# least as large is there already (a value it cannot read counts as none).
STORE_IF_NEWER = """
local kept = redis.call('GET', KEYS[1])
local kept_number = kept and tonumber(string.match(kept, '^(%d+)|'))
if kept_number and kept_number >= tonumber(ARGV[1]) then
  return 0
end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
return 1
"""


@dataclass(frozen=True)
class PublicVersion:
    number: int  # grows with every committed change visitors can see
    changed_at: datetime  # when (Last-Modified)

    def encode(self) -> str:
        return f"{self.number}|{self.changed_at.isoformat()}"

    @classmethod
    def decode(cls, value: bytes) -> "PublicVersion":
        number, changed_at = value.decode().split("|")
        return cls(int(number), datetime.fromisoformat(changed_at))


NONE_YET = PublicVersion(0, NEVER)


def public_data_changed(*province_ids: int | None) -> None:
    """Declare a change visitors can see, in the transaction that makes it (see the module).

    Name the provinces whose pages show it (`public_data_changed(market.province_id)`);
    with none, everything counts as changed. The version is raised when the
    transaction commits (not at a savepoint, not at all on a rollback).
    """
    scopes = db.session.info.setdefault(CHANGED, set())
    if not province_ids or None in province_ids:
        scopes.add(EVERYTHING)
    else:
        scopes.update(province_ids)


def _newest(versions: Iterable[PublicVersion]) -> PublicVersion:
    return max(versions, key=lambda version: version.number, default=NONE_YET)


class SQLiteRowReader:
    """The rows, read on one sqlite3 connection per thread, outside SQLAlchemy's session."""

    QUERY = f"SELECT number, changed_at FROM {VERSION_TABLE.name} WHERE id = {ROW_ID}"
    SCOPE_QUERY = f"SELECT scope, number, changed_at FROM {SCOPE_TABLE.name} WHERE scope IN ({EVERYTHING}, ?)"

    def __init__(self, path: str):
        self.path = path
        self._local = threading.local()

    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._local.connection = sqlite3.connect(self.path, isolation_level=None)
        return connection

    def read(self) -> PublicVersion:
        row = self._connection().execute(self.QUERY).fetchone()
        if row is None:
            return NONE_YET
        return PublicVersion(row[0], datetime.fromisoformat(row[1]).replace(tzinfo=UTC))  # stored as naive UTC

    def read_scopes(self, province_id: int) -> dict[int, PublicVersion]:
        rows = self._connection().execute(self.SCOPE_QUERY, (province_id,)).fetchall()
        return {scope: PublicVersion(number, datetime.fromisoformat(changed_at).replace(tzinfo=UTC))
                for scope, number, changed_at in rows}


def _read_row() -> PublicVersion:
    sqlite_reader = current_app.extensions.get("public_version_sqlite")
    if sqlite_reader is not None:
        return sqlite_reader.read()
    row = db.session.connection().execute(
        db.select(VERSION_TABLE.c.number, VERSION_TABLE.c.changed_at).where(VERSION_TABLE.c.id == ROW_ID)).first()
    return PublicVersion(row.number, row.changed_at) if row else NONE_YET


def _read_scope_rows(province_id: int) -> dict[int, PublicVersion]:
    """Row 0 and the province's row, each as NONE_YET when missing (no change since the migration)."""
    sqlite_reader = current_app.extensions.get("public_version_sqlite")
    if sqlite_reader is not None:
        found = sqlite_reader.read_scopes(province_id)
    else:
        found = {row.scope: PublicVersion(row.number, row.changed_at) for row in db.session.connection().execute(
            db.select(SCOPE_TABLE.c.scope, SCOPE_TABLE.c.number, SCOPE_TABLE.c.changed_at)
            .where(SCOPE_TABLE.c.scope.in_((EVERYTHING, province_id))))}
    return {scope: found.get(scope, NONE_YET) for scope in (EVERYTHING, province_id)}


def _store():
    return current_app.extensions.get("public_version_redis")


def _key(scope: int | None) -> str:
    key = current_app.config["PUBLIC_VERSION_KEY"]
    return key if scope is None else f"{key}:scope:{scope}"


def _store_if_newer(store, version: PublicVersion, scope: int | None = None) -> None:
    store.eval(STORE_IF_NEWER, 1, _key(scope), version.number, version.encode(), EXPIRY_SECONDS)


def remember_for_this_request() -> None:
    """before_request of the public blueprints: the version is read before any data.

    Read later, a change committed in between would send the old data under the new
    version's ETag, and that copy would be kept. Read first, the worst case is newer
    data under the older ETag, which the next change replaces.
    """
    g.public_version = current(province_of_request())


def for_this_request() -> PublicVersion:
    return g.get("public_version") or current(province_of_request())


def current(province_id: int | None = None) -> PublicVersion:
    """The version of the pages of one province, or (None) of all of them."""
    if province_id is not None:
        return _current_of_province(province_id)
    store = _store()
    if store is None:
        return _read_row()
    try:
        kept = store.get(_key(None))
        if kept is not None:
            return PublicVersion.decode(kept)
        version = _read_row()
        _store_if_newer(store, version)
        return version
    except (redis.RedisError, ValueError) as error:  # ValueError: a value this code did not write
        log.warning("public version: Redis failed (%s), reading the database", error)
        return _read_row()


def _current_of_province(province_id: int) -> PublicVersion:
    store = _store()
    if store is None:
        return _newest(_read_scope_rows(province_id).values())
    try:
        kept = store.mget([_key(EVERYTHING), _key(province_id)])
        if None not in kept:
            return _newest(PublicVersion.decode(value) for value in kept)
        rows = _read_scope_rows(province_id)
        for scope, version in rows.items():
            _store_if_newer(store, version, scope)
        return _newest(rows.values())
    except (redis.RedisError, ValueError) as error:
        log.warning("public version: Redis failed (%s), reading the database", error)
        return _newest(_read_scope_rows(province_id).values())


# -- which province a request is about: facts that never change, kept per worker ------------


def _read_apart(query) -> list:
    """Rows read on a connection of their own, before the version: the request's session
    must not start its transaction (on SQLite, its snapshot) before the version is read."""
    with db.engine.connect() as connection:
        return list(connection.execute(query))


class ProvinceLookup:
    """Province ids by slug and by occurrence, read once per worker.

    Neither changes: provinces are seeded, and a market (with its days) stays in the
    province it was scheduled in (update_market keeps it). Unknown values are not kept.
    """

    def __init__(self):
        self._by_slug: dict[str, int] | None = None
        self._by_occurrence: dict[int, int] = {}

    def of_slug(self, slug: str) -> int | None:
        if self._by_slug is None or slug not in self._by_slug:
            self._by_slug = {slug: id_ for slug, id_ in _read_apart(db.select(Province.slug, Province.id))}
        return self._by_slug.get(slug)

    def of_occurrence(self, occurrence_id: int) -> int | None:
        province_id = self._by_occurrence.get(occurrence_id)
        if province_id is None:
            rows = _read_apart(
                db.select(Market.province_id).join(Occurrence.market).where(Occurrence.id == occurrence_id))
            province_id = rows[0][0] if rows else None
            if province_id is not None:
                if len(self._by_occurrence) > 100_000:
                    self._by_occurrence.clear()
                self._by_occurrence[occurrence_id] = province_id
        return province_id


def province_of_request() -> int | None:
    """The one province the requested public page shows, or None (several, or unknown)."""
    from festival.core.numbers import to_ascii_digits

    lookup = current_app.extensions["public_version_provinces"]
    if request.endpoint in OCCURRENCE_ENDPOINTS and request.view_args:
        return lookup.of_occurrence(request.view_args["occurrence_id"])
    slug = to_ascii_digits(request.args.get("province", "")).strip()  # as festival.calendar.filters reads it
    return lookup.of_slug(slug) if slug else None


# -- raising the version: inside the commit -----------------------------------------------


def _note_flushed_markets(session: Session, _flush_context) -> None:
    """The safety net (see the module): a Market row changed through the ORM."""
    markets = [instance for instance in chain(session.new, session.dirty, session.deleted)
               if isinstance(instance, Market)]
    if markets:
        session.info.setdefault(CHANGED, set()).update(
            EVERYTHING if market.province_id is None else market.province_id for market in markets)


def _raise_before_commit(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint: the transaction goes on
        return
    session.info.pop(TO_PUBLISH, None)  # left by a commit that failed
    session.flush()  # the commit's own flush comes after this event
    scopes = session.info.pop(CHANGED, None)
    if not scopes:
        return
    now, connection = utcnow(), session.connection()
    # The total first: its row lock orders concurrent commits, and with them the scopes' numbers.
    # An upsert: the migration writes the row, but one emptied by hand starts again at 1.
    insert = postgresql_insert if connection.dialect.name == "postgresql" else sqlite_insert
    number = connection.execute(
        insert(VERSION_TABLE).values(id=ROW_ID, number=1, changed_at=now)
        .on_conflict_do_update(index_elements=[VERSION_TABLE.c.id],
                               set_={"number": VERSION_TABLE.c.number + 1, "changed_at": now})
        .returning(VERSION_TABLE.c.number)).scalar_one()
    scope_rows = insert(SCOPE_TABLE).values([{"scope": scope, "number": number, "changed_at": now}
                                             for scope in sorted(scopes)])
    connection.execute(scope_rows.on_conflict_do_update(
        index_elements=[SCOPE_TABLE.c.scope], set_={"number": number, "changed_at": now}))
    version = PublicVersion(number, now)
    session.info[TO_PUBLISH] = {None: version, **{scope: version for scope in scopes}}


def _publish_after_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return
    versions = session.info.pop(TO_PUBLISH, None)
    if versions is None or not has_app_context() or _store() is None:
        return
    try:
        for scope, version in versions.items():
            _store_if_newer(_store(), version, scope)
    except Exception as error:  # noqa: BLE001  (the change is committed: never fail the request for this)
        log.error("public version: storing %s failed (%s); pages may lag for %d s", versions, error, EXPIRY_SECONDS)


def _forget_after_rollback(session: Session, previous_transaction) -> None:
    """A transaction rolled back changed nothing: its declared scopes go with it."""
    if not previous_transaction.nested:
        session.info.pop(CHANGED, None)


def configure_public_version(app: Flask) -> None:
    app.config.setdefault("PUBLIC_VERSION_KEY", "festival:public-version")
    app.extensions["public_version_provinces"] = ProvinceLookup()
    url = app.config.get("CACHE_REDIS_URL")
    if url:
        app.extensions["public_version_redis"] = redis.Redis.from_url(
            url, socket_timeout=0.5, socket_connect_timeout=0.5)
    database_url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if database_url.get_backend_name() == "sqlite" and database_url.database not in (None, "", ":memory:"):
        app.extensions["public_version_sqlite"] = SQLiteRowReader(database_url.database)
    if not event.contains(Session, "after_flush", _note_flushed_markets):
        event.listen(Session, "after_flush", _note_flushed_markets)
        event.listen(Session, "before_commit", _raise_before_commit)
        event.listen(Session, "after_commit", _publish_after_commit)
        event.listen(Session, "after_soft_rollback", _forget_after_rollback)
