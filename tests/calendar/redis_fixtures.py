"""An app that keeps the public version in Redis, as production's workers do."""
import os
import uuid

import pytest
import redis

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def redis_url() -> str:
    """REDIS_URL (CI sets it and starts Redis: unreachable is then a failure), else a local Redis if one runs."""
    url = os.environ.get("REDIS_URL")
    try:
        redis.Redis.from_url(url or DEFAULT_REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.ConnectionError:
        if url:
            raise
        pytest.skip("no Redis at 127.0.0.1:6379 and REDIS_URL is not set")
    return url or DEFAULT_REDIS_URL


@pytest.fixture(scope="session")
def version_key():
    """One key per run, so these tests share one app; each test starts without it (see app_config)."""
    return f"festival-test:public-version:{uuid.uuid4().hex}"


@pytest.fixture
def app_config(version_key):
    url = redis_url()
    redis.Redis.from_url(url).delete(version_key)
    yield {"CACHE_REDIS_URL": url, "PUBLIC_VERSION_KEY": version_key}
    redis.Redis.from_url(url).delete(version_key)
