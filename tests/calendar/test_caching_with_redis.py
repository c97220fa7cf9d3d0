"""Every validator rule of test_caching, again with the public version kept in Redis."""
from tests.calendar.redis_fixtures import app_config, version_key  # noqa: F401  (fixtures)
from tests.calendar.test_caching import *  # noqa: F403  (the same tests, run with these fixtures)
