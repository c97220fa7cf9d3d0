"""The application rush: N families apply for the 4 Fridays of one market within S seconds.

Question: when a popular market opens its window, does every family's application go
through quickly, and is each kept exactly once? Target: **500 families × 4 Fridays in
10 s with p95 < 1 s**, nothing lost, nothing doubled.

What a run does: a PostgreSQL database (recreated unless `--reuse`) holding the
calendar benchmark's year of markets (bench/build_data.py) plus one Friday series of 4
dates in Damascus whose window is open, 120 stalls, and N families with complete
profiles. gunicorn serves it with production settings (4 workers, rate limits and the
public version in Redis). Before the clock starts every family logs in (its own cookie
jar, as its own phone would) and opens the application form once, for its CSRF token;
the benchmark accounts' passwords are hashed with one PBKDF2 round, as in the tests,
since login is not what is measured. Then the burst: family i sends its POST at
i × S / N seconds (an even spread), each on a new connection, all 4 Fridays, its craft.
Latency is from sending the request to reading the answer (a 302 to the application).
Afterwards the database must hold exactly 4 N applications, one per family and date.

    .venv/bin/python bench/rush.py [--reuse] [--families 500] [--seconds 10] [--workers 4]
    .venv/bin/python bench/rush.py --reuse --profile   # in process: CPU ms, statements, pyinstrument
"""
import argparse
import http.client
import json
import os
import re
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta
from functools import partial
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from build_data import RESULTS_DIR, _bench_app, build_database, database_has_markets
from server import gunicorn

DEFAULT_DATABASE_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/festival_rush_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/3"
RUSH_TITLE = "سوق الجمعة الكبير (اندفاع الطلبات)"
PASSWORD = "كلمة-سر-الاختبار-2026"
BENCH_HASH = "pbkdf2:sha256:1"
STALLS = 120
CSRF_INPUT = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')
TIMEOUT_S = 300  # a phone waits; every POST is answered before the server stops


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL,
                        help="postgresql+psycopg://…/<name with 'bench'>; recreated unless --reuse")
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL, help="rate limits and public version (FLUSHDB!)")
    parser.add_argument("--reuse", action="store_true", help="keep the database; only its rush applications go")
    parser.add_argument("--families", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=10, help="the burst's length")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--profile", action="store_true",
                        help="in process instead: CPU ms and counts of the form's GET and the POST, a profile")
    return parser.parse_args(argv)


# -- data -----------------------------------------------------------------------------


def _bench_config_app(url: str):
    app = _bench_app(url)
    app.config["PASSWORD_HASH_METHOD"] = BENCH_HASH
    return app


def phone(number: int) -> str:
    return f"0944{number:06d}"


def build_rush(url: str, families: int, log=print) -> None:
    """The rush market and its families, added to the calendar benchmark's data."""
    from sqlalchemy import select

    from festival.auth.operations import register_family
    from festival.core.timezones import today_in_damascus
    from festival.core.types import utcnow
    from festival.crafts.models import CraftCategory
    from festival.extensions import db
    from festival.markets.models import MarketKind
    from festival.markets.operations import MarketPlan, publish_market, schedule_market
    from festival.provinces.models import Area, Province
    from festival.venues.models import Stall, StallSection, Venue

    started = time.monotonic()
    app = _bench_config_app(url)
    with app.app_context():
        damascus = db.session.scalar(select(Province).where(Province.slug == "damascus"))
        crafts = list(db.session.scalars(select(CraftCategory).order_by(CraftCategory.position)))[:4]
        venue = Venue(province=damascus, name_ar="ساحة الأمويين", name_en="Umayyad Square",
                      address="دمشق، ساحة الأمويين", latitude=33.513, longitude=36.276)
        section = StallSection(venue=venue, code="R", rows=6, columns=STALLS // 6)
        for number in range(STALLS):
            db.session.add(Stall(venue=venue, section=section, code=f"R-{number + 1:03d}",
                                 row=number // section.columns + 1, column=number % section.columns + 1))
        db.session.add(venue)
        db.session.flush()
        today, now = today_in_damascus(), utcnow()
        first_friday = today + timedelta(days=(4 - today.weekday()) % 7 or 7) + timedelta(weeks=2)
        market = schedule_market(MarketPlan(
            kind=MarketKind.FRIDAY, venue=venue, first_day=first_friday, occurrence_count=4, title_ar=RUSH_TITLE,
            title_en="The great Friday market (application rush)", description_ar="سوق شعبي",
            opens_at=datetime.min.time().replace(hour=9), closes_at=datetime.min.time().replace(hour=15),
            applications_open_at=now - timedelta(hours=1), applications_close_at=now + timedelta(days=7),
            stall_fee=5000, contact="0930000000", crafts=crafts,
        ), damascus, by=None)
        publish_market(market)
        area = db.session.scalar(select(Area).where(Area.province_id == damascus.id)) or Area(
            province_id=damascus.id, name_ar="المزة")
        db.session.add(area)
        for number in range(families):
            family = register_family(phone=phone(number), password=PASSWORD, family_name=f"أسرة الاندفاع {number + 1}",
                                     province=damascus)
            family.head_name, family.area = "أم محمد", area
            family.products = "مكدوس، مربى المشمش، زيت زيتون من الغوطة"
            family.crafts = [crafts[number % len(crafts)]]
        db.session.commit()
        db.engine.dispose()
    log(f"added the rush market and {families} families in {time.monotonic() - started:.1f} s")


def rush_market(url: str) -> dict:
    """market id, its occurrence ids, and family user phones → craft id."""
    from sqlalchemy import select

    from festival.extensions import db
    from festival.markets.models import Market
    from festival.vendors.models import Family

    with _bench_config_app(url).app_context():
        market = db.session.scalar(select(Market).where(Market.title_ar == RUSH_TITLE))
        families = db.session.scalars(select(Family).where(Family.name.like("أسرة الاندفاع %"))).all()
        result = {"market_id": market.id, "occurrence_ids": [o.id for o in market.occurrences],
                  "families": {f.user.phone: (f.id, f.crafts[0].id) for f in families}}
        db.engine.dispose()
    return result


def reset_rush(url: str, occurrence_ids: list[int]) -> None:
    """Forget earlier runs: the rush applications, their notifications and audit entries."""
    from sqlalchemy import text

    from festival.extensions import db

    with _bench_config_app(url).app_context():
        ids = {"ids": occurrence_ids}
        db.session.execute(text("DELETE FROM notifications WHERE kind = 'application.submitted'"))
        db.session.execute(text("DELETE FROM audit_log WHERE action = 'application.submitted'"))
        db.session.execute(text("DELETE FROM applications WHERE occurrence_id = ANY(:ids)"), ids)
        db.session.commit()
        db.engine.dispose()


def check_kept(url: str, occurrence_ids: list[int], family_ids: list[int]) -> dict:
    """Every family's 4 applications, each exactly once; `partial`: families with some but not all."""
    from sqlalchemy import text

    from festival.extensions import db

    with _bench_config_app(url).app_context():
        rows = db.session.execute(text(
            "SELECT family_id, occurrence_id, count(*) FROM applications WHERE occurrence_id = ANY(:ids) "
            "GROUP BY family_id, occurrence_id"), {"ids": occurrence_ids}).all()
        db.engine.dispose()
    pairs = {(family_id, occurrence_id): count for family_id, occurrence_id, count in rows}
    expected = {(family_id, occurrence_id) for family_id in family_ids for occurrence_id in occurrence_ids}
    return {"applications": sum(pairs.values()), "expected": len(expected),
            "missing": len(expected - pairs.keys()), "doubled": sum(1 for count in pairs.values() if count > 1),
            "unexpected": len(pairs.keys() - expected),
            "partial": len({f for f, _o in pairs} - {f for f in family_ids
                                                     if all((f, o) in pairs for o in occurrence_ids)})}


# -- a family's phone -------------------------------------------------------------------


class Phone:
    """One family's browser: its own cookies, a new connection per request."""

    def __init__(self, base_url: str):
        parts = urlsplit(base_url)
        if parts.hostname != "127.0.0.1":
            raise ValueError("benchmarks only target 127.0.0.1")
        self.host, self.port, self.cookies = parts.hostname, parts.port, SimpleCookie()

    def request(self, method: str, path: str, form: dict | list | None = None) -> tuple[int, str, str]:
        headers = {"Cookie": "; ".join(f"{k}={m.value}" for k, m in self.cookies.items()),
                   "Accept-Language": "ar"}
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT_S)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for header in response.headers.get_all("Set-Cookie") or []:
                self.cookies.load(header)
            return response.status, response.getheader("Location", ""), text
        finally:
            connection.close()

    def csrf(self, path: str) -> str:
        status, _location, html = self.request("GET", path)
        match = CSRF_INPUT.search(html)
        if status != 200 or not match:
            raise RuntimeError(f"GET {path}: {status}, no form")
        return match.group(1) or match.group(2)


def log_in_all(base_url: str, phones: list[str], apply_path: str, threads: int = 8) -> dict[str, tuple]:
    """phone → (Phone, CSRF token of the application form), logged in before the burst."""
    ready: dict[str, tuple] = {}
    queue = list(phones)
    lock = threading.Lock()

    def worker():
        while True:
            with lock:
                if not queue:
                    return
                number = queue.pop()
            browser = Phone(base_url)
            token = browser.csrf("/login")
            status, _location, _html = browser.request(
                "POST", "/login", {"phone": number, "password": PASSWORD, "csrf_token": token})
            if status != 302:
                raise RuntimeError(f"login of {number}: {status}")
            form_token = browser.csrf(apply_path)
            with lock:
                ready[number] = (browser, form_token)

    workers = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    return ready


def burst(ready: dict[str, tuple], crafts: dict[str, int], apply_path: str, occurrence_ids: list[int],
          seconds: float) -> list[dict]:
    """Family i posts at i × seconds / N; returns one result per family."""
    results: list[dict] = []
    lock = threading.Lock()
    phones = sorted(ready)
    start = time.perf_counter() + 1.0

    def send(index: int, number: str):
        browser, token = ready[number]
        due = start + index * seconds / len(phones)
        time.sleep(max(0.0, due - time.perf_counter()))
        sent = time.perf_counter()
        form = [("csrf_token", token), ("crafts", crafts[number]), ("accept_terms", "y")]
        form += [("occurrences", occurrence_id) for occurrence_id in occurrence_ids]
        try:
            status, location, _html = browser.request("POST", apply_path, form)
        except OSError as error:
            status, location = 0, str(error)
        done = time.perf_counter()
        with lock:
            results.append({"late_s": sent - due, "latency_s": done - sent, "done_at_s": done - start,
                            "status": status, "location": location})

    threads = [threading.Thread(target=send, args=(index, number)) for index, number in enumerate(phones)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


# -- one POST in process -------------------------------------------------------------------


class _Counters:
    """SQL statements, flushes, pool checkouts (each one a pre-ping) and Redis round trips."""

    def __init__(self, engine, session):
        import redis.connection
        from sqlalchemy import event

        self.statements, self.flushes, self.checkouts, self.redis = [], 0, 0, 0
        event.listen(engine, "before_cursor_execute", lambda *call: self.statements.append(call[2]))
        event.listen(engine.pool, "checkout", lambda *_call: self._add("checkouts"))
        event.listen(session, "before_flush", lambda *_call: self._add("flushes"))
        send = redis.connection.AbstractConnection.send_packed_command

        def counted_send(connection, *args, **kwargs):
            self.redis += 1
            return send(connection, *args, **kwargs)

        redis.connection.AbstractConnection.send_packed_command = counted_send

    def _add(self, name: str) -> None:
        setattr(self, name, getattr(self, name) + 1)

    def clear(self) -> None:
        self.statements, self.flushes, self.checkouts, self.redis = [], 0, 0, 0

    def line(self) -> str:
        savepoints = sum(1 for s in self.statements if "SAVEPOINT" in s)
        return (f"{len(self.statements)} statements ({savepoints} SAVEPOINT/RELEASE), {self.flushes} flushes, "
                f"{self.checkouts} pool checkouts (pre-ping each), {self.redis} Redis round trips")


def _measured(name: str, counters: _Counters, calls: list) -> None:
    """Run the calls one by one: the median CPU ms of one, and the counts per call."""
    counters.clear()
    cpu = []
    for call in calls:
        started = time.process_time()
        call()
        cpu.append(time.process_time() - started)
    print(f"{name}: {percentile(cpu, 0.5) * 1000:.1f} ms CPU (median of {len(calls)}); per request "
          f"{len(counters.statements) / len(calls):g} statements, {counters.flushes / len(calls):g} flushes, "
          f"{counters.checkouts / len(calls):g} pool checkouts, {counters.redis / len(calls):g} Redis round trips "
          f"(load {os.getloadavg()[0]:.1f})")


def profile_one(url: str, info: dict, redis_url: str, requests: int = 60) -> None:
    """What one family's GET of the form and its POST cost in process, as gunicorn serves them:
    production settings, CSRF on, rate limits and the public version in Redis. CPU ms and
    counts per request, then a pyinstrument profile of the POSTs (pyinstrument is a tool, not a
    dependency)."""
    from pyinstrument import Profiler

    from festival.extensions import db

    os.environ.update({"FESTIVAL_ENV": "production", "RATELIMIT_STORAGE_URI": redis_url,
                       "CACHE_REDIS_URL": redis_url})
    flush_redis(redis_url)
    app = _bench_config_app(url)
    apply_path = f"/family/markets/{info['market_id']}/apply"
    with app.app_context():
        counters = _Counters(db.engine, db.session)
    families = []
    for number in sorted(info["families"])[:2 * requests + 4]:  # each family applies once
        client = app.test_client()
        token = CSRF_INPUT.search(client.get("/login").get_data(as_text=True))
        client.post("/login", data={"phone": number, "password": PASSWORD, "csrf_token": token[1] or token[2]})
        families.append((number, client))

    def get_form(client) -> str:
        response = client.get(apply_path)
        if response.status_code != 200:
            raise RuntimeError(f"GET answered {response.status_code}")
        match = CSRF_INPUT.search(response.get_data(as_text=True))
        return match[1] or match[2]

    def post(number, client, token):
        data = {"csrf_token": token, "crafts": info["families"][number][1], "accept_terms": "y",
                "occurrences": info["occurrence_ids"]}
        response = client.post(apply_path, data=data)
        if response.status_code != 302:
            raise RuntimeError(f"POST answered {response.status_code}")

    for number, client in families[:2]:  # warm: templates compiled, connections open
        post(number, client, get_form(client))
    measured = families[2:2 + requests]
    tokens = {}

    def get_one(number, client):
        tokens[number] = get_form(client)

    _measured(f"GET  {apply_path}", counters, [partial(get_one, number, client) for number, client in measured])
    _measured(f"POST {apply_path}", counters,
              [partial(post, number, client, tokens[number]) for number, client in measured])
    number, client = families[2 + requests]
    token = get_form(client)
    counters.clear()
    post(number, client, token)
    print(f"one POST: {counters.line()}")
    for statement in counters.statements:
        print("   ", " ".join(statement.split())[:160])
    rest = families[3 + requests:]
    tokens = {number: get_form(client) for number, client in rest}
    profiler = Profiler(interval=0.0002)
    with profiler:
        for number, client in rest:
            post(number, client, tokens[number])
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / "rush-post.html").write_text(profiler.output_html())
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    reset_rush(url, info["occurrence_ids"])


# -- main ---------------------------------------------------------------------------------


def main(argv=None) -> int:
    args = parse_args(argv)
    if not (args.reuse and database_has_markets(args.database_url)):
        build_database(args.database_url)
        build_rush(args.database_url, args.families)
    info = rush_market(args.database_url)
    if len(info["families"]) < args.families:
        raise SystemExit(f"the database has {len(info['families'])} rush families; rebuild without --reuse")
    reset_rush(args.database_url, info["occurrence_ids"])
    if args.profile:
        profile_one(args.database_url, info, args.redis_url)
        return 0
    flush_redis(args.redis_url)
    phones = sorted(info["families"])[:args.families]
    apply_path = f"/family/markets/{info['market_id']}/apply"
    log_path = RESULTS_DIR / "rush-gunicorn.log"
    load_before = os.getloadavg()
    with gunicorn(args.database_url, log_path, workers=args.workers, redis_url=args.redis_url,
                  ratelimit_storage_uri=args.redis_url, ready_timeout=300) as base_url:
        started = time.monotonic()
        ready = log_in_all(base_url, phones, apply_path)
        print(f"{len(ready)} families logged in with the form open in {time.monotonic() - started:.1f} s")
        load_at_burst = os.getloadavg()
        results = burst(ready, {number: info["families"][number][1] for number in phones}, apply_path,
                        info["occurrence_ids"], args.seconds)
    latencies = [result["latency_s"] for result in results]
    kept = check_kept(args.database_url, info["occurrence_ids"], [info["families"][n][0] for n in phones])
    statuses: dict[int, int] = {}
    for result in results:
        statuses[result["status"]] = statuses.get(result["status"], 0) + 1
    revision = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              cwd=Path(__file__).parent).stdout.strip()
    report = {
        "at": datetime.now().astimezone().isoformat(timespec="seconds"), "revision": revision,
        "families": len(phones), "fridays": len(info["occurrence_ids"]), "seconds": args.seconds,
        "workers": args.workers, "load_before": [round(x, 2) for x in load_before],
        "load_at_burst": [round(x, 2) for x in load_at_burst],
        "p50_s": round(percentile(latencies, 0.5), 3), "p95_s": round(percentile(latencies, 0.95), 3),
        "max_s": round(max(latencies), 3), "last_done_at_s": round(max(r["done_at_s"] for r in results), 2),
        "client_late_max_s": round(max(r["late_s"] for r in results), 3), "statuses": statuses, "kept": kept,
    }
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / f"rush-{datetime.now():%Y%m%d-%H%M%S}.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))
    ok = (kept["missing"] == kept["doubled"] == kept["unexpected"] == kept["partial"] == 0
          and statuses.get(302, 0) == len(phones))
    met = "met" if report["p95_s"] < 1 else "missed"
    print("kept exactly once:", "yes" if ok else "NO", f"| target p95 < 1 s: {met}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
