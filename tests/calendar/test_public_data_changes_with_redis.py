"""Every rule of test_public_data_changes, again with the versions kept in Redis."""
from tests.calendar.redis_fixtures import app_config, version_key  # noqa: F401  (fixtures)
from tests.calendar.test_public_data_changes import *  # noqa: F403  (the same tests, run with these fixtures)
