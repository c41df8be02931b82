"""`kiosk serve` under a fleet: 200 parallel requests (each its own connection, as 200 kiosks
syncing at once), latency per request, for the server `kiosk serve` runs now and for the one it
ran before (the standard library's ThreadingHTTPServer: listen backlog 5, a thread per
connection). Bar (issue 10): all 200 served, p95 under 1 s.

Each round: 200 client threads released together by a barrier, each GETs one file of a
published test repository over a new connection to 127.0.0.1 with a 10 s timeout; a request
that fails or times out counts as not served. Rounds are repeated; the figures pool them.

    .venv/bin/python bench/bench_serve.py [--rounds 5] [--clients 200]
"""
from __future__ import annotations

import argparse
import functools
import http.client
import json
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import OUT, machine, now, percentile
from kiosk.sync.sample import SampleWorld
from kiosk.sync.serve import make_server

BAR_P95_S = 1.0


def old_server(directory: Path) -> ThreadingHTTPServer:
    """What `kiosk serve` was before: stdlib defaults (request_queue_size 5)."""
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(directory))
    handler.log_message = lambda *a, **k: None  # type: ignore[method-assign]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    return server


def one_round(port: int, paths: list[str], clients: int) -> tuple[list[float], int]:
    barrier = threading.Barrier(clients)

    def one(path: str) -> float | None:
        try:
            barrier.wait(10)
        except threading.BrokenBarrierError:
            pass
        started = time.perf_counter()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            conn.close()
            return time.perf_counter() - started if response.status == 200 else None
        except OSError:
            return None

    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(one, [paths[i % len(paths)] for i in range(clients)]))
    served = [r for r in results if r is not None]
    return served, clients - len(served)


def measure(server, paths: list[str], rounds: int, clients: int) -> dict:  # noqa: ANN001
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    latencies: list[float] = []
    failed = 0
    try:
        one_round(port, paths, 20)  # warm-up
        for _ in range(rounds):
            served, lost = one_round(port, paths, clients)
            latencies += served
            failed += lost
            time.sleep(0.5)
    finally:
        server.shutdown()
        server.server_close()
    ms = [s * 1000 for s in latencies]
    return {"requests": rounds * clients, "served": len(latencies), "failed": failed,
            "p50_ms": percentile(ms, 50), "p95_ms": percentile(ms, 95),
            "max_ms": max(ms) if ms else float("nan")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--clients", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        world = SampleWorld(Path(tmp) / "office", terms=40, offices=4)
        world.publish()
        files = sorted(p for p in (world.repo / "targets").rglob("*") if p.is_file())
        paths = ["/" + p.relative_to(world.repo).as_posix() for p in files]
        now_ = measure(make_server(world.repo, "127.0.0.1", 0), paths, args.rounds, args.clients)
        before = measure(old_server(world.repo), paths, args.rounds, args.clients)
    result = {"when": now(), "machine": machine(), "clients": args.clients, "rounds": args.rounds,
              "kiosk_serve": now_, "stdlib_before": before,
              "verdict": "meets" if now_["failed"] == 0 and now_["p95_ms"] < BAR_P95_S * 1000
              else "MISSES"}
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "serve.json").write_text(json.dumps(result, indent=2))
    for name, r in (("kiosk serve (now)", now_), ("stdlib before", before)):
        print(f"{name}: {r['served']}/{r['requests']} served, {r['failed']} failed; "
              f"p50 {r['p50_ms']:.0f} ms, p95 {r['p95_ms']:.0f} ms, max {r['max_ms']:.0f} ms")
    print(f"bar: all served and p95 < {BAR_P95_S * 1000:.0f} ms: {result['verdict']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
