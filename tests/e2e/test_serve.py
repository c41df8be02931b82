"""`kiosk serve` is a real server: a fleet's parallel requests are all served, it binds where
it is told, lists no folders, serves nothing hidden or outside its folder, and closes idle or
dripping connections. All against real sockets on 127.0.0.1.

The p95 latency of 200 parallel requests is measured by bench/bench_serve.py (not here)."""
from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from kiosk.sync.sample import SampleWorld
from kiosk.sync.serve import RepoServer, make_server


@pytest.fixture()
def served(world: SampleWorld) -> Iterator[tuple[RepoServer, int]]:
    server = make_server(world.repo, "127.0.0.1", 0, idle_timeout=0.5, request_deadline=1.0)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                     daemon=True).start()
    yield server, server.server_address[1]
    server.shutdown()
    server.server_close()


def get(port: int, path: str, timeout: float = 10) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def test_two_hundred_parallel_requests_are_all_served(served: tuple[RepoServer, int],
                                                      world: SampleWorld) -> None:
    _, port = served
    files = sorted(p for p in (world.repo / "targets").rglob("*") if p.is_file())
    paths = ["/" + files[i % len(files)].relative_to(world.repo).as_posix() for i in range(200)]
    barrier = threading.Barrier(50)

    def one(path: str) -> bytes:
        try:
            barrier.wait(5)  # the first 50 at the same instant
        except threading.BrokenBarrierError:
            pass
        status, body = get(port, path)
        assert status == 200
        return body

    with ThreadPoolExecutor(200) as pool:
        bodies = list(pool.map(one, paths, timeout=60))
    assert [len(b) for b in bodies] == [(world.repo / p.lstrip("/")).stat().st_size for p in paths]


def test_no_listing_nothing_hidden_nothing_outside(served: tuple[RepoServer, int],
                                                   world: SampleWorld, tmp_path: Path) -> None:
    _, port = served
    (world.repo / ".secret").write_text("no")
    outside = tmp_path / "outside.txt"
    outside.write_text("private")
    (world.repo / "targets" / "link.txt").symlink_to(outside)
    (world.repo / "metadata" / "fifo.json").unlink(missing_ok=True)
    os.mkfifo(world.repo / "metadata" / "fifo.json")
    for path in ("/", "/metadata/", "/targets", "/.secret", "/targets/link.txt",
                 "/../outside.txt", "/metadata/fifo.json", "/%2e%2e/outside.txt"):
        status, body = get(port, path)
        assert status == 404, (path, status)
        assert b"private" not in body and b"<a href" not in body
    assert get(port, "/metadata/timestamp.json")[0] == 200


def test_only_get_and_head(served: tuple[RepoServer, int]) -> None:
    _, port = served
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.request("POST", "/metadata/timestamp.json", body=b"x")
    assert conn.getresponse().status == 501
    conn.close()


def test_an_idle_connection_is_closed(served: tuple[RepoServer, int]) -> None:
    _, port = served
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    started = time.monotonic()
    assert sock.recv(100) == b""  # closed by the server (idle_timeout 0.5 s), not by us
    assert time.monotonic() - started < 4
    sock.close()


def test_a_client_dripping_its_headers_is_cut_off(served: tuple[RepoServer, int]) -> None:
    """Slowloris: a byte every 0.2 s never trips the idle timeout (0.5 s); the request
    deadline (1 s) ends it, and the worker is free for others."""
    _, port = served
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    started = time.monotonic()
    closed = False
    for byte in b"GET /metadata/timestamp.json HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 100:
        try:
            sock.send(bytes([byte]))
        except OSError:
            closed = True
            break
        time.sleep(0.2)
        if time.monotonic() - started > 4:
            break
    if not closed:
        sock.settimeout(2)
        try:
            closed = sock.recv(100) == b""
        except OSError:
            closed = True
    assert closed and time.monotonic() - started < 4
    sock.close()


def test_keep_alive_gives_way_when_others_wait(world: SampleWorld) -> None:
    """With one worker, a client keeping its connection open must not starve the next one."""
    server = make_server(world.repo, "127.0.0.1", 0, workers=1, idle_timeout=30)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    try:
        first = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        first.request("GET", "/metadata/timestamp.json")
        assert first.getresponse().read()
        # the first connection stays open (keep-alive); a second client must still be served
        status, _ = get(port, "/metadata/timestamp.json", timeout=5)
        assert status == 200
        first.close()
    finally:
        server.shutdown()
        server.server_close()


def test_cli_binds_to_the_address_given(world: SampleWorld, kiosk_env: dict[str, str]) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "kiosk.cli", "serve", "--repo", str(world.repo),
                             "--bind", "127.0.0.1", "--port", "0"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=kiosk_env)
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        match = re.search(r"on http://127\.0\.0\.1:(\d+)/", line)
        assert match, line
        assert get(int(match.group(1)), "/metadata/timestamp.json")[0] == 200
    finally:
        proc.terminate()
        proc.wait(10)


def test_help_says_the_default_address(capsys: pytest.CaptureFixture[str]) -> None:
    from kiosk.cli import main

    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    assert "default 0.0.0.0" in capsys.readouterr().out
