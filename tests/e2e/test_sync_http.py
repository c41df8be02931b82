"""The whole path as head office and a kiosk would run it: `kiosk keys init`, `kiosk publish`,
a plain `python -m http.server`, `kiosk sync`, `kiosk status`; a one-record change costs under
5% of a full download; a kiosk feeds another with `kiosk serve`."""
from __future__ import annotations

import functools
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from kiosk.content.library import Library
from kiosk.device import Device
from kiosk.paths import CONTENT_DIR
from kiosk.sync.client import sync
from kiosk.sync.layout import SyncPaths
from kiosk.sync.sample import SampleWorld, write_sample

if TYPE_CHECKING:
    from conftest import Kiosk, RepoServer

KIOSK = [sys.executable, "-m", "kiosk.cli"]


def run(*args: str, ok: bool = True, env: dict[str, str] | None = None
        ) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([*KIOSK, *args], capture_output=True, text=True, env=env, timeout=60)
    if ok:
        assert done.returncode == 0, done.stderr
    return done


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetched(out: str) -> int:
    return int(out.rsplit("(", 1)[1].split()[0])


def test_done_criteria_with_the_cli_and_a_plain_http_server(tmp_path: Path,
                                                            kiosk_env: dict[str, str]) -> None:
    keys, repo, data, content = (tmp_path / n for n in ("k", "r", "d", "content"))
    run = functools.partial(globals()["run"], env=kiosk_env)
    # content of the size the kiosk ships (about 80 records, 180 kB of pieces)
    write_sample(content, terms=80, offices=6, words=40)
    run("keys", "init", str(keys))
    assert run("publish", str(content), "--keys", str(keys), "--repo", str(repo),
               "--allow-missing-benefits").stdout.startswith("published content version 1")
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind",
                               "127.0.0.1", "--directory", str(repo)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        sync_args = ("sync", "--server", url, "--data-dir", str(data), "--allow-missing-benefits")
        run("settings", "--data-dir", str(data), f"trusted_root={keys / 'root.json'}")
        first = run(*sync_args).stdout
        assert first.startswith("updated to 1 (")
        write_sample(content, terms=80, offices=6, words=40, edits={17: 1})  # one field
        run("publish", str(content), "--keys", str(keys), "--repo", str(repo),
            "--allow-missing-benefits")
        second = run(*sync_args).stdout
        assert second.startswith("updated to 2 (")
        ratio = fetched(second) / fetched(first)
        assert ratio < 0.05, (first, second)
        assert "content version: 2\n" in run("status", "--data-dir", str(data)).stdout
        assert run(*sync_args).stdout.startswith("up to date (")

        # flip one byte of the piece the next sync must fetch: refused, version 2 stays
        write_sample(content, terms=80, offices=6, words=40, edits={17: 1, 40: 1})
        run("publish", str(content), "--keys", str(keys), "--repo", str(repo),
            "--allow-missing-benefits")
        pieces = sorted((repo / "targets" / "records" / "glossary").glob("*.term-0040.json"),
                        key=lambda p: p.stat().st_mtime_ns)
        piece = pieces[-1]
        original = piece.read_bytes()
        piece.write_bytes(original[:10] + bytes([original[10] ^ 1]) + original[11:])
        failed = run(*sync_args, ok=False)
        assert failed.returncode == 1
        assert "does not match its signed hash" in failed.stderr and "term-0040" in failed.stderr
        status = run("status", "--data-dir", str(data)).stdout
        assert "content version: 2\n" in status and "does not match" in status
        piece.write_bytes(original)
        assert run(*sync_args).stdout.startswith("updated to 3 (")
    finally:
        server.terminate()
        server.wait(5)


def _shipped_content_or_skip():  # ContentSet
    from kiosk.source import rules_dir, validate_source

    content, problems = validate_source(CONTENT_DIR, rules_dir(None))  # with its rules
    if problems:
        pytest.skip(f"data/content does not validate yet ({len(problems)} problems)")
    return content


def test_one_field_of_the_shipped_content_costs_under_5_percent(
        tmp_path: Path, start_server: Callable[[Path], RepoServer]) -> None:
    """On the real content: full sync, then one field of one record changed."""
    from kiosk.content.loader import ContentSet
    from kiosk.sync.keys import init_keys
    from kiosk.sync.pieces import record_piece
    from kiosk.sync.publish import publish

    content: ContentSet = _shipped_content_or_skip()
    keys, repo = tmp_path / "keys", tmp_path / "repo"
    init_keys(keys)
    publish(content, keys, repo)
    server = start_server(repo)
    device = Device.open(tmp_path / "kiosk")
    first = sync(device, server.url, root=keys / "root.json")  # every benefit with its rules
    # the largest record, and a small one: each change under 5% of the full download
    sizes = sorted((len(record_piece(k, r)), k, r.id) for k, r in content.all())
    for version, (_, kind, rid) in enumerate((sizes[-1], sizes[len(sizes) // 4]), start=2):
        record = content.records[kind][rid]
        content.records[kind][rid] = record.model_copy(update={"notes": "phone number changed"})
        assert publish(content, keys, repo).version == version
        report = sync(device, server.url, root=keys / "root.json")
        assert report.message == f"updated to {version}"
        assert report.bytes_fetched / first.bytes_fetched < 0.05, (kind, rid, first, report)
        with Library(device.bundle_path) as library:
            assert library._one(kind, rid).notes == "phone number changed"


def test_kiosk_serve_feeds_another_kiosk(world: SampleWorld, kiosk: Kiosk, tmp_path: Path,
                                        make_kiosk: Callable[..., Kiosk]) -> None:
    from kiosk.sync.serve import make_server

    world.edit(2)
    world.publish()
    kiosk.sync()
    lan = make_server(SyncPaths(kiosk.device.root).repo, "127.0.0.1", 0)
    threading.Thread(target=lan.serve_forever, daemon=True).start()
    try:
        other = Device.open(tmp_path / "other")
        url = f"http://127.0.0.1:{lan.server_address[1]}"
        report = sync(other, url, root=world.root_file, require_benefits=False)
        assert report.message == "updated to 2"
        assert sync(other, url, root=world.root_file, require_benefits=False).message == "up to date"
    finally:
        lan.shutdown()
        lan.server_close()
    assert make_kiosk(other.root, url, world.root_file).shown() == kiosk.shown()


def test_cli_serve_refuses_a_folder_that_is_no_repository(tmp_path: Path) -> None:
    done = run("serve", "--repo", str(tmp_path), "--port", "0", ok=False)
    assert done.returncode == 1 and "not a repository" in done.stderr


def test_bytes_counted_match_the_wire(world: SampleWorld, kiosk: Kiosk, server: RepoServer) -> None:
    world.edit(0)
    world.publish()
    server.faults.bytes_sent = 0
    report = kiosk.sync()
    body_bytes = report.bytes_fetched
    assert body_bytes <= server.faults.bytes_sent <= body_bytes + 200 * len(server.faults.requests)
