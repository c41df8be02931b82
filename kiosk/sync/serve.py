"""`kiosk serve`: serve a repository folder over HTTP, so one kiosk can feed the others on a
LAN (its own copy in the data dir) or a laptop can serve a published repository.

The files are static and signed; the clients verify everything, so this server need not be
trusted with the content. It still has to stand up to a fleet and to a rude client:
- a listen backlog of 1024 (the standard library's 5 dropped 20-30% of 200 parallel requests)
  and a fixed pool of worker threads; accepted connections waiting for a worker are bounded,
  beyond that the kernel's backlog holds them;
- while connections wait, a worker answers "Connection: close" and gives up a keep-alive
  connection instead of waiting on it, so idle clients never starve the waiting ones;
- an idle connection is closed after IDLE_TIMEOUT_S; a request must arrive whole within
  REQUEST_DEADLINE_S and its answer be taken within RESPONSE_DEADLINE_S (a client dripping
  its headers or reading one byte a minute is cut off by a watchdog);
- GET and HEAD only, no directory listings, no hidden files, nothing outside the folder (not
  even through a symlink), only regular files (a folder's index.html for the phone site).

It serves the phone site too (`site/`, from `kiosk publish --site-url` or, for a kiosk's copy,
rendered from its verified bundle: kiosk.site.local), with the types browsers need (UTF-8 HTML,
WOFF2) and caching for poor connections: files under `site/assets/` carry their hash in their
name and are kept a year (`immutable`); pages and the service worker are revalidated on each
visit (`no-cache`: a 304 costs a few hundred bytes, and new content shows at once). A kiosk's
own copy (`kiosk serve --data-dir`) reaches phones over plain HTTP, where no service worker
runs: its pages are kept a day (`page_max_age`), so a phone that leaves the kiosk's network can
open a page it saw there again (docs/phone-site.md says what holds and what does not).
"""
from __future__ import annotations

import functools
import logging
import select
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.server import HTTPServer, SimpleHTTPRequestHandler
from pathlib import Path

from kiosk.errors import KioskError

log = logging.getLogger(__name__)

BACKLOG = 1024
WORKERS = 64
MAX_WAITING = 1024  # accepted connections waiting for a worker
IDLE_TIMEOUT_S = 10.0
REQUEST_DEADLINE_S = 15.0
RESPONSE_DEADLINE_S = 300.0
SITE_ASSETS = "/site/assets/"
IMMUTABLE = "public, max-age=31536000, immutable"
LAN_PAGE_MAX_AGE_S = 86400  # a kiosk's own site pages, for phones on its LAN (plain HTTP)
TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
         ".js": "text/javascript; charset=utf-8", ".json": "application/json",
         ".woff2": "font/woff2", ".svg": "image/svg+xml", ".png": "image/png",
         ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp",
         ".yaml": "text/plain; charset=utf-8"}


class Watchdog:
    """Shuts down connections whose current phase outlived its deadline: a blocked recv() or
    send() in a worker then returns, and the worker is free again."""

    def __init__(self, tick: float = 0.25) -> None:
        self._deadlines: dict[socket.socket, float] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._tick = tick
        threading.Thread(target=self._run, daemon=True, name="serve-watchdog").start()

    def arm(self, conn: socket.socket, seconds: float) -> None:
        with self._lock:
            self._deadlines[conn] = time.monotonic() + seconds

    def disarm(self, conn: socket.socket) -> None:
        with self._lock:
            self._deadlines.pop(conn, None)

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.wait(self._tick):
            now = time.monotonic()
            with self._lock:
                late = [conn for conn, ends in self._deadlines.items() if ends <= now]
                for conn in late:
                    del self._deadlines[conn]
            for conn in late:
                try:
                    conn.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


class RepoHandler(SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: a sync asks for dozens of small files
    disable_nagle_algorithm = True  # small files, headers and body in separate writes
    server_version = "nssf-kiosk"
    sys_version = ""
    server: RepoServer
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **TYPES}

    def setup(self) -> None:
        self.timeout = self.server.idle_timeout  # each recv() and send(): an idle connection ends
        super().setup()

    def handle(self) -> None:
        """Requests of one connection; between two, the worker waits for the next only while
        no other connection waits for a worker (and at most the idle timeout)."""
        self.close_connection = True
        self.handle_one_request()
        while not self.close_connection and self._next_request_comes():
            self.handle_one_request()

    def _next_request_comes(self) -> bool:
        ends = time.monotonic() + self.server.idle_timeout
        while time.monotonic() < ends:
            readable, _, _ = select.select([self.connection], [], [], 0.05)
            if readable:
                return True
            if self.server.busy():
                return False
        return False

    def handle_one_request(self) -> None:
        watchdog = self.server.watchdog
        watchdog.arm(self.connection, self.server.request_deadline)
        try:
            super().handle_one_request()
        finally:
            watchdog.disarm(self.connection)

    def parse_request(self) -> bool:
        ok = super().parse_request()
        # the request is in: now the answer has its own, longer deadline
        self.server.watchdog.arm(self.connection, self.server.response_deadline)
        if ok and self.server.busy():
            self.close_connection = True  # others wait for a worker: no keep-alive now
        return ok

    def end_headers(self) -> None:
        if self.close_connection:
            self.send_header("Connection", "close")
        path = self.path.split("?", 1)[0]
        # metadata changes in place (timestamp.json): no cache may keep an old copy
        if path.endswith("timestamp.json"):
            self.send_header("Cache-Control", "no-cache")
        elif path.startswith(SITE_ASSETS):  # named by their hash: never change
            self.send_header("Cache-Control", IMMUTABLE)
        elif path.startswith("/site/"):  # pages: checked each visit (a 304), or kept a while;
            # the service worker always checked, so a new one is found at once
            worker = path.endswith("/sw.js")
            self.send_header("Cache-Control", "no-cache" if worker else self.server.page_cache)
            self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def send_head(self):  # noqa: ANN201 - the stdlib's file-or-None
        path = Path(self.translate_path(self.path))
        root = Path(self.directory).resolve()
        parts = self.path.split("?", 1)[0].split("#", 1)[0].split("/")
        try:
            real = path.resolve()
            if real.is_dir() and (real / "index.html").is_file():  # the site's own index
                real = (real / "index.html").resolve()
            refused = (any(part.startswith(".") for part in parts if part)
                       or not real.is_relative_to(root) or not real.is_file())
        except OSError:
            refused = True
        if refused:  # directories (no listings), hidden files, symlinks out, devices
            self.send_error(404, "Not found")
            return None
        return super().send_head()

    def list_directory(self, path):  # noqa: ANN001, ANN201 - never reached; refused anyway
        self.send_error(404, "Not found")
        return None

    def log_message(self, format: str, *args: object) -> None:  # stdlib signature
        log.info("%s %s", self.address_string(), format % args)


class RepoServer(HTTPServer):
    """An HTTP server with a listen backlog for a fleet and a bounded pool of workers."""

    request_queue_size = BACKLOG
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], handler: type, *, workers: int = WORKERS,
                 idle_timeout: float = IDLE_TIMEOUT_S, request_deadline: float = REQUEST_DEADLINE_S,
                 response_deadline: float = RESPONSE_DEADLINE_S, page_max_age: float = 0) -> None:
        self.idle_timeout = idle_timeout
        # the site's pages: revalidated on each visit, or (a kiosk's LAN) fresh for a while
        self.page_cache = f"max-age={int(page_max_age)}" if page_max_age > 0 else "no-cache"
        self.request_deadline = request_deadline
        self.response_deadline = response_deadline
        self.workers = workers
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="serve")
        self._slots = threading.BoundedSemaphore(workers + MAX_WAITING)
        self._waiting = 0
        self._count = threading.Lock()
        self.watchdog = Watchdog()
        super().__init__(address, handler)

    def busy(self) -> bool:
        return self._waiting > 0

    def process_request(self, request: socket.socket, client_address: object) -> None:
        # blocks the accept loop when full: the kernel's backlog then holds the rest
        self._slots.acquire()
        with self._count:
            self._waiting += 1
        self._pool.submit(self._work, request, client_address)

    def _work(self, request: socket.socket, client_address: object) -> None:
        with self._count:
            self._waiting -= 1
        try:
            self.finish_request(request, client_address)
        except Exception:  # noqa: BLE001 - one client's trouble is logged, never fatal
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)
            self._slots.release()

    def handle_error(self, request: object, client_address: object) -> None:
        log.info("connection from %s ended with an error", client_address, exc_info=True)

    def server_close(self) -> None:
        super().server_close()
        self.watchdog.stop()
        self._pool.shutdown(wait=False, cancel_futures=True)


def make_server(directory: Path, host: str = "0.0.0.0", port: int = 8080, **kw: float) -> RepoServer:
    """A server for `directory` on `host`:`port` (IPv6 when `host` is an IPv6 address);
    KioskError with the reason when it cannot listen there."""
    handler = functools.partial(RepoHandler, directory=str(directory))
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    server_class = type("RepoServer", (RepoServer,), {"address_family": family})
    try:
        return server_class((host, port), handler, **kw)  # type: ignore[arg-type]
    except (OSError, OverflowError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise KioskError("cannot listen on {address}: {reason}", address=f"{host}:{port}",
                         reason=reason) from None
