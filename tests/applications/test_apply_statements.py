"""An application POST runs a fixed handful of statements: hundreds arrive at once when a market opens.

bench/rush.py measures the burst (500 families × 4 Fridays in 10 s); this test keeps
what it depends on from regressing: the statements of one POST do not grow with the
dates chosen or with the family's earlier applications.
"""
from collections import Counter
from types import SimpleNamespace

from festival.applications import operations
from festival.applications.models import Application
from festival.extensions import db
from tests.conftest import csrf_token_from
from tests.factories import NOW, open_market, ready_family, request_for

# Reads: login and family, the market, its dates, its questions, the dates already
# applied for, the family's crafts, its earlier applications to the chosen dates, the
# production units it represents (festival/units: it may apply for one), and the first
# application read back after the commit for the redirect. Transaction control
# (BEGIN, SAVEPOINT…) is not counted.
READS_PER_APPLICATION_POST = 9
# Writes: one INSERT per table (applications, their crafts, status history, audit log,
# notification). PostgreSQL sends the rows of a table in one INSERT; SQLite, in process
# and without a network round trip, runs one per row.
TABLES_WRITTEN = {"applications", "application_crafts", "application_status_changes", "audit_log",
                  "notifications"}


def _counted(statements):
    reads = [s for s in statements if not s.lstrip().upper().startswith("INSERT")]
    inserts = Counter(s.split()[2] for s in statements if s.lstrip().upper().startswith("INSERT"))
    return reads, inserts


def _post_counting(app, login, count_queries, phone, market_id, occurrence_ids, craft_id):
    client = login(SimpleNamespace(phone=phone), as_client=app.test_client())
    url = f"/family/markets/{market_id}/apply"
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    with count_queries() as queries:
        response = client.post(url, data={"csrf_token": token, "occurrences": [str(i) for i in occurrence_ids],
                                          "crafts": str(craft_id), "accept_terms": "y"})
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    assert response.headers["Location"].startswith("/family/applications")  # one date: its page; several: the list
    return _counted(queries.statements)


def test_an_application_post_takes_the_same_few_statements_for_one_date_or_four(app, login, count_queries):
    with app.app_context():
        market = open_market(stalls=3, fridays=4)
        earlier_market = open_market(stalls=2, fridays=3)
        newcomer, regular = ready_family("أسرة جديدة"), ready_family("أسرة قديمة")
        operations.apply(regular, earlier_market.occurrences, request_for("food"), now=NOW)
        db.session.commit()
        dates = [occurrence.id for occurrence in market.occurrences]
        newcomer_phone, regular_phone, craft_id = newcomer.user.phone, regular.user.phone, newcomer.crafts[0].id
        market_id, dialect = market.id, db.engine.dialect.name

    one_date = _post_counting(app, login, count_queries, newcomer_phone, market_id, dates[:1], craft_id)
    four_dates = _post_counting(app, login, count_queries, regular_phone, market_id, dates, craft_id)

    (reads_one, inserts_one), (reads_four, inserts_four) = one_date, four_dates
    assert len(reads_one) == len(reads_four) <= READS_PER_APPLICATION_POST
    assert set(inserts_one) == set(inserts_four) == TABLES_WRITTEN
    if dialect == "postgresql":
        assert set(inserts_four.values()) == {1}  # the 4 dates' rows in one INSERT per table
    else:
        assert max(inserts_four.values()) <= len(dates)
    with app.app_context():
        kept = db.session.scalars(db.select(Application.occurrence_id).where(Application.occurrence_id.in_(dates)))
        assert sorted(kept) == sorted([dates[0], *dates])  # each application once
