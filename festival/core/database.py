"""Engine set-up that makes SQLite a real embedded database (the one commit point of a
request is festival/core/pipeline.py).

SQLite: WAL (readers never block the writer), a busy timeout (a writer waits for the
lock instead of failing), foreign keys on, and - following SQLAlchemy's documented
recipe for the sqlite3 driver - we emit BEGIN ourselves so that requests that may
write take the write lock up front with BEGIN IMMEDIATE. Without it two deferred
transactions can both read and then deadlock when they upgrade to write.
"""
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from flask import g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

from festival.core.text import fold_letters
from festival.extensions import db

READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_reading: ContextVar[bool] = ContextVar("festival_reading", default=False)


@contextmanager
def reading() -> Iterator[None]:
    """A long read outside a request (a job building a PDF): a plain BEGIN on SQLite, so the
    web's writers are not kept waiting for the write lock while it reads."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def writes_on_get() -> None:
    """Call at the top of a GET view that writes (a gateway's callback): SQLite then takes the
    write lock at BEGIN, instead of failing at once when another writer committed in between."""
    g.festival_writes = True


def _sqlite_begin_statement() -> str:
    if _reading.get():
        return "BEGIN"
    if has_request_context() and request.method in READ_ONLY_METHODS and not g.get("festival_writes"):
        return "BEGIN"
    return "BEGIN IMMEDIATE"


def configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        # Hand transaction control to SQLAlchemy's "begin" event below.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        # What PostgreSQL does with translate() for the search boxes (festival/core/search.py).
        dbapi_connection.create_function("festival_fold", 1, fold_letters, deterministic=True)

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        connection.exec_driver_sql(_sqlite_begin_statement())


def configure_engine(app) -> None:
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            configure_sqlite(engine)


