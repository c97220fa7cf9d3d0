"""Serve the app with gunicorn on 127.0.0.1 for the length of a `with` block."""
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
HOST = "127.0.0.1"  # the benchmarks never target anything else


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _wait_until_ready(server: subprocess.Popen, url: str, log_path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}; see {log_path}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer {url} within {timeout:.0f} s; see {log_path}")


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    server.send_signal(signal.SIGTERM)  # graceful: workers finish their request
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=5)


@contextmanager
def gunicorn(database_url: str, log_path: Path, *, workers: int = 2, ready_path: str = "/health",
             app: str = "app:app", redis_url: str = "", ratelimit_storage_uri: str = "memory://",
             ready_timeout: float = 60, body_cache: bool = True):
    """Yield the base URL of a production-configured gunicorn; always shut it down."""
    port = free_port()
    base_url = f"http://{HOST}:{port}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_hex(32),
        "FESTIVAL_ENV": "production",
        "RATELIMIT_STORAGE_URI": ratelimit_storage_uri,
        "FESTIVAL_BASE_URL": base_url,
        "CACHE_REDIS_URL": redis_url,  # empty: the public version is read from the database
        "FESTIVAL_PUBLIC_BODY_CACHE": "on" if body_cache else "off",  # off: every page is built (--cold)
    }
    log_path.parent.mkdir(parents=True, exist_ok=True)
    command = [str(GUNICORN), "--workers", str(workers), "--bind", f"{HOST}:{port}", app]
    with open(log_path, "ab") as log:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_until_ready(server, base_url + ready_path, log_path, timeout=ready_timeout)
        yield base_url
    finally:
        _stop(server)
