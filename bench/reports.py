"""Sales dashboards over 100,000 reports: response time and SQL statements per page.

    .venv/bin/python bench/reports.py [--reports 100000] [--runs 5] [--database-url URL]

Builds a temporary SQLite database (or uses an empty PostgreSQL database given with
--database-url) through the real Alembic migrations, bulk-inserts three years of
Friday markets in the 14 provinces (two series per province, 25 stalls each), the
families' applications, stalls, check-ins and sales reports with their lines per
craft, then asks the province and national dashboards (and the event dashboard and
the register export) through the Flask test client, in process. Prints a Markdown
table: median time of `--runs` requests after a warm-up, and the SQL statements of one
request. Nothing is asserted: timings depend on the machine, see bench/README.md.
"""
import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import event, text
from werkzeug.security import generate_password_hash

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("SECRET_KEY", "bench-secret-key")

from festival import create_app  # noqa: E402
from festival.extensions import db  # noqa: E402

PASSWORD = "bench-password-1"
SERIES_PER_PROVINCE, STALLS, FAMILIES_PER_PROVINCE, WEEKS = 2, 25, 160, 156
CHUNK = 20_000


def _insert(table, rows):
    for start in range(0, len(rows), CHUNK):
        db.session.execute(table.insert(), rows[start:start + CHUNK])


def build(reports_wanted: int, seed: int = 7) -> dict:
    """Bulk-insert the data set; returns what the requests need (ids, phones, year)."""
    from festival.applications.models import Application, application_crafts
    from festival.auth.models import User, user_provinces
    from festival.checkin.models import CheckIn
    from festival.crafts.models import CraftCategory
    from festival.markets.models import Market, Occurrence
    from festival.provinces.models import Province
    from festival.reports.models import SalesReport, SalesReportLine
    from festival.stalls.models import StallAssignment
    from festival.vendors.models import Family, family_crafts
    from festival.venues.models import Stall, StallSection, Venue

    rng = random.Random(seed)
    now = datetime.now(UTC)
    password_hash = generate_password_hash(PASSWORD)
    provinces = db.session.execute(db.select(Province.id, Province.slug).order_by(Province.position)).all()
    crafts = list(db.session.scalars(db.select(CraftCategory.id).order_by(CraftCategory.position)))

    users = [{"id": 1, "phone": "+963930000001", "display_name": "admin", "password_hash": password_hash,
              "role": "admin", "created_at": now},
             {"id": 2, "phone": "+963930000002", "display_name": "organizer", "password_hash": password_hash,
              "role": "organizer", "created_at": now}]
    families, family_craft_rows = [], []
    families_of = {}
    next_user = 3
    for province_id, _slug in provinces:
        families_of[province_id] = []
        for _number in range(FAMILIES_PER_PROVINCE):
            users.append({"id": next_user, "phone": f"+9639440{next_user:05d}", "display_name": "family",
                          "password_hash": password_hash, "role": "vendor", "created_at": now})
            families.append({"id": next_user, "user_id": next_user, "name": f"أسرة {next_user}",
                             "province_id": province_id, "created_at": now})
            for craft_id in rng.sample(crafts, 2):
                family_craft_rows.append({"family_id": next_user, "craft_id": craft_id})
            families_of[province_id].append(next_user)
            next_user += 1
    _insert(User.__table__, users)
    _insert(user_provinces, [{"user_id": 2, "province_id": provinces[0][0]}])
    _insert(Family.__table__, families)
    _insert(family_crafts, family_craft_rows)

    first_friday = date.today() - timedelta(days=(date.today().weekday() - 4) % 7 + 7 * WEEKS)
    venues, sections, stalls, markets, occurrences = [], [], [], [], []
    stalls_of_market = {}
    market_id = stall_id = occurrence_id = 0
    for province_id, _slug in provinces:
        for series in range(SERIES_PER_PROVINCE):
            market_id += 1
            venues.append({"id": market_id, "province_id": province_id, "name_ar": f"موقع {market_id}",
                           "address": "", "notes_for_vendors": "", "created_at": now})
            sections.append({"id": market_id, "venue_id": market_id, "code": "A", "rows": 1, "columns": STALLS})
            stalls_of_market[market_id] = []
            for column in range(1, STALLS + 1):
                stall_id += 1
                stalls.append({"id": stall_id, "venue_id": market_id, "section_id": market_id,
                               "code": f"A-{column:02d}", "row": 1, "column": column})
                stalls_of_market[market_id].append(stall_id)
            last_day = first_friday + timedelta(weeks=WEEKS - 1)
            markets.append({"id": market_id, "kind": "friday", "status": "published",
                            "title_ar": f"سوق الجمعة {market_id}", "province_id": province_id,
                            "venue_id": market_id, "first_day": first_friday, "last_day": last_day,
                            "opens_at": datetime.min.time().replace(hour=9 + series * 6),
                            "closes_at": datetime.min.time().replace(hour=14 + series * 6),
                            "applications_open_at": now - timedelta(days=1200),
                            "applications_close_at": now - timedelta(days=1100), "created_by_id": 2})
            for week in range(WEEKS):
                occurrence_id += 1
                day = first_friday + timedelta(weeks=week)
                starts = datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=6 + series * 6)
                occurrences.append({"id": occurrence_id, "market_id": market_id, "venue_id": market_id, "day": day,
                                    "last_day": day, "starts_at": starts, "ends_at": starts + timedelta(hours=5),
                                    "status": "scheduled", "revision": 0})
    _insert(Venue.__table__, venues)
    _insert(StallSection.__table__, sections)
    _insert(Stall.__table__, stalls)
    _insert(Market.__table__, markets)
    _insert(Occurrence.__table__, occurrences)

    # Each date: every stall taken; about 92% of the families report, 88% check in.
    report_rate = min(1.0, reports_wanted / (len(occurrences) * STALLS))
    applications, application_craft_rows, assignments, checkins, reports, lines = [], [], [], [], [], []
    application_id = report_id = 0
    for occurrence in occurrences:
        market = markets[occurrence["market_id"] - 1]
        chosen = rng.sample(families_of[market["province_id"]], STALLS)
        for stall, family_id in zip(stalls_of_market[market["id"]], chosen, strict=True):
            application_id += 1
            applications.append({"id": application_id, "family_id": family_id, "occurrence_id": occurrence["id"],
                                 "status": "approved", "submitted_at": now, "updated_at": now})
            craft_ids = rng.sample(crafts, 2)
            application_craft_rows += [{"application_id": application_id, "craft_id": c} for c in craft_ids]
            assignments.append({"occurrence_id": occurrence["id"], "stall_id": stall, "family_id": family_id,
                                "application_id": application_id, "method": "auto", "assigned_at": now})
            came = rng.random() < 0.88
            if came:
                checkins.append({"occurrence_id": occurrence["id"], "family_id": family_id,
                                 "application_id": application_id, "method": "scan",
                                 "checked_in_at": occurrence["starts_at"]})
            if report_id >= reports_wanted or rng.random() > report_rate:
                continue
            report_id += 1
            attended = came or rng.random() < 0.3
            amounts = [rng.randrange(50, 2500) * 1000 for _craft in craft_ids] if attended else []
            reports.append({"id": report_id, "occurrence_id": occurrence["id"], "family_id": family_id,
                            "application_id": application_id, "attended": attended,
                            "total_sales": sum(amounts), "rating": rng.randint(1, 5) if attended else None,
                            "entered_by_id": 2 if rng.random() < 0.1 else None,
                            "submitted_at": now, "updated_at": now})
            lines += [{"report_id": report_id, "craft_id": c, "amount": a, "items": a // 25_000}
                      for c, a in zip(craft_ids, amounts, strict=False)]
    _insert(Application.__table__, applications)
    _insert(application_crafts, application_craft_rows)
    _insert(StallAssignment.__table__, assignments)
    _insert(CheckIn.__table__, checkins)
    _insert(SalesReport.__table__, reports)
    _insert(SalesReportLine.__table__, lines)
    db.session.commit()
    db.session.execute(text("ANALYZE"))  # fresh statistics for the planner, as a live database has
    db.session.commit()
    latest = occurrences[-1]
    return {"occurrences": len(occurrences), "assignments": len(assignments), "checkins": len(checkins),
            "reports": len(reports), "lines": len(lines), "families": len(families),
            "province": provinces[0][1], "event": WEEKS,  # the latest date of the first Damascus series
            "year": latest["day"].year,
            "first": occurrences[0]["day"], "last": latest["day"]}


def measure(app, url: str, phone: str, runs: int) -> tuple[float, int, int]:
    client = app.test_client()
    assert client.post("/login", data={"phone": phone, "password": PASSWORD}).status_code == 302
    statements = []

    def count(*_args):
        statements.append(1)

    assert client.get(url).status_code == 200, url  # warm-up
    timings = []
    for _run in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    client.get(url)
    event.remove(engine, "before_cursor_execute", count)
    return statistics.median(timings) * 1000, len(statements), len(response.data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url", help="an EMPTY PostgreSQL database (its public schema is replaced)")
    arguments = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="festival-bench-reports-")
    url = arguments.database_url or f"sqlite:///{workdir}/reports.sqlite3"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
                      "TESTING": True})
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        from flask_migrate import upgrade

        started = time.perf_counter()
        upgrade()
        data = build(arguments.reports)
        built = time.perf_counter() - started
    print(f"data: {data['reports']:,} reports ({data['lines']:,} lines), {data['assignments']:,} stalls given, "
          f"{data['checkins']:,} check-ins, {data['occurrences']:,} dates from {data['first']} to {data['last']}, "
          f"{data['families']:,} families in 14 provinces; built in {built:.1f} s ({db_name(url)})")
    year = data["year"]
    pages = [
        ("province dashboard", f"/manage/provinces/{data['province']}/sales?year={year}", "+963930000002"),
        ("province dashboard, previous year", f"/manage/provinces/{data['province']}/sales?year={year - 1}",
         "+963930000002"),
        ("national dashboard", f"/admin/sales?year={year}", "+963930000001"),
        ("national dashboard, previous year", f"/admin/sales?year={year - 1}", "+963930000001"),
        ("event dashboard", f"/manage/occurrences/{data['event']}/sales", "+963930000002"),
        ("market series dashboard (156 dates)", "/manage/markets/1/sales", "+963930000002"),
        ("national register, XLSX (2,240 families)", "/admin/sales/register.xlsx", "+963930000001"),
    ]
    print("\n| page | URL | median time (ms) | SQL statements | bytes |\n|---|---|---:|---:|---:|")
    for name, path, phone in pages:
        milliseconds, statements, size = measure(app, path, phone, arguments.runs)
        print(f"| {name} | `{path}` | {milliseconds:.0f} | {statements} | {size:,} |")


def db_name(url: str) -> str:
    return "PostgreSQL" if url.startswith("postgresql") else "SQLite"


if __name__ == "__main__":
    main()
