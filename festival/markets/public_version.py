"""The version of everything visitors see, asked on every public request.

Every change visitors can see goes through a market operation, and each touches
`Market.updated_at`: the latest of those and the number of markets name the version
of the public data (festival.calendar.caching builds ETags from it). Read from the
database it costs a query per request, which on PostgreSQL is a round trip.

With Redis (`CACHE_REDIS_URL`), as production has for its workers, the version is
kept there instead and a page kept by festival.core.http_cache is served with no SQL:

- a commit that added, changed or removed a market stores the new version, read
  after the commit, so whoever sees that version reads data at least that new;
- a worker that finds no version (first start, Redis emptied) reads it from the
  database and stores it only if still absent: it never replaces a newer one;
- it expires after EXPIRY, so a change made outside the application (SQL by hand)
  is seen within that time; if Redis fails, the database answers.
"""
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import chain

import redis
from flask import Flask, current_app, has_app_context
from sqlalchemy import event, func
from sqlalchemy.orm import Session

from festival.extensions import db
from festival.markets.models import Market

log = logging.getLogger(__name__)
EXPIRY_SECONDS = 600
NEVER = datetime(2000, 1, 1, tzinfo=UTC)
VERSION_QUERY = db.select(func.max(Market.updated_at), func.count(Market.id))
CHANGED = "public_version_changed"  # a Session.info flag from a flush to the commit


@dataclass(frozen=True)
class PublicVersion:
    changed_at: datetime  # the latest market change (Last-Modified)
    market_count: int  # a removed market changes the version too

    def encode(self) -> str:
        return f"{self.changed_at.isoformat()}|{self.market_count}"

    @classmethod
    def decode(cls, value: bytes) -> "PublicVersion":
        changed_at, market_count = value.decode().split("|")
        return cls(datetime.fromisoformat(changed_at), int(market_count))


def _read(connection) -> PublicVersion:
    latest, count = connection.execute(VERSION_QUERY).one()
    return PublicVersion(changed_at=latest or NEVER, market_count=count)


def _store():
    return current_app.extensions.get("public_version_redis")


def _key() -> str:
    return current_app.config["PUBLIC_VERSION_KEY"]


def current() -> PublicVersion:
    store = _store()
    if store is None:
        return _read(db.session.connection())  # the Core result: no ORM rows to build
    try:
        kept = store.get(_key())
        if kept is not None:
            return PublicVersion.decode(kept)
        version = _read(db.session.connection())
        store.set(_key(), version.encode(), nx=True, ex=EXPIRY_SECONDS)
        return version
    except redis.RedisError as error:
        log.warning("public version: Redis failed (%s), reading the database", error)
        return _read(db.session.connection())


def _note_market_changes(session: Session, _flush_context) -> None:
    if any(isinstance(instance, Market) for instance in chain(session.new, session.dirty, session.deleted)):
        session.info[CHANGED] = True


def _publish_after_commit(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint: the transaction goes on
        return
    if not session.info.pop(CHANGED, False) or not has_app_context() or _store() is None:
        return
    try:
        with db.engine.connect() as connection:  # the session cannot run SQL after its commit
            version = _read(connection)
        _store().set(_key(), version.encode(), ex=EXPIRY_SECONDS)
    except redis.RedisError as error:
        log.error("public version: Redis failed (%s); pages may be stale for %d s", error, EXPIRY_SECONDS)


def configure_public_version(app: Flask) -> None:
    app.config.setdefault("PUBLIC_VERSION_KEY", "festival:public-version")
    url = app.config.get("CACHE_REDIS_URL")
    if url:
        app.extensions["public_version_redis"] = redis.Redis.from_url(
            url, socket_timeout=0.5, socket_connect_timeout=0.5)
    if not event.contains(Session, "after_flush", _note_market_changes):
        event.listen(Session, "after_flush", _note_market_changes)
        # No listener on rollbacks: savepoints roll back inside transactions that still
        # commit, and storing an unchanged version again costs nothing but a query.
        event.listen(Session, "after_commit", _publish_after_commit)
