"""`kiosk serve`: serve a repository folder over HTTP, so one kiosk can feed the others on a
LAN (its own copy in the data dir) or a laptop can serve a published repository.

The files are static and signed; the clients verify everything, so this server need not be
trusted and needs nothing but the standard library.
"""
from __future__ import annotations

import functools
import logging
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

log = logging.getLogger(__name__)


class _QuietHandler(SimpleHTTPRequestHandler):
    disable_nagle_algorithm = True  # small files, headers and body in separate writes
    protocol_version = "HTTP/1.1"  # keep-alive: a sync asks for dozens of small files
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        log.info("%s %s", self.address_string(), format % args)

    def end_headers(self) -> None:
        # metadata changes in place (timestamp.json): no cache may keep an old copy
        if self.path.endswith("timestamp.json"):
            self.send_header("Cache-Control", "no-cache")
        super().end_headers()


def make_server(directory: Path, host: str = "0.0.0.0", port: int = 8080) -> ThreadingHTTPServer:
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server
