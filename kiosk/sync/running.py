"""One sync at a time per data dir, and whether one is running now (and since when).

The lock is an flock on `sync/lock`, held for the whole sync and released by the kernel when the
process ends (even on SIGKILL). The holder writes the time it started into the file, so
`kiosk status` and the staff panel can say "sync in progress since ..." without a second file
that a killed sync would leave behind: a start time in an unlocked file means nothing.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

from kiosk.device import make_dirs
from kiosk.sync.errors import SyncBusy
from kiosk.sync.layout import SyncPaths

try:
    import fcntl
except ImportError:  # Windows: the app runs one sync at a time itself
    fcntl = None  # type: ignore[assignment]


def now_text() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@contextlib.contextmanager
def exclusive(paths: SyncPaths, started: str | None = None) -> Iterator[None]:
    """Hold the sync lock of a data dir (SyncBusy if another sync has it)."""
    make_dirs(paths.sync_dir)
    if fcntl is None:
        yield
        return
    fd = os.open(paths.lock, os.O_RDWR | os.O_CREAT, 0o600)
    with os.fdopen(fd, "r+b") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SyncBusy() from None
        fh.truncate(0)
        fh.write(f"{started or now_text()} {os.getpid()}\n".encode())
        fh.flush()
        try:
            yield
        finally:
            fh.truncate(0)  # the lock goes with the process, even on SIGKILL


def running_since(root: Path) -> str | None:
    """When the sync that holds this data dir's lock started (UTC, ISO), or None if none runs."""
    paths = SyncPaths(Path(root))
    if fcntl is None or not paths.lock.is_file():
        return None
    try:
        with open(paths.lock, "rb") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                text = fh.read(200).decode("ascii", "replace").split()
                return text[0] if text else "?"
            fcntl.flock(fh, fcntl.LOCK_UN)
            return None
    except OSError:
        return None
