"""A real Kannel for the tests: bearerbox, smsbox and Kannel's fake operator (fakesmsc).

`running_kannel(incoming_url)` writes a configuration with free ports, starts the three
processes and yields a `Kannel` whose `received` lists what the fake operator got, decoded
(fakesmsc prints UCS-2 text as %-encoded UTF-16BE bytes). `incoming` messages are sent by
the fake operator, as from a phone, once it is connected (STOP).
"""
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

BEARERBOX, SMSBOX = "/usr/sbin/bearerbox", "/usr/sbin/smsbox"
FAKESMSC = "/usr/lib/kannel/test/fakesmsc"
USERNAME, PASSWORD = "festival", "kannel-test-password"
RECEIVED = re.compile(r"Got message \d+: <(\S+) (\S+) (\S+) (.*)>\s*$")
CONCATENATED = re.compile(r"(\S+) (\S+) (.*)")  # after "udh": the header, "data" or "text", the body


def available() -> bool:
    return all(Path(path).exists() for path in (BEARERBOX, SMSBOX, FAKESMSC))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Received:
    sender: str
    to: str
    text: str
    parts: int = 1


@dataclass
class Kannel:
    directory: Path
    sendsms_port: int
    processes: dict = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)

    @property
    def sendsms_url(self) -> str:
        return f"http://127.0.0.1:{self.sendsms_port}/cgi-bin/sendsms"

    def settings(self) -> dict:
        return {"SMS_BACKEND": "kannel", "KANNEL_SENDSMS_URL": self.sendsms_url, "KANNEL_USERNAME": USERNAME,
                "KANNEL_PASSWORD": PASSWORD, "SMS_SENDER_ID": "Festival"}

    def stop_smsbox(self) -> None:
        _stop(self.processes.pop("smsbox"))

    def start_smsbox(self) -> None:
        self.processes["smsbox"] = _start([SMSBOX, str(self.directory / "kannel.conf")], self.directory / "smsbox.out")
        _wait_for_port(self.sendsms_port)


def decode(kind: str, body: str) -> str:
    if kind == "ucs-2":
        return urllib.parse.unquote_to_bytes(body.replace("+", " ")).decode("utf-16-be")
    return urllib.parse.unquote_plus(body)


def _start(command, log_path: Path) -> subprocess.Popen:
    return subprocess.Popen(command, stdout=log_path.open("ab"), stderr=subprocess.STDOUT, start_new_session=True)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


def _wait_for_port(port: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"Kannel did not open port {port}")


CONFIG = """
group = core
admin-port = {admin}
admin-password = {password}
smsbox-port = {box}
box-allow-ip = 127.0.0.1
dlr-storage = internal
log-file = {directory}/bearerbox.log
log-level = 1

group = smsc
smsc = fake
smsc-id = fake
port = {smsc}
connect-allow-ip = 127.0.0.1

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = {box}
sendsms-port = {sendsms}
log-file = {directory}/smsbox.log
log-level = 1

group = sendsms-user
username = {username}
password = {password}
concatenation = true
max-messages = 10

group = sms-service
keyword-regex = .*
catch-all = yes
get-url = "{incoming}&from=%p&text=%a"
max-messages = 1
omit-empty = yes
"""


@contextmanager
def running_kannel(directory: Path, incoming_url: str, incoming: tuple[str, ...] = ()):
    directory.mkdir(parents=True, exist_ok=True)
    ports = {name: free_port() for name in ("admin", "box", "smsc", "sendsms")}
    (directory / "kannel.conf").write_text(CONFIG.format(
        directory=directory, username=USERNAME, password=PASSWORD, incoming=incoming_url, **ports))
    kannel = Kannel(directory, ports["sendsms"])
    try:
        kannel.processes["bearerbox"] = _start([BEARERBOX, str(directory / "kannel.conf")],
                                               directory / "bearerbox.out")
        _wait_for_port(ports["box"])
        kannel.start_smsbox()
        _wait_for_port(ports["smsc"])
        # fakesmsc needs a message on its command line even when it is to send none (-m 0).
        fake = subprocess.Popen(
            [FAKESMSC, "-H", "127.0.0.1", "-r", str(ports["smsc"]), "-i", "0.2", "-m", str(len(incoming)),
             *(incoming or ("100 200 text unused",))],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
        kannel.processes["fakesmsc"] = fake
        threading.Thread(target=_read, args=(fake, kannel.received), daemon=True).start()
        yield kannel
    finally:
        for name in ("fakesmsc", "smsbox", "bearerbox"):
            if name in kannel.processes:
                _stop(kannel.processes[name])


def _read(process: subprocess.Popen, received: list) -> None:
    """Collect what the fake operator got; the parts of a long SMS (UDH 05 00 03 ref total seq) joined."""
    parts: dict[tuple, dict[int, bytes]] = {}
    for line in process.stdout:
        if os.environ.get("KANNEL_DEBUG"):
            print(line, end="", file=sys.stderr)
        match = RECEIVED.search(line)
        if not match:
            continue
        sender, to, kind, body = match.groups()
        if kind != "udh":
            received.append(Received(sender, to, decode(kind, body)))
            continue
        header, _subtype, payload = CONCATENATED.match(body).groups()
        _iei, _length, _ie, reference, total, sequence = urllib.parse.unquote_to_bytes(header)[:6]
        pieces = parts.setdefault((sender, to, reference), {})
        pieces[sequence] = urllib.parse.unquote_to_bytes(payload.replace("+", " "))
        if len(pieces) == total:
            joined = b"".join(pieces[number] for number in sorted(pieces))
            received.append(Received(sender, to, joined.decode("utf-16-be"), parts=total))
            del parts[(sender, to, reference)]


def require_kannel():
    import pytest

    if available():
        return
    if os.environ.get("CI") or os.environ.get("REQUIRE_KANNEL"):
        pytest.fail("Kannel is not installed (apt-get install kannel kannel-extras; make test does it as root)")
    pytest.skip("Kannel is not installed here" + ("" if shutil.which("apt-get") else " (no apt-get)"))
