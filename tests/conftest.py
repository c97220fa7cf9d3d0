"""Fixtures: a migrated database and one app per run, clients and logins.

The database is SQLite (a temporary file) unless TEST_DATABASE_URL points elsewhere,
e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test in CI. The schema is built
once per run by the real Alembic migrations; after each test every table but the
seeded reference data is emptied.

Tests share one app per set of extra settings (`app_config`): building one costs
0.14 s of CPU (werkzeug compiles a function per URL rule), two minutes over the
suite, and each new app compiled every template again.
Whatever a test changes in `app.config` is put back after it. A test that changes
the app itself (adds a route) asks for its own with `@pytest.mark.fresh_app`.
"""
import base64
import os
import re

import pytest
from sqlalchemy import create_engine, event, text

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")

from festival import create_app  # noqa: E402
from festival.core import http_cache  # noqa: E402
from festival.extensions import db, limiter  # noqa: E402
from festival.markets.public_version import ProvinceLookup  # noqa: E402
from tests import factories  # noqa: E402
from tests.factories import PASSWORD  # noqa: E402

# One badge key per test run, so tests never write instance/badge_signing_key.
TEST_BADGE_KEY = base64.b64encode(os.urandom(32)).decode()
REFERENCE_TABLES = {"provinces", "craft_categories", "crafts", "alembic_version", "public_data_version"}
CSRF_INPUT = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def _reset_postgres_schema(url: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        _reset_postgres_schema(url)
    else:
        url = "sqlite:///" + str(tmp_path_factory.mktemp("db") / "festival-test.sqlite3")
    migrate_app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with migrate_app.app_context():
        from flask_migrate import upgrade

        upgrade()
        db.engine.dispose()
    return url


def _empty_tables() -> None:
    tables = [t for t in reversed(db.metadata.sorted_tables) if t.name not in REFERENCE_TABLES]
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{table.name}"' for table in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def app_config():
    """Extra settings for the test app; a test module overrides this fixture to add some."""
    return {}


def _test_settings(database_url: str, app_config: dict) -> dict:
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "RATELIMIT_STORAGE_URI": "memory://",
        "FESTIVAL_BASE_URL": "http://localhost",
        "BASE_URL_FROM_REQUEST": False,
        "BADGE_SIGNING_KEY": TEST_BADGE_KEY,
        # One PBKDF2 round instead of scrypt: hashing was most of the suite's time.
        # tests/auth/test_password_hashing.py proves production hashes are scrypt.
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",
        # Tasks run at once where they are enqueued (Huey's testing mode); tests/jobs run real consumers.
        "JOBS_QUEUE_URL": "immediate",
        **app_config,
    }


@pytest.fixture(scope="session")
def shared_apps(database_url):
    """The apps of this run, by their extra settings; their engines close at the end."""
    apps = {}
    yield apps
    for app in apps.values():
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def app(request, database_url, tmp_path, app_config, shared_apps):
    fresh = request.node.get_closest_marker("fresh_app") is not None
    if fresh:
        app = create_app(_test_settings(database_url, app_config))
    else:
        key = repr(sorted(app_config.items()))
        if key not in shared_apps:
            shared_apps[key] = create_app(_test_settings(database_url, app_config))
        app = shared_apps[key]
    settings_before = dict(app.config)
    app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")  # each test's photos vanish with its tmp_path
    app.config["JOB_FILES_FOLDER"] = str(tmp_path / "job-files")
    with app.app_context():
        limiter.reset()
    http_cache.bodies.clear()  # stored public bodies belong to the previous test's data
    # Row ids start again at 1 in every test: a worker's province of occurrence 1 is the last test's.
    app.extensions["public_version_provinces"] = ProvinceLookup()
    yield app
    with app.app_context():
        db.session.remove()
        _empty_tables()
        if fresh:
            db.engine.dispose()
    app.config.clear()
    app.config.update(settings_before)


@pytest.fixture
def app_context(app):
    with app.app_context():
        yield


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def csrf_token_from(html: str) -> str:
    match = CSRF_INPUT.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


def post_form(client, url, data, *, form_page=None, **kwargs):
    """Submit a form the way a browser does: open the page, take its CSRF token, post."""
    page = client.get(form_page or url)
    token = csrf_token_from(page.get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token}, **kwargs)


def job_download(client, url, *, form_page, data=None):
    """Ask for a file that a job prepares (the test app runs the job at once): the download response."""
    started = post_form(client, url, data or {}, form_page=form_page)
    assert started.status_code == 303 and started.headers["Location"].startswith("/jobs/"), started.status_code
    page = client.get(started.headers["Location"]).get_data(as_text=True)
    link = re.search(r'href="(/jobs/\d+/file)"', page)
    assert link, "the job's page offers no file"
    return client.get(link.group(1))


def api_headers(client, path="/gate"):
    """The JSON headers a scanner page sends, with the CSRF token of the signed-in session."""
    token = csrf_token_from(client.get(path).get_data(as_text=True))
    return {"X-CSRFToken": token, "Accept": "application/json"}


@pytest.fixture
def login(client):
    def log_in(user, password=PASSWORD, *, remember=False, as_client=None):
        target = as_client or client
        response = post_form(
            target, "/login", {"phone": user.phone, "password": password, "remember": "y" if remember else ""}
        )
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return target

    return log_in


class _Builders:
    """`make.family(...)` runs tests/factories.make_family in its own app context.

    Requests in a test must not share the test's app context (Flask-Login caches the
    user on `g`), so builders return committed, detached objects with their columns
    loaded; query inside `with app.app_context()` for anything more.
    """

    def __init__(self, app):
        self._app = app

    def __getattr__(self, name):
        builder = getattr(factories, f"make_{name}")

        def build(*args, **kwargs):
            with self._app.app_context():
                return builder(*args, **kwargs)

        return build


@pytest.fixture
def make(app):
    return _Builders(app)


@pytest.fixture
def events(app):
    """Published markets for the visitors' pages: `events.market(...)` returns an id (tests/factories.EventBuilder)."""
    return factories.EventBuilder(app)


class _QueryCounter:
    """SQL statements run on the engine inside `with count_queries() as queries:`."""

    TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")

    def __init__(self, engine):
        self._engine = engine
        self.statements: list[str] = []

    def _record(self, _connection, _cursor, statement, _parameters, _context, _executemany):
        if not statement.lstrip().upper().startswith(self.TRANSACTION_CONTROL):
            self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)

    def __enter__(self):
        event.listen(self._engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *_exc):
        event.remove(self._engine, "before_cursor_execute", self._record)


@pytest.fixture
def count_queries(app):
    """Count SQL statements (transaction control aside): `with count_queries() as queries: ...`."""
    with app.app_context():
        engine = db.engine
    return lambda: _QueryCounter(engine)
