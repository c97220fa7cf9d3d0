"""Real consumers: Huey's own Consumer in threads of the test process, on SQLite or Redis storage.

`queue` is parametrized over both storages: every test that takes it runs once with a
SQLite file and once with Redis (REDIS_URL, as in CI; skipped only where no Redis runs
and CI is not set). The app's tasks then go to that storage instead of running at once.
"""
import os
import signal
import time
import uuid
from contextlib import contextmanager

import pytest
import redis

from festival.core.queue import huey

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


def _redis_available() -> bool:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
        return True
    except redis.RedisError:
        return False


@pytest.fixture(params=["sqlite", "redis"])
def queue(request, app, tmp_path):
    """The storage URL the app's tasks go to during the test."""
    if request.param == "redis":
        if not _redis_available():
            if os.environ.get("CI"):
                pytest.fail(f"Redis is not reachable at {REDIS_URL}")
            pytest.skip("no Redis here")
        url, name = REDIS_URL, f"festival-test-{uuid.uuid4().hex[:8]}"
    else:
        url, name = f"sqlite:///{tmp_path / 'jobs.sqlite3'}", "festival"
    previous_app = huey.flask_app
    huey.use(url, name=name)
    huey.flask_app = app
    yield url
    huey.flush()
    huey.use("immediate")
    huey.flask_app = previous_app


@contextmanager
def running_consumer(workers: int = 2):
    """Huey's Consumer with worker threads, polling fast; stopped gracefully at the end."""
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    consumer = huey.create_consumer(workers=workers, worker_type="thread", periodic=False,
                                    initial_delay=0.02, max_delay=0.1, check_worker_health=False)
    consumer.start()
    for sig, handler in handlers.items():  # Consumer.start() takes the signals; the test runner keeps them
        signal.signal(sig, handler)
    try:
        yield consumer
    finally:
        consumer.stop(graceful=True)


def wait_for(condition, timeout: float = 15.0, interval: float = 0.05):
    """Poll `condition()` until it is truthy; its last value, or an AssertionError after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still not true after {timeout} s: {condition}")
        time.sleep(interval)
