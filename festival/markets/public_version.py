"""The version of everything visitors see, asked on every public request.

Every change visitors can see goes through a market operation, and each one changes
a market row. A commit that added, changed or removed markets (through the ORM or
an UPDATE statement) also raises the number in `public_data_version`, inside the
same transaction, just before it commits. The number therefore follows commit
order, even when two organizers save at once on PostgreSQL.
festival.calendar.caching builds ETags from the number and Last-Modified from
`changed_at`.

Reading the row costs a query per public request. On SQLite it is read on a plain
sqlite3 connection of the worker's thread: a third of the cost of going through the
session, and just as fresh (autocommit, WAL). On PostgreSQL it is a round trip.
With Redis (`CACHE_REDIS_URL`), which production has for its workers, the version is
kept there as well, and a page kept by festival.core.http_cache is served with no
SQL at all:

- after the commit, the committing worker stores its number;
- a worker that finds no version reads the row and stores it;
- a number only ever replaces a smaller one (a compare-and-set in Redis), so a late
  or stale write cannot bring an older version back;
- the key expires after EXPIRY_SECONDS. That bounds how long a lost write (Redis
  failing right after a commit) or a database restored from a backup (a smaller
  number) can go unseen. Reading the row again gives the same number, so expiry
  changes no ETag. If Redis fails, the row answers.
"""
import logging
import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import chain

import redis
from flask import Flask, current_app, g, has_app_context
from sqlalchemy import event, make_url
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import ORMExecuteState, Session

from festival.core.types import utcnow
from festival.extensions import db
from festival.markets.models import Market, PublicDataVersion

log = logging.getLogger(__name__)
EXPIRY_SECONDS = 600
NEVER = datetime(2000, 1, 1, tzinfo=UTC)
ROW_ID = 1
VERSION_TABLE = PublicDataVersion.__table__
CHANGED = "public_version_changed"  # Session.info: markets changed since the last commit
TO_PUBLISH = "public_version_to_publish"  # Session.info: the number this commit raised
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
    number: int  # grows with every committed market change
    changed_at: datetime  # when (Last-Modified)

    def encode(self) -> str:
        return f"{self.number}|{self.changed_at.isoformat()}"

    @classmethod
    def decode(cls, value: bytes) -> "PublicVersion":
        number, changed_at = value.decode().split("|")
        return cls(int(number), datetime.fromisoformat(changed_at))


class SQLiteRowReader:
    """The row, read on one sqlite3 connection per thread, outside SQLAlchemy's session."""

    QUERY = f"SELECT number, changed_at FROM {VERSION_TABLE.name} WHERE id = {ROW_ID}"

    def __init__(self, path: str):
        self.path = path
        self._local = threading.local()

    def read(self) -> PublicVersion:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._local.connection = sqlite3.connect(self.path, isolation_level=None)
        row = connection.execute(self.QUERY).fetchone()
        if row is None:
            return PublicVersion(0, NEVER)
        return PublicVersion(row[0], datetime.fromisoformat(row[1]).replace(tzinfo=UTC))  # stored as naive UTC


def _read_row() -> PublicVersion:
    sqlite_reader = current_app.extensions.get("public_version_sqlite")
    if sqlite_reader is not None:
        return sqlite_reader.read()
    row = db.session.connection().execute(
        db.select(VERSION_TABLE.c.number, VERSION_TABLE.c.changed_at).where(VERSION_TABLE.c.id == ROW_ID)).first()
    return PublicVersion(row.number, row.changed_at) if row else PublicVersion(0, NEVER)


def _store():
    return current_app.extensions.get("public_version_redis")


def _store_if_newer(store, version: PublicVersion) -> None:
    store.eval(STORE_IF_NEWER, 1, current_app.config["PUBLIC_VERSION_KEY"], version.number, version.encode(),
               EXPIRY_SECONDS)


def remember_for_this_request() -> None:
    """before_request of the public blueprints: the version is read before any data.

    Read later, a change committed in between would send the old data under the new
    version's ETag, and that copy would be kept. Read first, the worst case is newer
    data under the older ETag, which the next change replaces.
    """
    g.public_version = current()


def for_this_request() -> PublicVersion:
    return g.get("public_version") or current()


def current() -> PublicVersion:
    store = _store()
    if store is None:
        return _read_row()
    try:
        kept = store.get(current_app.config["PUBLIC_VERSION_KEY"])
        if kept is not None:
            return PublicVersion.decode(kept)
        version = _read_row()
        _store_if_newer(store, version)
        return version
    except (redis.RedisError, ValueError) as error:  # ValueError: a value this code did not write
        log.warning("public version: Redis failed (%s), reading the database", error)
        return _read_row()


def _note_flushed_markets(session: Session, _flush_context) -> None:
    if any(isinstance(instance, Market) for instance in chain(session.new, session.dirty, session.deleted)):
        session.info[CHANGED] = True


def _note_market_statements(state: ORMExecuteState) -> None:
    """INSERT, UPDATE and DELETE statements on markets (venues/operations.touch_markets_at)."""
    if (state.is_insert or state.is_update or state.is_delete) and state.bind_mapper is not None \
            and state.bind_mapper.class_ is Market:
        state.session.info[CHANGED] = True


def _raise_before_commit(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint: the transaction goes on
        return
    session.info.pop(TO_PUBLISH, None)  # left by a commit that failed
    session.flush()  # the commit's own flush comes after this event
    if not session.info.pop(CHANGED, False):
        return
    now, connection = utcnow(), session.connection()
    # An upsert: the migration writes the row, but one emptied by hand starts again at 1.
    insert = postgresql_insert if connection.dialect.name == "postgresql" else sqlite_insert
    number = connection.execute(
        insert(VERSION_TABLE).values(id=ROW_ID, number=1, changed_at=now)
        .on_conflict_do_update(index_elements=[VERSION_TABLE.c.id],
                               set_={"number": VERSION_TABLE.c.number + 1, "changed_at": now})
        .returning(VERSION_TABLE.c.number)).scalar_one()
    session.info[TO_PUBLISH] = PublicVersion(number, now)


def _publish_after_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return
    version = session.info.pop(TO_PUBLISH, None)
    if version is None or not has_app_context() or _store() is None:
        return
    try:
        _store_if_newer(_store(), version)
    except Exception as error:  # noqa: BLE001  (the change is committed: never fail the request for this)
        log.error("public version: storing %s failed (%s); pages may lag for %d s", version, error, EXPIRY_SECONDS)


def configure_public_version(app: Flask) -> None:
    app.config.setdefault("PUBLIC_VERSION_KEY", "festival:public-version")
    url = app.config.get("CACHE_REDIS_URL")
    if url:
        app.extensions["public_version_redis"] = redis.Redis.from_url(
            url, socket_timeout=0.5, socket_connect_timeout=0.5)
    database_url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if database_url.get_backend_name() == "sqlite" and database_url.database not in (None, "", ":memory:"):
        app.extensions["public_version_sqlite"] = SQLiteRowReader(database_url.database)
    if not event.contains(Session, "after_flush", _note_flushed_markets):
        event.listen(Session, "after_flush", _note_flushed_markets)
        event.listen(Session, "do_orm_execute", _note_market_statements)
        event.listen(Session, "before_commit", _raise_before_commit)
        event.listen(Session, "after_commit", _publish_after_commit)
