"""Deploy as README says and prove it serves: migrate a fresh PostgreSQL database,
start gunicorn with 2 workers and Redis-backed rate limits, open the home page, log in."""
import http.cookiejar
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
DB_NAME = "festival_smoke"
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"


def recreate_database() -> None:
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB_NAME}")


def main() -> int:
    recreate_database()
    env = {
        **os.environ,
        "FESTIVAL_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "DATABASE_URL": f"postgresql+psycopg://postgres@127.0.0.1:5432/{DB_NAME}",
        "RATELIMIT_STORAGE_URI": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        "CACHE_REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        "FESTIVAL_BASE_URL": BASE,
    }
    flask = [str(BIN / "flask"), "--app", "app"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [*flask, "create-admin", "--phone", "0930000099", "--name", "Smoke", "--password", "smoke-password"],
        cwd=ROOT, env=env, check=True,
    )
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{PORT}", "app:app"],
        cwd=ROOT, env=env,
    )
    try:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        for _ in range(60):
            try:
                home = opener.open(BASE + "/", timeout=5).read().decode()
                break
            except OSError:
                time.sleep(0.5)
        else:
            raise SystemExit("gunicorn did not answer")
        assert 'dir="rtl"' in home and "حلب" in home, "home page is not the Arabic home page"
        for _worker in range(4):  # the public version comes from Redis; bodies are sent compressed
            calendar = opener.open(urllib.request.Request(BASE + "/calendar", headers={"Accept-Encoding": "br"}),
                                   timeout=5)
            assert calendar.status == 200 and calendar.headers["Content-Encoding"] == "br", calendar.headers
        login_page = opener.open(BASE + "/login", timeout=5).read().decode()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
        form = urllib.parse.urlencode({"csrf_token": token, "phone": "0930000099", "password": "smoke-password"})
        response = opener.open(BASE + "/login", data=form.encode(), timeout=10)
        assert response.url.endswith("/admin/users"), f"login did not land on the admin page: {response.url}"
        print("smoke: home page, calendar and admin login OK through gunicorn (2 workers) on PostgreSQL and Redis")
        return 0
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=15)


if __name__ == "__main__":
    sys.exit(main())
