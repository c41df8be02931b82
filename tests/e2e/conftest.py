"""Fixtures for the sync end-to-end tests: a real HTTP server on 127.0.0.1 with fault
injection (no mocked HTTP), and a head office with keys, content and a repository."""
from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from kiosk.device import Device
from kiosk.sync.sample import SampleWorld


@dataclass
class Fault:
    pattern: str  # regex on the request path
    mode: str  # "500", "stall", "stall-body", "truncate", "corrupt", "404", "drip"
    times: int | None = None  # None: every matching request


@dataclass
class Faults:
    rules: list[Fault] = field(default_factory=list)
    delay: float = 0.0  # seconds before each answer (a slow link's latency)
    rate: float | None = None  # bytes per second for bodies (a slow link's bandwidth)
    requests: list[str] = field(default_factory=list)
    serve: dict[str, bytes] = field(default_factory=dict)  # a hostile server: path -> body
    drip_s: float = 0.05  # "drip": one byte of the body every drip_s seconds (never silent)
    bytes_sent: int = 0  # bodies and headers, as the wire sees them
    release: threading.Event = field(default_factory=threading.Event)  # ends stalls

    def add(self, pattern: str, mode: str, times: int | None = None) -> None:
        self.rules.append(Fault(pattern, mode, times))

    def clear(self) -> None:
        self.rules.clear()
        self.delay, self.rate = 0.0, None

    def match(self, path: str) -> str | None:
        for rule in self.rules:
            if re.search(rule.pattern, path) and rule.times != 0:
                if rule.times is not None:
                    rule.times -= 1
                return rule.mode
        return None


class _Handler(BaseHTTPRequestHandler):
    server: RepoServer._Server
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go in two writes: no 40 ms ACK waits

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(self, data: bytes) -> None:
        faults = self.server.faults
        rate = faults.rate
        step = 1024 if rate else len(data) or 1
        for start in range(0, len(data), step):
            chunk = data[start:start + step]
            self.wfile.write(chunk)
            faults.bytes_sent += len(chunk)
            if rate:
                self.wfile.flush()
                time.sleep(len(chunk) / rate)

    def do_GET(self) -> None:  # stdlib name
        faults = self.server.faults
        path = unquote(urlparse(self.path).path)
        faults.requests.append(path)
        if faults.delay:
            time.sleep(faults.delay)
        mode = faults.match(path)
        if mode == "stall":
            faults.release.wait(30)
            return
        if path in faults.serve:  # whatever a hostile server answers, even for a '../' URL
            body = faults.serve[path]
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self._send(body)
            return
        file = (self.server.root / path.lstrip("/")).resolve()
        if mode in ("500", "404") or not file.is_file() or self.server.root not in file.parents:
            status = 500 if mode == "500" else 404
            body = b"no"
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self._send(body)
            return
        data = file.read_bytes()
        if mode == "corrupt":
            middle = len(data) // 2
            data = data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1:]
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        faults.bytes_sent += 120  # status line and headers, roughly
        if mode == "truncate":
            self._send(data[: len(data) // 2])
            self.close_connection = True
            return
        if mode == "drip":  # a server that never stalls long enough for a read timeout
            for byte in data:
                if faults.release.is_set():
                    break
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                faults.bytes_sent += 1
                time.sleep(faults.drip_s)
            self.close_connection = True
            return
        if mode == "stall-body":
            self._send(data[: len(data) // 2])
            self.wfile.flush()
            faults.release.wait(30)
            self.close_connection = True
            return
        self._send(data)


class RepoServer:
    """A threaded http.server serving a repository folder, stoppable and restartable on the
    same port (to test a server that is down, then back)."""

    class _Server(ThreadingHTTPServer):
        daemon_threads = True
        allow_reuse_address = True
        root: Path
        faults: Faults

        def handle_error(self, request: object, client_address: object) -> None:
            pass  # a client killed mid-download (the power-cut test) is expected here

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.faults = Faults()
        self.port = 0
        self._server: RepoServer._Server | None = None
        self.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        server = self._Server(("127.0.0.1", self.port), _Handler)
        server.root, server.faults = self.root, self.faults
        self.port = server.server_address[1]
        self._server = server
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self.faults.release.set()
            self._server.shutdown()
            self._server.server_close()
            self._server = None
            self.faults.release = threading.Event()


@dataclass
class Kiosk:
    """A kiosk's data dir and how it syncs."""

    device: Device
    server: str
    root_file: Path

    def sync(self, **kw: object):  # SyncReport
        from kiosk.sync.client import sync

        kw.setdefault("require_benefits", False)
        kw.setdefault("timeout", 1.0)
        return sync(self.device, self.server, root=self.root_file, **kw)  # type: ignore[arg-type]

    def shown(self) -> tuple[int, str]:
        """(version, content hash) of the bundle the kiosk would open, fully checked."""
        from kiosk.content.library import Library
        from kiosk.sync.apply import check_bundle

        check_bundle(self.device.bundle_path, require_benefits=False)
        with Library(self.device.bundle_path) as library:
            return library.meta.content_version, library.meta.content_hash


@pytest.fixture()
def start_server() -> Iterator[Callable[[Path], RepoServer]]:
    """Start more repository servers (stopped at the end of the test)."""
    started: list[RepoServer] = []

    def start(root: Path) -> RepoServer:
        started.append(RepoServer(root))
        return started[-1]

    yield start
    for srv in started:
        srv.stop()


@pytest.fixture()
def make_kiosk() -> Callable[[Path, str, Path], Kiosk]:
    """A kiosk on a data dir, syncing from a server URL, trusting a root file first."""
    return lambda data, url, root_file: Kiosk(Device.open(data), url, root_file)


@pytest.fixture()
def world(tmp_path: Path) -> SampleWorld:
    w = SampleWorld(tmp_path / "office", terms=8, offices=2)
    w.publish()
    return w


@pytest.fixture()
def server(world: SampleWorld) -> Iterator[RepoServer]:
    srv = RepoServer(world.repo)
    yield srv
    srv.stop()


@pytest.fixture()
def kiosk(tmp_path: Path, world: SampleWorld, server: RepoServer) -> Kiosk:
    """A kiosk that has synced version 1 over HTTP."""
    # the root the kiosk ships with: a copy of version 1, which `kiosk keys rotate` leaves as it is
    shipped = tmp_path / "shipped-root.json"
    shipped.write_bytes(world.root_file.read_bytes())
    k = Kiosk(Device.open(tmp_path / "kiosk"), server.url, shipped)
    assert k.sync().message == "updated to 1"
    return k


@pytest.fixture()
def kiosk_env() -> dict[str, str]:
    """The environment for a `kiosk` subprocess, without the power-cut test's hooks."""
    env = dict(os.environ)
    env.pop("KIOSK_SYNC_STEP_DELAY", None)
    env.pop("KIOSK_SYNC_TRACE", None)
    return env


@pytest.fixture(scope="session")
def private_cups() -> Iterator[object]:
    """A CUPS scheduler of this test session's own (tests/e2e/cups_server.py); skipped, with
    the reason, where CUPS or cups-pdf is not installed."""
    from cups_server import PrivateCups, missing

    reason = missing()
    if reason:
        pytest.skip(reason)
    cups = PrivateCups()
    try:
        cups.add_pdf_queue()
        yield cups
    finally:
        cups.stop()


@pytest.fixture()
def cups_env(private_cups, monkeypatch: pytest.MonkeyPatch):
    """CUPS clients (lp, lpstat) in this test talk to the private scheduler."""
    monkeypatch.setenv("CUPS_SERVER", str(private_cups.socket))
    return private_cups
