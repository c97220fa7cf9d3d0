"""A real Kannel per test, the app served over HTTP so that Kannel's callbacks reach it."""
from contextlib import contextmanager

import pytest

from tests.browser.conftest import live_server  # noqa: F401 - the app served in a thread
from tests.sms.kannel import require_kannel, running_kannel

CALLBACK_SECRET = "kannel-callback-secret-for-tests"


@pytest.fixture
def start_kannel(app, live_server, tmp_path):  # noqa: F811
    """`with start_kannel(incoming=(...)) as kannel:` the app sends SMS through it; Kannel calls it back."""
    require_kannel()

    @contextmanager
    def start(incoming: tuple[str, ...] = ()):
        with running_kannel(tmp_path / "kannel", f"{live_server}/sms/incoming?key={CALLBACK_SECRET}",
                            incoming) as kannel:
            app.config.update(kannel.settings(), FESTIVAL_BASE_URL=live_server,
                              SMS_CALLBACK_SECRET=CALLBACK_SECRET, SMS_QUIET_HOURS="off")
            yield kannel

    return start
