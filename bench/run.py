"""Calendar benchmark: requests per second of the calendar pages and feeds, as ratios to
the trivial /health endpoint of the same app, served by the same gunicorn in the same run.

Absolute figures depend on the machine; the ratios are what we compare and what the
target (each path at least 0.5 of /health) is about. Each path is measured in rounds,
every round between two /health runs whose mean is its denominator, so a machine that
gets busier or quieter during the run does not bias a ratio.

    .venv/bin/python bench/run.py [--reuse] [--seconds 10] [--concurrency 4] [--paths /a /b]
"""
import argparse
import json
import os
import platform
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from build_data import DEFAULT_DATABASE_URL, RESULTS_DIR, build_database, count_events, database_has_markets
from loadgen import BROWSER_ACCEPT_ENCODING, Measurement, measure, probe, tool_name
from server import gunicorn

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PATHS = ["/calendar", "/calendar.ics?province=aleppo", "/api/v1/events", "/events/5"]
COLD_TARGET = 0.1


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL,
                        help="SQLite file (default) or postgresql+psycopg://…/<name with 'bench'>; recreated")
    parser.add_argument("--reuse", action="store_true", help="keep the database if it already has markets")
    parser.add_argument("--scale", type=int, default=1, help="data size: venues and events per province, times N")
    parser.add_argument("--paths", nargs="+", default=DEFAULT_PATHS, help="paths to measure")
    parser.add_argument("--baseline", default="/health", help="the trivial endpoint")
    parser.add_argument("--seconds", type=float, default=10, help="measurement length per path (all rounds)")
    parser.add_argument("--rounds", type=int, default=2, help="alternations of path and baseline per path")
    parser.add_argument("--warmup", type=float, default=2, help="warm-up length per path")
    parser.add_argument("--concurrency", type=int, default=4, help="open connections")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--app", default="app:app", help="the WSGI app gunicorn serves (to measure a variant)")
    parser.add_argument("--target", type=float, default=None,
                        help=f"minimum ratio to the baseline (default 0.5, with --cold {COLD_TARGET})")
    parser.add_argument("--cold", action="store_true",
                        help="no kept bodies (FESTIVAL_PUBLIC_BODY_CACHE=off): every request builds its page, "
                             "as after an organizer's change")
    parser.add_argument("--redis-url", default="",
                        help="CACHE_REDIS_URL for the workers, as in production (default: none)")
    parser.add_argument("--accept-encoding", default=BROWSER_ACCEPT_ENCODING,
                        help='the Accept-Encoding header sent (default: a browser\'s); "" for uncompressed bodies')
    args = parser.parse_args(argv)
    if args.target is None:
        args.target = COLD_TARGET if args.cold else 0.5
    if args.rounds < 1 or args.seconds <= 0 or args.concurrency < 1:
        parser.error("--rounds, --seconds and --concurrency must be positive")
    return args


def combined(path: str, runs: list[Measurement]) -> Measurement:
    """Several runs as one (latencies: the worst run's)."""
    return Measurement(path, sum(run.requests for run in runs), sum(run.seconds for run in runs),
                       max(run.p50_ms for run in runs), max(run.p95_ms for run in runs),
                       sum(run.non_2xx for run in runs), sum(run.socket_errors for run in runs))


def _row(measurement, baseline_rps, found, target) -> dict:
    ratio = measurement.rps / baseline_rps if baseline_rps else 0.0
    if measurement.non_2xx or measurement.socket_errors:
        verdict = "ERRORS"
    else:
        verdict = "ok" if ratio >= target else "SLOW"
    return {"path": measurement.path, "rps": round(measurement.rps, 1), "ratio": round(ratio, 3),
            "p50_ms": round(measurement.p50_ms, 1), "p95_ms": round(measurement.p95_ms, 1),
            "requests": measurement.requests, "body_bytes": found.body_bytes,
            "content_encoding": found.content_encoding, "status": found.status,
            "content_type": found.content_type, "non_2xx": measurement.non_2xx,
            "socket_errors": measurement.socket_errors, "verdict": verdict}


def benchmark(base_url: str, args: argparse.Namespace) -> tuple[list[dict], list[float]]:
    """B, (P1, B) × rounds, (P2, B) × rounds, …: every path run sits between two baseline runs,
    and a path's ratio uses the mean of the baselines around its runs."""
    found = {path: probe(base_url + path, args.accept_encoding) for path in [args.baseline, *args.paths]}
    measurable = [path for path in args.paths if found[path].status == 200]

    def run(path: str, seconds: float) -> Measurement:
        return measure(base_url + path, seconds, args.concurrency, args.accept_encoding)

    for path in [args.baseline, *measurable]:
        run(path, args.warmup)
    run_seconds = args.seconds / args.rounds
    baselines = [run(args.baseline, run_seconds)]
    rows = []
    for path in args.paths:
        if path not in measurable:
            rows.append({"path": path, "status": found[path].status, "verdict": f"HTTP {found[path].status}"})
            continue
        runs, around = [], []
        for _ in range(args.rounds):
            runs.append(run(path, run_seconds))
            baselines.append(run(args.baseline, run_seconds))
            around.append((baselines[-2].rps + baselines[-1].rps) / 2)
        row = _row(combined(path, runs), sum(around) / len(around), found[path], args.target)
        row["round_ratios"] = [round(run.rps / base, 3) if base else 0.0
                               for run, base in zip(runs, around, strict=True)]
        rows.append(row)
    mean = sum(run.rps for run in baselines) / len(baselines)
    baseline_row = _row(combined(args.baseline, baselines), mean, found[args.baseline], args.target)
    baseline_row["round_ratios"] = [round(run.rps / mean, 3) if mean else 0.0 for run in baselines]  # the drift
    return [baseline_row, *rows], [round(run.rps, 1) for run in baselines]


def print_table(rows: list[dict], target: float) -> None:
    print(f"\n{'path':<30} {'req/s':>7} {'ratio':>6} {'rounds':>11} {'p50 ms':>7} {'p95 ms':>7} {'bytes':>8} "
          f"{'coding':>6}  vs {target:g}")
    for row in rows:
        if "rps" not in row:
            print(f"{row['path']:<30} {'-':>7} {'-':>6} {'':>11} {'-':>7} {'-':>7} {'-':>8}  "
                  f"{row['verdict']} (not measured)")
            continue
        spread = row.get("round_ratios") or [row["ratio"]]
        print(f"{row['path']:<30} {row['rps']:>7.0f} {row['ratio']:>6.2f} {min(spread):>5.2f}-{max(spread):<5.2f} "
              f"{row['p50_ms']:>7.1f} {row['p95_ms']:>7.1f} {row['body_bytes']:>8} "
              f"{row['content_encoding'] or '-':>6}  {row['verdict']}")


def _command_output(*command: str) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def machine() -> dict:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")), "")
    return {"cpus": os.cpu_count(), "cpu_model": model, "platform": platform.platform(),
            "python": platform.python_version()}


def main(argv=None) -> int:
    args = parse_args(argv)
    started = datetime.now()
    stamp = started.strftime("%Y%m%d-%H%M%S")
    if args.reuse and database_has_markets(args.database_url):
        counts = count_events(args.database_url)
        print(f"reusing {args.database_url}: {counts['public_events']} public events")
    else:
        counts = build_database(args.database_url, scale=args.scale)
    load_before = os.getloadavg()[0]
    if load_before > 0.5:
        print(f"WARNING: load average {load_before:.2f} before the run: something else is busy, ratios are noisier")
    log_path = RESULTS_DIR / f"gunicorn-{stamp}.log"
    print(f"gunicorn --workers {args.workers} {args.app}; load: {tool_name()}, {args.concurrency} connections, "
          f"{args.seconds:g} s per path, Accept-Encoding: {args.accept_encoding or '(none)'}, "
          f"Redis: {args.redis_url or '(none)'}, {'cold (no kept bodies)' if args.cold else 'kept bodies'}; "
          f"log: {log_path.relative_to(ROOT)}")
    with gunicorn(args.database_url, log_path, workers=args.workers, ready_path=args.baseline,
                  app=args.app, redis_url=args.redis_url, body_cache=not args.cold) as base_url:
        rows, baseline_rps = benchmark(base_url, args)
    print_table(rows, args.target)
    print(f"{args.baseline} runs (req/s, in order): {baseline_rps}")
    report = {
        "date": started.isoformat(timespec="seconds"),
        "command": " ".join([".venv/bin/python bench/run.py", *(sys.argv[1:] if argv is None else argv)]),
        "git": _command_output("git", "describe", "--always", "--dirty"),
        "machine": machine(),
        "load_average_before": round(load_before, 2),
        "load_generator": tool_name(),
        "concurrency": args.concurrency,
        "accept_encoding": args.accept_encoding,
        "redis": bool(args.redis_url),
        "cold": args.cold,
        "seconds_per_path": args.seconds,
        "workers": args.workers,
        "app": args.app,
        "target": args.target,
        "database": args.database_url.split("://", 1)[0],
        "data": counts,
        "baseline_runs_rps": baseline_rps,
        "results": rows,
    }
    output = RESULTS_DIR / f"calendar-{stamp}.json"
    output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"written: {output.relative_to(ROOT)}")
    return 0 if all(row["verdict"] == "ok" for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
