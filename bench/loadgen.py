"""Load generators: wrk when installed, else a bounded Python client. Both stop by themselves."""
import http.client
import json
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

WRK_SCRIPT = Path(__file__).resolve().parent / "wrk_report.lua"
REQUEST_TIMEOUT_S = 10
# What Chromium sends, and with it every phone browser we serve: compressed bodies are
# what visitors get. `--accept-encoding ""` measures uncompressed bodies.
BROWSER_ACCEPT_ENCODING = "gzip, deflate, br, zstd"


@dataclass
class Measurement:
    path: str
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    non_2xx: int
    socket_errors: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


@dataclass
class Probe:
    status: int
    body_bytes: int
    content_type: str
    content_encoding: str


def tool_name() -> str:
    return "wrk" if shutil.which("wrk") else "python"


def _split(url: str) -> tuple[str, int, str]:
    parts = urlsplit(url)
    if parts.hostname != "127.0.0.1":
        raise ValueError(f"benchmarks only target 127.0.0.1, not {parts.hostname}")
    return parts.hostname, parts.port, parts.path + (f"?{parts.query}" if parts.query else "")


def _headers(accept_encoding: str) -> dict[str, str]:
    return {"Accept-Encoding": accept_encoding} if accept_encoding else {}


def probe(url: str, accept_encoding: str) -> Probe:
    """One GET, redirects not followed: what a client of this path receives."""
    host, port, target = _split(url)
    connection = http.client.HTTPConnection(host, port, timeout=REQUEST_TIMEOUT_S)
    try:
        connection.request("GET", target, headers=_headers(accept_encoding))
        response = connection.getresponse()
        return Probe(response.status, len(response.read()), response.getheader("Content-Type", ""),
                     response.getheader("Content-Encoding", ""))
    finally:
        connection.close()


def measure(url: str, seconds: float, concurrency: int, accept_encoding: str) -> Measurement:
    path = _split(url)[2]
    if shutil.which("wrk"):
        return _with_wrk(url, path, seconds, concurrency, accept_encoding)
    return _with_python(url, path, seconds, concurrency, accept_encoding)


def _with_wrk(url: str, path: str, seconds: float, concurrency: int, accept_encoding: str) -> Measurement:
    command = ["wrk", "--threads", "1", "--connections", str(concurrency), "--duration", f"{seconds:g}s",
               "--timeout", f"{REQUEST_TIMEOUT_S}s", "--script", str(WRK_SCRIPT), url]
    for name, value in _headers(accept_encoding).items():
        command += ["--header", f"{name}: {value}"]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 30, check=True)
    line = next(line for line in finished.stdout.splitlines() if line.startswith("BENCH-JSON "))
    report = json.loads(line.removeprefix("BENCH-JSON "))
    return Measurement(path, report["requests"], report["duration_us"] / 1e6, report["p50_us"] / 1000,
                       report["p95_us"] / 1000, report["non_2xx"], report["socket_errors"])


def _with_python(url: str, path: str, seconds: float, concurrency: int, accept_encoding: str) -> Measurement:
    """`concurrency` threads, each on a keep-alive connection (reopened when the server closes it)."""
    host, port, target = _split(url)
    latencies: list[float] = []
    counts = {"non_2xx": 0, "socket_errors": 0}
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client() -> None:
        connection, mine, non_2xx, errors = None, [], 0, 0
        while time.monotonic() < deadline:
            connection = connection or http.client.HTTPConnection(host, port, timeout=REQUEST_TIMEOUT_S)
            started = time.perf_counter()
            try:
                connection.request("GET", target, headers=_headers(accept_encoding))
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                errors += 1
                connection.close()
                connection = None
                time.sleep(0.01)
                continue
            mine.append(time.perf_counter() - started)
            non_2xx += not 200 <= response.status < 300
            if response.will_close:
                connection.close()
                connection = None
        if connection:
            connection.close()
        with lock:
            latencies.extend(mine)
            counts["non_2xx"] += non_2xx
            counts["socket_errors"] += errors

    started = time.monotonic()
    threads = [threading.Thread(target=client, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + REQUEST_TIMEOUT_S + 5)
    elapsed = time.monotonic() - started
    latencies.sort()

    def percentile(share: float) -> float:
        return latencies[min(len(latencies) - 1, int(share * len(latencies)))] * 1000 if latencies else 0.0

    return Measurement(path, len(latencies), elapsed, percentile(0.50), percentile(0.95),
                       counts["non_2xx"], counts["socket_errors"])
