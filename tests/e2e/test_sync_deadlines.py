"""Every sync ends: an overall deadline (setting sync_deadline_s) and a minimum transfer rate
(sync_min_rate_bps) against a real loopback server that drips a byte every 50 ms (never silent
long enough for a read timeout), and a folder source that never blocks (a FIFO, a device file,
a read that hangs in the kernel). Each case is bounded: if the sync did not end, the test's own
wait fails instead of hanging.

While a sync runs, `kiosk status` says since when; afterwards the lock is free again."""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from tuf.api import exceptions

from kiosk.cli import main
from kiosk.sync.errors import SyncError
from kiosk.sync.fetch import FolderFetcher, _FileReader
from kiosk.sync.running import running_since
from kiosk.sync.sample import SampleWorld

if TYPE_CHECKING:
    from conftest import Kiosk, RepoServer

BOUND_S = 20  # far above every deadline here: only a sync that never ends reaches it


def sync_in_thread(kiosk: Kiosk, **kw: object) -> tuple[threading.Thread, dict[str, object]]:
    out: dict[str, object] = {}

    def run() -> None:
        started = time.monotonic()
        try:
            out["report"] = kiosk.sync(**kw)
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            out["error"] = exc
        out["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, out


def ended(thread: threading.Thread, out: dict[str, object]) -> SyncError:
    thread.join(BOUND_S)
    assert not thread.is_alive(), "the sync did not end"
    error = out.get("error")
    assert isinstance(error, SyncError), out
    return error


@pytest.fixture()
def v2(world: SampleWorld, kiosk: Kiosk) -> SampleWorld:
    world.edit(1)
    assert world.publish().version == 2
    return world


def test_a_dripping_server_is_stopped_at_the_deadline(v2: SampleWorld, kiosk: Kiosk,
                                                      server: RepoServer, capsys) -> None:
    """Today: one byte every 4 s kept a sync alive for days, holding the lock."""
    kiosk.device.settings.sync_deadline_s = 2
    kiosk.device.save_settings()
    server.faults.add(r"timestamp\.json$", "drip")
    before = kiosk.shown()
    thread, out = sync_in_thread(kiosk, min_rate_bps=0)  # only the deadline can stop it
    for _ in range(100):  # while it runs, status says so
        if running_since(kiosk.device.root):
            break
        time.sleep(0.02)
    assert main(["status", "--data-dir", str(kiosk.device.root)]) == 0
    assert "sync in progress since 20" in capsys.readouterr().out
    error = ended(thread, out)
    assert "did not finish within 2 s" in str(error) and "sync_deadline_s" in str(error)
    assert out["seconds"] < 2 + 1.5  # the deadline, plus at most one read (wait() caps it)
    assert kiosk.shown() == before
    assert running_since(kiosk.device.root) is None  # the lock is free
    assert main(["status", "--data-dir", str(kiosk.device.root)]) == 0
    status = capsys.readouterr().out
    assert "sync in progress" not in status and "did not finish within 2 s" in status
    server.faults.clear()
    assert kiosk.sync().message == "updated to 2"


def test_a_trickle_below_the_minimum_rate_is_given_up(v2: SampleWorld, kiosk: Kiosk,
                                                      server: RepoServer) -> None:
    server.faults.add(r"/targets/records/", "drip")  # 20 bytes per second
    thread, out = sync_in_thread(kiosk, deadline_s=60, min_rate_bps=100, rate_window_s=1)
    error = ended(thread, out)
    assert "bytes per second" in str(error) and "sync_min_rate_bps" in str(error)
    assert out["seconds"] < 10
    server.faults.clear()
    assert kiosk.sync().message == "updated to 2"


def test_the_deadline_also_bounds_the_connection(v2: SampleWorld, kiosk: Kiosk,
                                                 server: RepoServer) -> None:
    """A server that never answers: the wait is the smaller of the timeout and the time left."""
    server.faults.add(r"snapshot\.json$", "stall")
    thread, out = sync_in_thread(kiosk, deadline_s=1.5, timeout=30)
    error = ended(thread, out)
    assert "no answer within" in str(error) or "did not finish" in str(error)
    assert out["seconds"] < 1.5 + 1


@pytest.fixture()
def stick(world: SampleWorld, kiosk: Kiosk, tmp_path: Path) -> Path:
    """A copy of the repository on a 'USB stick', version 2, that the kiosk syncs from."""
    import shutil

    world.edit(2)
    world.publish()
    copy = tmp_path / "stick"
    shutil.copytree(world.repo, copy)
    kiosk.server = str(copy)
    return copy


def test_a_fifo_on_the_stick_is_refused_at_once(stick: Path, kiosk: Kiosk) -> None:
    timestamp = stick / "metadata" / "timestamp.json"
    timestamp.unlink()
    os.mkfifo(timestamp)  # open() of a FIFO for reading waits for a writer: forever
    before = kiosk.shown()
    thread, out = sync_in_thread(kiosk)
    error = ended(thread, out)
    assert "is a FIFO, not a regular file; refused" in str(error)
    assert out["seconds"] < 3
    assert kiosk.shown() == before


def test_a_device_file_on_the_stick_is_refused(stick: Path, kiosk: Kiosk) -> None:
    piece = next((stick / "targets" / "records" / "glossary").glob("*.term-0002.json"))
    newest = max((p for p in piece.parent.glob("*.term-0002.json")), key=lambda p: p.stat().st_mtime)
    newest.unlink()
    newest.symlink_to("/dev/zero")  # endless zeros, where a piece should be
    thread, out = sync_in_thread(kiosk)
    error = ended(thread, out)
    assert "is a device, not a regular file; refused" in str(error)


def test_a_read_that_hangs_in_the_kernel_is_abandoned(tmp_path: Path) -> None:
    """A hung network share blocks read() in the kernel, where no timeout reaches. The reader
    thread is abandoned after the wait instead. A FIFO whose writer never writes is a real
    read that blocks the same way (the FIFO check is off here, to reach the read)."""
    fifo = tmp_path / "share-file"
    os.mkfifo(fifo)
    writer = os.open(fifo, os.O_RDWR)  # a writer exists: opening for reading does not wait
    try:
        class Blocking(_FileReader):
            def _open(self) -> int:
                return os.open(self.path, os.O_RDONLY)

        reader = Blocking(fifo)
        started = time.monotonic()
        with pytest.raises(exceptions.SlowRetrievalError, match="gave nothing within 0.5 s"):
            reader.next(0.5)
        assert time.monotonic() - started < 0.5 + 1
    finally:
        os.close(writer)


def test_a_slow_folder_read_counts_against_the_deadline(stick: Path) -> None:
    """The folder fetcher keeps to its budget like the HTTP one."""
    from kiosk.sync.client import describe
    from kiosk.sync.fetch import Budget

    fetcher = FolderFetcher(budget=Budget(0.0))
    with pytest.raises(exceptions.DownloadError) as caught:  # as ngclient wraps it
        list(fetcher.fetch((stick / "metadata" / "timestamp.json").as_uri()))
    assert describe(caught.value).startswith("the sync did not finish within 0 s")
