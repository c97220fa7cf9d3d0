"""The task queue: Huey, bound to the app's settings, tasks that run inside the app.

`JOBS_QUEUE_URL` chooses Huey's storage:
- `sqlite:///path` - the embedded default (a file in instance/): `make run` starts one
  consumer next to the web server, nothing else to install;
- `redis://host:port/db` - production: the same Redis as the rate limits, any number of
  consumer processes on any number of machines;
- `immediate` - Huey's own testing mode: a task runs at once in the process that enqueues
  it (the test suite's default; tests/jobs run real consumers on SQLite and Redis).

Tasks take ids, never ORM objects, and load what they need in their own app context and
transaction (`@task`, `@periodic`): one commit when the function returns, a rollback when
it raises. Each task is idempotent: it checks the state it is about to change, so running
it twice, or in two consumers at once, changes nothing the second time.

Huey keeps no results (`results=False`): what people see (a message sent, a file ready)
lives in our own tables, so nothing depends on the queue's storage surviving.
"""
import functools
from contextlib import contextmanager
from pathlib import Path

from flask import Flask, current_app, has_app_context
from huey import Huey, crontab
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

from festival.extensions import db

__all__ = ["crontab", "huey", "periodic", "task", "transaction"]


class FestivalHuey(Huey):
    """One Huey for the process; `init_app` picks its storage from the app's settings."""

    def __init__(self):
        super().__init__("festival", results=False, utc=True, storage_class=MemoryStorage)
        self.flask_app: Flask | None = None
        self.queue_url = "immediate"

    def init_app(self, app: Flask) -> None:
        self.flask_app = app
        self.use(app.config.get("JOBS_QUEUE_URL") or "immediate", name=app.config.get("JOBS_QUEUE_NAME") or "festival")
        app.extensions["huey"] = self

    def use(self, url: str, *, name: str = "festival") -> None:
        """Switch the storage (the consumer, and tests that run one, call this).

        `name` prefixes the queue's keys in Redis and names its tables in SQLite."""
        self.queue_url = url
        self.name = name
        if url == "immediate":
            self._immediate = True
            self.storage = MemoryStorage(name)
            return
        self._immediate = False
        if url.startswith(("redis://", "rediss://", "unix://")):
            self.storage = RedisStorage(name, url=url)
        elif url.startswith("sqlite:///"):
            filename = url.removeprefix("sqlite:///")
            Path(filename).parent.mkdir(parents=True, exist_ok=True)
            self.storage = SqliteStorage(name, filename=filename)
        else:
            raise ValueError(f"JOBS_QUEUE_URL must be sqlite:///…, redis://… or immediate, not {url!r}")


huey = FestivalHuey()


def _app() -> Flask:
    # Enqueued in immediate mode from inside a request or command: the same app, a context of its own.
    if has_app_context():
        return current_app._get_current_object()
    if huey.flask_app is None:
        raise RuntimeError("the task queue has no app: create_app() binds it")
    return huey.flask_app


@contextmanager
def transaction():
    """One commit when the block ends normally, one rollback when it raises."""
    try:
        yield db.session
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


def _in_app(func, own_transaction: bool):
    @functools.wraps(func)
    def run(*args, **kwargs):
        with _app().app_context():
            if not own_transaction:
                return func(*args, **kwargs)
            with transaction():
                return func(*args, **kwargs)

    return run


def task(*, transaction: bool = True, **options):
    """A Huey task run in an app context; `transaction=False` for a task that commits in
    steps itself (delivering a message commits its claim before talking to the network)."""

    def decorate(func):
        return huey.task(**options)(_in_app(func, transaction))

    return decorate


SCHEDULE_LOCK_SECONDS = 15 * 60


def periodic(schedule, **options):
    """A periodic Huey task (times are UTC: `huey.utc`); it decides from the database what
    is due, so a consumer that was down catches up once, not once per missed tick.

    Every consumer runs the schedules; a lock in the queue's storage lets one run at a time
    (the others skip that tick), and expires so that a consumer killed holding it blocks nothing."""

    def decorate(func):
        locked = huey.lock_task(f"schedule:{func.__name__}", ttl=SCHEDULE_LOCK_SECONDS)(_in_app(func, True))
        return huey.periodic_task(schedule, **options)(locked)

    return decorate
