"""With Redis, public pages skip the database when nothing changed, and never show a stale event."""
from datetime import time

import redis

from festival import create_app
from festival.core.types import utcnow
from festival.extensions import db
from festival.markets import public_version
from festival.markets.public_version import PublicVersion
from tests.calendar.redis_fixtures import app_config, version_key  # noqa: F401  (fixtures)
from tests.factories import NEXT_YEAR

MONTH = f"/calendar?month={NEXT_YEAR}-03"


def kept_version(app) -> PublicVersion | None:
    value = redis.Redis.from_url(app.config["CACHE_REDIS_URL"]).get(app.config["PUBLIC_VERSION_KEY"])
    return value and PublicVersion.decode(value)


def another_worker(app):
    settings = ("TESTING", "SQLALCHEMY_DATABASE_URI", "RATELIMIT_STORAGE_URI", "FESTIVAL_BASE_URL",
                "CACHE_REDIS_URL", "PUBLIC_VERSION_KEY")
    return create_app({name: app.config[name] for name in settings})


def test_a_kept_page_is_served_without_any_sql(client, events, count_queries):
    events.market(occurrence_count=3)
    client.get(MONTH)

    with count_queries() as queries:
        again = client.get(MONTH)

    assert again.status_code == 200 and queries.count == 0


def row_version(app) -> PublicVersion:
    with app.app_context():
        return public_version._read_row()


def test_a_change_made_in_one_worker_is_seen_at_once_in_another(app, client, events):
    market = events.market(occurrence_count=3)
    worker = another_worker(app).test_client()
    etag = worker.get(MONTH).headers["ETag"]
    before = row_version(app)

    events.reschedule(market, title_ar="سوق الجمعة الجديد", closes_at=time(17, 0))  # committed in this app

    fresh = worker.get(MONTH, headers={"If-None-Match": etag})
    assert fresh.status_code == 200 and "سوق الجمعة الجديد" in fresh.get_data(as_text=True)
    assert kept_version(app) == row_version(app) and row_version(app).number > before.number


def test_without_a_kept_version_the_database_answers_and_fills_it(app, client, events):
    events.market(occurrence_count=2)
    redis.Redis.from_url(app.config["CACHE_REDIS_URL"]).delete(app.config["PUBLIC_VERSION_KEY"])

    assert client.get(MONTH).status_code == 200

    assert kept_version(app) == row_version(app)


def test_an_older_version_never_replaces_a_newer_one(app, events):
    events.market(occurrence_count=2)
    current = row_version(app)
    newer = PublicVersion(current.number + 5, utcnow())
    older = PublicVersion(current.number + 4, utcnow())

    with app.test_request_context():
        public_version._store_if_newer(public_version._store(), newer)
        public_version._store_if_newer(public_version._store(), older)  # a late write of an earlier commit
        assert public_version.current() == newer
    assert kept_version(app) == newer


def test_when_redis_is_down_the_database_answers(app, events):
    market = events.market(occurrence_count=2)
    broken = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                         "CACHE_REDIS_URL": "redis://127.0.0.1:1/0"})  # nothing listens on port 1
    visitor = broken.test_client()
    etag = visitor.get(MONTH).headers["ETag"]

    events.reschedule(market, title_ar="سوق الجمعة الجديد")  # its publish fails too: the commit stands
    with broken.app_context():
        market_after = db.session.get(public_version.Market, market)
        market_after.title_ar = "سوق الجمعة الأحدث"
        db.session.commit()  # storing the version fails after this commit; the request must not

    fresh = visitor.get(MONTH, headers={"If-None-Match": etag})
    assert fresh.status_code == 200 and "سوق الجمعة الأحدث" in fresh.get_data(as_text=True)


def test_a_value_this_code_did_not_write_falls_back_to_the_database(app, client, events):
    events.market(occurrence_count=2)
    redis.Redis.from_url(app.config["CACHE_REDIS_URL"]).set(app.config["PUBLIC_VERSION_KEY"], "not a version")

    with app.test_request_context():
        assert public_version.current() == row_version(app)
        public_version._store_if_newer(public_version._store(), row_version(app))  # replaces it
    assert kept_version(app) == row_version(app)


def test_the_version_is_raised_when_the_transaction_commits_not_at_a_savepoint(app, events):
    market_id = events.market(occurrence_count=2)
    before = row_version(app)

    with app.app_context():
        market = db.session.get(public_version.Market, market_id)
        with db.session.begin_nested():
            market.updated_at = utcnow()
        assert kept_version(app) is None or kept_version(app).number == before.number  # not committed yet
        db.session.commit()

    assert row_version(app).number == before.number + 1
    assert kept_version(app) == row_version(app)


def test_a_commit_without_market_changes_keeps_the_version(app, make, events):
    events.market(occurrence_count=2)
    before = row_version(app)

    make.family()  # commits a family and its user

    assert row_version(app) == before
