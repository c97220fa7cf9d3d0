"""Where a path spends its time: in-process timing against /health, then a pyinstrument profile.

No server, no network: the Flask test client on the benchmark database, so the figures
show the application's own cost. pyinstrument is a tool, not a dependency:
`.venv/bin/pip install pyinstrument`.

    .venv/bin/python bench/profile_endpoint.py /calendar [--requests 200] [--cold] [--database-url URL]
"""
import argparse
import os
import re
import secrets
import time

from build_data import DEFAULT_DATABASE_URL, RESULTS_DIR, build_database, database_has_markets
from loadgen import BROWSER_ACCEPT_ENCODING


def per_request_ms(client, path: str, requests: int, headers: dict) -> float:
    """CPU milliseconds per request: on a shared machine, wall time measures the neighbours too."""
    started = time.process_time()
    for _ in range(requests):
        response = client.get(path, headers=headers)
        assert response.status_code == 200, f"{path} answered {response.status_code}"
    return (time.process_time() - started) * 1000 / requests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--baseline", default="/health")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--timing-only", action="store_true", help="the ratio, no profile")
    parser.add_argument("--redis-url", default="", help="CACHE_REDIS_URL, as production sets it")
    parser.add_argument("--rounds", type=int, default=1, help="alternations of baseline and path (timing)")
    parser.add_argument("--cold", action="store_true", help="no kept bodies: every request builds the page")
    parser.add_argument("--accept-encoding", default=BROWSER_ACCEPT_ENCODING, help='"" for uncompressed bodies')
    args = parser.parse_args()
    headers = {"Accept-Encoding": args.accept_encoding} if args.accept_encoding else {}
    if not database_has_markets(args.database_url):
        build_database(args.database_url)
    os.environ.update({"FESTIVAL_ENV": "production", "SECRET_KEY": secrets.token_hex(32)})
    from pyinstrument import Profiler

    from festival import create_app

    client = create_app({"SQLALCHEMY_DATABASE_URI": args.database_url, "CACHE_REDIS_URL": args.redis_url or None,
                         "PUBLIC_BODY_CACHE": not args.cold}).test_client()
    per_request_ms(client, args.path, 5, headers)  # warm: templates compiled, connections open
    baselines, paths = [per_request_ms(client, args.baseline, args.requests, headers)], []
    for _ in range(args.rounds):  # B, (P, B) × rounds: a path's time sits between two baselines
        paths.append(per_request_ms(client, args.path, args.requests, headers))
        baselines.append(per_request_ms(client, args.baseline, args.requests, headers))
    baseline_ms, path_ms = sum(baselines) / len(baselines), sum(paths) / len(paths)
    print(f"{args.baseline}: {baseline_ms:.2f} ms CPU   {args.path}: {path_ms:.2f} ms CPU   "
          f"ratio {baseline_ms / path_ms:.3f} (in process, {args.requests} requests each, "
          f"{'cold' if args.cold else 'kept bodies'}, Redis: {args.redis_url or 'none'}, "
          f"{args.database_url.split('://', 1)[0]})")
    if args.timing_only:
        return
    profiler = Profiler(interval=0.0005)
    with profiler:
        per_request_ms(client, args.path, args.requests, headers)
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    name = re.sub(r"[^a-z0-9]+", "-", args.path.lower()).strip("-") or "root"
    report = RESULTS_DIR / f"profile-{name}.html"
    report.write_text(profiler.output_html())
    print(f"written: {report}")


if __name__ == "__main__":
    main()
