"""With Redis, public pages skip the database when nothing changed, and never show a stale event."""
from datetime import time

import redis

from festival import create_app
from festival.core.types import utcnow
from festival.extensions import db
from festival.markets import public_version
from festival.markets.public_version import PublicVersion
from tests.calendar.conftest import NEXT_YEAR
from tests.calendar.redis_fixtures import app_config, version_key  # noqa: F401  (fixtures)

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


def test_a_change_made_in_one_worker_is_seen_at_once_in_another(app, client, events):
    market = events.market(occurrence_count=3)
    worker = another_worker(app).test_client()
    etag = worker.get(MONTH).headers["ETag"]

    events.reschedule(market, title_ar="سوق الجمعة الجديد", closes_at=time(17, 0))  # committed in this app

    fresh = worker.get(MONTH, headers={"If-None-Match": etag})
    assert fresh.status_code == 200 and "سوق الجمعة الجديد" in fresh.get_data(as_text=True)
    with app.app_context():
        latest = db.session.scalar(db.select(db.func.max(public_version.Market.updated_at)))
    assert kept_version(app).changed_at == latest


def test_without_a_kept_version_the_database_answers_and_fills_it(app, client, events):
    events.market(occurrence_count=2)
    redis.Redis.from_url(app.config["CACHE_REDIS_URL"]).delete(app.config["PUBLIC_VERSION_KEY"])

    assert client.get(MONTH).status_code == 200

    assert kept_version(app).market_count == 1


def test_a_reader_never_replaces_a_kept_version(app, events):
    events.market(occurrence_count=2)
    newer = PublicVersion(changed_at=public_version.NEVER.replace(year=2099), market_count=7)
    redis.Redis.from_url(app.config["CACHE_REDIS_URL"]).set(app.config["PUBLIC_VERSION_KEY"], newer.encode())

    with app.test_request_context():
        assert public_version.current() == newer


def test_when_redis_is_down_the_database_answers(app, events):
    market = events.market(occurrence_count=2)
    broken = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                         "CACHE_REDIS_URL": "redis://127.0.0.1:1/0"})  # nothing listens on port 1
    visitor = broken.test_client()
    etag = visitor.get(MONTH).headers["ETag"]

    events.reschedule(market, title_ar="سوق الجمعة الجديد")

    fresh = visitor.get(MONTH, headers={"If-None-Match": etag})
    assert fresh.status_code == 200 and "سوق الجمعة الجديد" in fresh.get_data(as_text=True)


def test_the_version_is_stored_when_the_transaction_commits_not_at_a_savepoint(app, events):
    market_id = events.market(occurrence_count=2)
    before = kept_version(app)

    with app.app_context():
        market = db.session.get(public_version.Market, market_id)
        with db.session.begin_nested():
            market.updated_at = utcnow()
        assert kept_version(app) == before  # other workers must not read a version not yet committed
        db.session.commit()
        changed_at = market.updated_at

    assert kept_version(app).changed_at == changed_at
