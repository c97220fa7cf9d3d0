"""Jobs benchmark: /calendar p95 with and without a 1,000-badge PDF job running on the same
machine, and the job's own time (targets: web p95 no more than doubled, the job under 10 s).

One run, one machine: gunicorn (2 workers) serves the calendar database of bench/build_data.py,
to which a Friday with 1,000 approved, placed families is added; a job consumer
(`flask jobs work`, one worker thread) runs beside it. /calendar is measured first with the
consumer idle, then while the consumer issues the 1,000 badges and builds their PDF
(the job organizers start with "Badges (PDF)"). The calendar is measured with its kept
bodies off (FESTIVAL_PUBLIC_BODY_CACHE=off): every request builds its page, the worst case
for sharing the CPU with the job.

    .venv/bin/python bench/jobs.py [--families 1000] [--seconds 10]
"""
import argparse
import json
import os
import secrets
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

from build_data import RESULTS_DIR, build_database, database_has_markets
from loadgen import BROWSER_ACCEPT_ENCODING, measure
from server import ROOT, gunicorn

DATABASE_URL = "sqlite:///" + str(RESULTS_DIR / "jobs.sqlite3")
QUEUE_URL = "sqlite:///" + str(RESULTS_DIR / "jobs-queue.sqlite3")
BIG_FRIDAY = "The big Friday market"
JOB_TARGET_SECONDS = 10.0
P95_TARGET_RATIO = 2.0


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=10, help="length of the idle measurement")
    parser.add_argument("--concurrency", type=int, default=2)
    return parser.parse_args(argv)


def _app():
    os.environ.setdefault("SECRET_KEY", secrets.token_hex(32))
    from festival import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": DATABASE_URL, "JOBS_QUEUE_URL": QUEUE_URL,
                       "JOB_FILES_FOLDER": str(RESULTS_DIR / "job-files"), "FESTIVAL_BASE_URL": "https://f.example.sy"})


def add_big_friday(app, families: int) -> int:
    """A published Friday in Damascus with `families` approved families, each at a stall; its id."""
    from festival.applications.models import Application, ApplicationStatus
    from festival.auth.models import Role, User
    from festival.extensions import db
    from festival.markets.models import Market, MarketKind, Occurrence
    from festival.markets.operations import MarketPlan, publish_market, schedule_market
    from festival.provinces.models import Province
    from festival.stalls.models import StallAssignment
    from festival.vendors.models import Family
    from festival.venues.models import Stall, StallSection, Venue

    columns = 50
    with app.app_context():
        existing = db.session.scalar(db.select(Occurrence.id).join(Market).where(Market.title_en == BIG_FRIDAY))
        if existing is not None:
            return existing  # a reused database already has it
        province = db.session.scalar(db.select(Province).where(Province.slug == "damascus"))
        venue = Venue(province=province, name_ar="ساحة الأمويين", name_en="Umayyad Square", address="دمشق")
        section = StallSection(venue=venue, code="B", rows=(families + columns - 1) // columns, columns=columns)
        stalls = [Stall(venue=venue, section=section, code=f"B-{number + 1:04d}", row=number // columns + 1,
                        column=number % columns + 1) for number in range(families)]
        db.session.add_all([venue, *stalls])
        db.session.flush()
        day = date.today() + timedelta(days=(4 - date.today().weekday()) % 7 + 14)
        market = schedule_market(MarketPlan(
            kind=MarketKind.FRIDAY, venue=venue, first_day=day, occurrence_count=1,
            title_ar="سوق الجمعة الكبير للأسر المنتجة", title_en=BIG_FRIDAY,
            opens_at=clock(9), closes_at=clock(15),
            applications_open_at=datetime.now().astimezone() - timedelta(days=5),
            applications_close_at=datetime.now().astimezone() + timedelta(days=5), stall_fee=0, contact="",
        ), province, by=None)
        market.offered_stalls = stalls
        publish_market(market)
        occurrence = market.occurrences[0]
        for number, stall in enumerate(stalls):
            user = User(phone=f"+9639450{number:05d}", display_name=f"أسرة رقم {number}", role=Role.VENDOR,
                        password_hash="!")
            family = Family(user=user, name=f"أسرة الشامي للمونة والحلويات {number}", province=province,
                            head_name="أم محمد")
            application = Application(family=family, occurrence=occurrence, status=ApplicationStatus.APPROVED)
            db.session.add_all([user, family, application,
                                StallAssignment(occurrence=occurrence, stall=stall, family=family,
                                                application=application)])
        db.session.commit()
        return occurrence.id


def start_badge_job(app, occurrence_id: int) -> int:
    from festival.auth.models import Role, User
    from festival.extensions import db
    from festival.jobs.operations import start_job
    from festival.markets.models import Occurrence

    with app.app_context():
        admin = db.session.scalar(db.select(User).where(User.role == Role.ADMIN)) or User(
            phone="+963930009999", display_name="bench", role=Role.ADMIN, password_hash="!")
        db.session.add(admin)
        db.session.flush()
        occurrence = db.session.get(Occurrence, occurrence_id)
        job = start_job("badges.occurrence", f"badges:occurrence:{occurrence_id}:{time.time()}", by=admin,
                        province_id=occurrence.market.province_id,
                        params={"occurrence_id": occurrence_id, "locale": "ar_SY"})
        db.session.commit()  # run_job is enqueued after the commit, into the consumer's queue
        return job.id


def job_state(app, job_id: int):
    from festival.extensions import db
    from festival.jobs.models import Job

    with app.app_context():
        job = db.session.get(Job, job_id)
        return job.status, job.started_at, job.finished_at, job.progress_done


def consumer() -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": DATABASE_URL, "JOBS_QUEUE_URL": QUEUE_URL,
           "FESTIVAL_JOB_FILES_FOLDER": str(RESULTS_DIR / "job-files"), "FESTIVAL_BASE_URL": "https://f.example.sy"}
    log = open(RESULTS_DIR / "jobs-consumer.log", "ab")  # noqa: SIM115 - closed with the process
    return subprocess.Popen([str(ROOT / ".venv/bin/flask"), "--app", "app", "jobs", "work", "--workers", "1",
                             "--no-periodic"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def main(argv=None) -> int:
    args = parse_args(argv)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    Path(QUEUE_URL.removeprefix("sqlite:///")).unlink(missing_ok=True)
    if not database_has_markets(DATABASE_URL):
        build_database(DATABASE_URL)
    app = _app()
    occurrence_id = add_big_friday(app, args.families)
    worker = consumer()
    try:
        with gunicorn(DATABASE_URL, RESULTS_DIR / "jobs-gunicorn.log", workers=2, body_cache=False) as base_url:
            url = base_url + "/calendar"
            measure(url, 2, args.concurrency, BROWSER_ACCEPT_ENCODING)  # warm-up
            idle = measure(url, args.seconds, args.concurrency, BROWSER_ACCEPT_ENCODING)
            job_id = start_badge_job(app, occurrence_id)
            while job_state(app, job_id)[0] == "queued":
                time.sleep(0.05)
            busy_runs = []
            while job_state(app, job_id)[0] == "running":
                busy_runs.append(measure(url, 2, args.concurrency, BROWSER_ACCEPT_ENCODING))
            status, started_at, finished_at, done = job_state(app, job_id)
    finally:
        worker.terminate()
        worker.wait(30)
    busy_p95 = max(run.p95_ms for run in busy_runs) if busy_runs else float("nan")
    busy_requests = sum(run.requests for run in busy_runs)
    job_seconds = (finished_at - started_at).total_seconds()
    result = {
        "families": args.families, "job_status": status, "badges_in_pdf": done, "job_seconds": round(job_seconds, 2),
        "calendar_idle_p95_ms": round(idle.p95_ms, 1), "calendar_idle_rps": round(idle.rps, 1),
        "calendar_busy_p95_ms": round(busy_p95, 1), "calendar_busy_requests": busy_requests,
        "p95_ratio": round(busy_p95 / idle.p95_ms, 2) if idle.p95_ms else None,
        "targets": {"job_seconds": JOB_TARGET_SECONDS, "p95_ratio": P95_TARGET_RATIO},
        "at": datetime.now().isoformat(timespec="seconds"), "cpus": os.cpu_count(),
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))
    (RESULTS_DIR / "jobs.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
    met = status == "done" and job_seconds < JOB_TARGET_SECONDS and result["p95_ratio"] <= P95_TARGET_RATIO
    print("targets met" if met else "targets NOT met")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
