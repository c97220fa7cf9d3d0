"""Check-in benchmark: the gate's server side through gunicorn, as ratios to /health in one run,
and the upload of a morning's offline scans.

    .venv/bin/python bench/checkin.py [--families 1000] [--seconds 6]

Data: the calendar benchmark's database (bench/build_data.py) plus, today in Damascus, a
market day of `--families` placed families with badges and a gate account attached.
Measured, each against /health in the same run (wrk, 4 connections, 2 workers):
  - the anonymous badge page `/b/<token>` (what a visitor's phone opens from the QR code);
  - POST /api/v1/checkins from a signed-in gate phone (the badge was checked in already:
    the answer is "already checked in", the steady state of a busy gate);
  - GET of the day package (full) for the gate phone.
Then the upload: `--families` queued offline scans (one per family, with their phone
times) sent as the phone sends them, in chunks of 200, timed from the first request to the
last answer; every scan must come back "recorded" and the database must hold one arrival
per family. Targets (issue 15): the check-in API and page at least 0.5 of /health; the
upload of 1,000 scans under 5 s.

    .venv/bin/python bench/checkin.py --profile [--requests 300] [--database-url URL]

measures instead, in process (Flask's test client, no server, CPU time, so that the
neighbours on a shared machine do not count), /health, the anonymous page and the API's
duplicate answer: milliseconds of CPU and SQL statements per request, then a pyinstrument
profile of each path (pyinstrument is a tool, not a dependency).
"""
import argparse
import http.client
import json
import os
import re
import secrets
import subprocess
import sys
import time
import uuid
from datetime import datetime, timedelta
from datetime import time as clock
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from build_data import DEFAULT_DATABASE_URL, RESULTS_DIR, build_database, database_has_markets
from loadgen import BROWSER_ACCEPT_ENCODING, measure
from server import ROOT, gunicorn

GATE_PHONE = "+963944777001"
GATE_PASSWORD = "bench-gate-password"
WRK_POST = Path(__file__).resolve().parent / "wrk_post.lua"
PAGE_TARGET = 0.5
UPLOAD_TARGET_S = 5.0
CHUNK = 200


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=6)
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--profile", action="store_true", help="in process: CPU ms and statements per request")
    parser.add_argument("--requests", type=int, default=300, help="requests per path with --profile")
    return parser.parse_args(argv)


def _app(url: str):
    os.environ.setdefault("SECRET_KEY", secrets.token_hex(32))
    from festival import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url})


def add_gate_day(app, families: int) -> tuple[int, list[str]]:
    """A market day today with `families` placed families and badges; (occurrence id, tokens)."""
    from festival.applications.models import Application, ApplicationStatus
    from festival.auth.models import Role, User
    from festival.auth.operations import create_staff_user
    from festival.badges.models import gate_staff
    from festival.badges.operations import issue_badge, token_for
    from festival.core.timezones import local_to_utc, today_in_damascus
    from festival.extensions import db
    from festival.markets.models import Market, MarketKind, MarketStatus, Occurrence
    from festival.provinces.models import Province
    from festival.stalls.models import StallAssignment
    from festival.vendors.models import Family
    from festival.venues.models import Stall, StallSection, Venue

    columns = 50
    with app.app_context():
        day = today_in_damascus()
        run = db.session.scalar(db.select(db.func.count()).select_from(Market)
                                .where(Market.title_en == "Gate benchmark"))
        province = db.session.scalar(db.select(Province).where(Province.slug == "damascus"))
        venue = Venue(province=province, name_ar=f"ساحة البوابة {secrets.token_hex(3)}", name_en="Gate square",
                      address="دمشق")
        section = StallSection(venue=venue, code="G", rows=(families + columns - 1) // columns, columns=columns)
        stalls = [Stall(venue=venue, section=section, code=f"G-{number + 1:04d}", row=number // columns + 1,
                        column=number % columns + 1) for number in range(families)]
        db.session.add_all([venue, *stalls])
        db.session.flush()
        market = Market(kind=MarketKind.FESTIVAL, status=MarketStatus.PUBLISHED, title_ar="سوق البوابة للقياس",
                        title_en="Gate benchmark", province=province, venue=venue, first_day=day, last_day=day,
                        opens_at=clock(0), closes_at=clock(23, 59),
                        applications_open_at=local_to_utc(day - timedelta(days=40), clock(0)),
                        applications_close_at=local_to_utc(day - timedelta(days=10), clock(0)),
                        offered_stalls=stalls)
        occurrence = Occurrence(venue_id=venue.id, day=day, last_day=day, starts_at=local_to_utc(day, clock(0)),
                                ends_at=local_to_utc(day, clock(23, 59)))
        market.occurrences.append(occurrence)
        db.session.add(market)
        gate = db.session.scalar(db.select(User).where(User.phone == GATE_PHONE)) or create_staff_user(
            phone=GATE_PHONE, display_name="بوابة القياس", role=Role.GATE, provinces=[province],
            password=GATE_PASSWORD)
        db.session.flush()
        db.session.execute(gate_staff.insert().values(user_id=gate.id, market_id=market.id))
        applications = []
        for number, stall in enumerate(stalls):
            user = User(phone=f"+96393{run:03d}{number:05d}", display_name=f"أسرة {number}",  # new numbers each run
                        role=Role.VENDOR, password_hash="!")
            family = Family(user=user, name=f"أسرة البوابة للمونة {number}", province=province, head_name="أم علي")
            application = Application(family=family, occurrence=occurrence, status=ApplicationStatus.APPROVED)
            db.session.add_all([user, family, application,
                                StallAssignment(occurrence=occurrence, stall=stall, family=family,
                                                application=application)])
            applications.append(application)
        db.session.flush()
        tokens = [token_for(issue_badge(application)) for application in applications]
        db.session.commit()
        return occurrence.id, tokens


class Session:
    """A signed-in gate phone over plain HTTP: its cookie and the page's CSRF token."""

    def __init__(self, base_url: str):
        parts = urlsplit(base_url)
        self.host, self.port, self.cookies = parts.hostname, parts.port, {}
        self.csrf = ""

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        all_headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), **(headers or {})}
        connection.request(method, path, body=body, headers=all_headers)
        response = connection.getresponse()
        data = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        connection.close()
        return response.status, data

    def log_in(self) -> None:
        _status, page = self.request("GET", "/login")
        token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page).group(1).decode()
        form = urlencode({"csrf_token": token, "phone": GATE_PHONE, "password": GATE_PASSWORD})
        status, _ = self.request("POST", "/login", form.encode(), {"Content-Type": "application/x-www-form-urlencoded"})
        assert status in (302, 303), f"log in answered {status}"
        _status, page = self.request("GET", "/gate")
        self.csrf = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page).group(1).decode()

    def json(self, method: str, path: str, payload=None):
        body = json.dumps(payload).encode() if payload is not None else None
        status, data = self.request(method, path, body, {"Content-Type": "application/json", "X-CSRFToken": self.csrf,
                                                         "Accept": "application/json"})
        return status, json.loads(data)

    def header_args(self) -> list[str]:
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return ["--header", f"Cookie: {cookie}", "--header", f"X-CSRFToken: {self.csrf}",
                "--header", "Content-Type: application/json", "--header", "Accept: application/json"]


def wrk_post(url: str, body: str, session: Session, seconds: float) -> dict:
    command = ["wrk", "--threads", "1", "--connections", "4", "--duration", f"{seconds:g}s", "--script",
               str(WRK_POST), *session.header_args(), url]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 30, check=True,
                              env={**os.environ, "WRK_BODY": body})
    line = next(line for line in finished.stdout.splitlines() if line.startswith("BENCH-JSON "))
    report = json.loads(line.removeprefix("BENCH-JSON "))
    report["rps"] = report["requests"] / (report["duration_us"] / 1e6)
    return report


def _csrf_of(page: bytes) -> str:
    return re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page).group(1).decode()


def profile_in_process(app, occurrence_id: int, token: str, requests: int) -> None:
    """CPU ms and statements per request of each path, then where the time goes."""
    from pyinstrument import Profiler
    from sqlalchemy import event

    from festival.extensions import db

    client = app.test_client()
    assert client.get("/login").status_code == 200
    form = {"csrf_token": _csrf_of(client.get("/login").data), "phone": GATE_PHONE, "password": GATE_PASSWORD}
    assert client.post("/login", data=form).status_code in (302, 303)
    csrf = _csrf_of(client.get("/gate").data)
    body = {"token": token, "occurrence_id": occurrence_id}
    api_headers = {"X-CSRFToken": csrf, "Accept": "application/json"}
    anonymous = app.test_client()
    paths = {
        "/health": lambda: anonymous.get("/health"),
        "/b/<token> (anonymous)": lambda: anonymous.get(f"/b/{token}", headers={"Accept-Encoding": "gzip"}),
        "POST /api/v1/checkins (duplicate)": lambda: client.post("/api/v1/checkins", json=body, headers=api_headers),
    }
    first = paths["POST /api/v1/checkins (duplicate)"]().get_json()
    assert first["outcome"] in ("valid", "duplicate"), first
    with app.app_context():
        engine = db.engine
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *call: statements.append(call[2]))
    for name, call in paths.items():
        for _ in range(10):  # warm: templates compiled, connections open
            assert call().status_code == 200, name
        statements.clear()
        assert call().status_code == 200
        per_request = list(statements)
        started = time.process_time()
        for _ in range(requests):
            call()
        cpu_ms = (time.process_time() - started) * 1000 / requests
        print(f"{name:36} {cpu_ms:6.2f} ms CPU  {len(per_request)} statements")
        for statement in per_request:
            print("      " + " ".join(statement.split())[:150])
    for name, call in list(paths.items())[1:]:
        profiler = Profiler(interval=0.0002)
        with profiler:
            for _ in range(requests):
                call()
        print(f"--- {name}")
        print(profiler.output_text(unicode=True, color=False, show_all=False))


def main(argv=None) -> int:
    args = parse_args(argv)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    if not database_has_markets(args.database_url):
        build_database(args.database_url)
    if args.profile:
        os.environ["FESTIVAL_ENV"] = "production"
    app = _app(args.database_url)
    occurrence_id, tokens = add_gate_day(app, args.families)
    if args.profile:
        profile_in_process(app, occurrence_id, tokens[0], args.requests)
        return 0
    log_path = RESULTS_DIR / f"gunicorn-checkin-{datetime.now():%Y%m%d-%H%M%S}.log"
    with gunicorn(args.database_url, log_path) as base_url:
        session = Session(base_url)
        session.log_in()
        status, enrolled = session.json("POST", "/api/v1/gate/devices", {"occurrence_id": occurrence_id,
                                                                         "label": "bench"})
        assert status == 201, enrolled
        device = enrolled["device"]
        health = measure(base_url + "/health", args.seconds, 4, BROWSER_ACCEPT_ENCODING)
        page = measure(f"{base_url}/b/{tokens[0]}", args.seconds, 4, BROWSER_ACCEPT_ENCODING)
        session.json("POST", "/api/v1/checkins", {"token": tokens[0], "occurrence_id": occurrence_id})
        api = wrk_post(base_url + "/api/v1/checkins", json.dumps({"token": tokens[0], "occurrence_id": occurrence_id}),
                       session, args.seconds)
        health_again = measure(base_url + "/health", args.seconds, 4, BROWSER_ACCEPT_ENCODING)
        baseline = (health.rps + health_again.rps) / 2
        started = time.perf_counter()
        status, package = session.json("GET", f"/api/v1/gate/occurrences/{occurrence_id}/package?device={device}")
        package_s = time.perf_counter() - started
        assert status == 200 and len(package["badges"]) == args.families, status
        scanned_at = int((time.time() - 3600) * 1000)
        scans = [{"nonce": str(uuid.uuid4()), "token": token, "scanned_at": scanned_at + number * 1000}
                 for number, token in enumerate(tokens[1:], start=1)]
        results = {}
        started = time.perf_counter()
        for first in range(0, len(scans), CHUNK):
            status, answer = session.json("POST", f"/api/v1/gate/occurrences/{occurrence_id}/sync",
                                          {"device": device, "scans": scans[first:first + CHUNK]})
            assert status == 200, answer
            results.update(answer["results"])
        upload_s = time.perf_counter() - started
    recorded = sum(1 for result in results.values() if result["result"] == "recorded")
    with app.app_context():
        from festival.checkin.models import CheckIn
        from festival.extensions import db

        arrivals = db.session.scalar(db.select(db.func.count()).select_from(CheckIn)
                                     .where(CheckIn.occurrence_id == occurrence_id))
    print(f"gunicorn 2 workers, wrk 4 connections, {args.seconds:g} s per path, {args.families} families, "
          f"{args.database_url.split(':', 1)[0]}; /health {health.rps:.0f} then {health_again.rps:.0f} req/s")
    rows = [("/b/<token> (anonymous page)", page.rps, page.p50_ms, page.p95_ms, page.non_2xx),
            ("POST /api/v1/checkins (duplicate)", api["rps"], api["p50_us"] / 1000, api["p95_us"] / 1000,
             api["non_2xx"])]
    print(f"{'path':36} {'req/s':>7} {'ratio':>6} {'p50 ms':>7} {'p95 ms':>7} {'non-2xx':>8}  vs {PAGE_TARGET}")
    for name, rps, p50, p95, errors in rows:
        ratio = rps / baseline
        print(f"{name:36} {rps:7.0f} {ratio:6.2f} {p50:7.1f} {p95:7.1f} {errors:8d}  "
              f"{'ok' if ratio >= PAGE_TARGET else 'SLOW'}")
    print(f"day package, full ({args.families} badges): {package_s * 1000:.0f} ms, "
          f"{len(json.dumps(package)) / 1024:.0f} kB of JSON")
    print(f"upload of {len(scans)} offline scans in chunks of {CHUNK}: {upload_s:.2f} s "
          f"({'ok' if upload_s < UPLOAD_TARGET_S else 'SLOW'} vs {UPLOAD_TARGET_S:g} s); {recorded} recorded, "
          f"{arrivals} arrivals in the database")
    return 0 if recorded == len(scans) and arrivals == args.families else 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
