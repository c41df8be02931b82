"""One sync in a process of its own, for the kiosk app.

A sync needs python-tuf, urllib3, securesystemslib and cryptography: run inside the kiosk they
stay loaded for the rest of the day, ~12 MiB of its memory for something that happens once an
hour (bench/bench_soak.py). So the app runs `kiosk.sync.client.sync` in a child Python, which
gives all of that back when it exits. The child is the same code with the same guarantees (an
interrupted sync leaves the old content, as after a power cut), and reports as the in-process
call would: a `SyncReport`, or the SyncError with the reason.

The protocol is one JSON line each way: the request on the child's stdin, then the child's
answer on its stdout; a later "cancel" line on stdin asks it to stop at its next chunk (the
same `cancel` the in-process sync polls). A frozen app (PyInstaller) has no Python to start:
there the sync runs in-process.

    python -m kiosk.sync.process   # reads {"data_dir", "server", "require_benefits", "gc"}
"""
from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.i18n import Msg
from kiosk.sync.errors import SyncBusy, SyncCancelled, SyncError
from kiosk.sync.report import SyncReport

if TYPE_CHECKING:
    from kiosk.device import Device

log = logging.getLogger(__name__)

DEADLINE_S = 30 * 60  # the sync has its own deadlines; this only ends a child that hangs
CANCEL_GRACE_S = 10.0  # after "cancel", the child has this long to stop before it is killed
POLL_S = 0.1
_ERRORS = {"SyncCancelled": SyncCancelled, "SyncBusy": SyncBusy}


def sync_in_subprocess(device: Device, server: str, *, cancel: Callable[[], bool] | None = None,
                       require_benefits: bool = True, gc: bool = True) -> SyncReport:
    """`kiosk.sync.client.sync(device, server, ...)`, run in a child process."""
    if getattr(sys, "frozen", False):
        from kiosk.sync.client import sync

        return sync(device, server, cancel=cancel, require_benefits=require_benefits, gc=gc)
    request = {"data_dir": str(device.root), "server": server,
               "require_benefits": require_benefits, "gc": gc}
    try:
        child = subprocess.Popen([sys.executable, "-m", "kiosk.sync.process"],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True, encoding="utf-8",
                                 env=dict(os.environ, PYTHONUNBUFFERED="1"))
    except OSError as exc:
        raise SyncError("cannot start the sync process: {reason}", reason=exc) from None
    errors: list[str] = []
    reader = threading.Thread(target=lambda: errors.extend(child.stderr), daemon=True)
    reader.start()
    answer: list[str] = []
    out = threading.Thread(target=lambda: answer.extend(child.stdout), daemon=True)
    out.start()
    try:
        try:
            child.stdin.write(json.dumps(request) + "\n")
            child.stdin.flush()
        except OSError:  # it died at once: its stderr says why
            pass
        _wait(child, cancel)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        out.join(5)
        reader.join(5)
    for line in errors:
        if line.strip():
            log.warning("sync process: %s", line.rstrip())
    return _result(answer, child.returncode, cancel)


def _wait(child: subprocess.Popen[str], cancel: Callable[[], bool] | None) -> None:
    deadline = time.monotonic() + DEADLINE_S
    cancelled_at: float | None = None
    while child.poll() is None:
        now = time.monotonic()
        if cancelled_at is None and cancel is not None and cancel():
            cancelled_at = now
            try:
                child.stdin.write("cancel\n")
                child.stdin.flush()
            except OSError:
                pass
        if now > deadline or (cancelled_at is not None and now - cancelled_at > CANCEL_GRACE_S):
            child.kill()
        try:
            child.wait(POLL_S)
        except subprocess.TimeoutExpired:
            pass


def _result(lines: list[str], code: int | None, cancel: Callable[[], bool] | None) -> SyncReport:
    for line in reversed(lines):
        try:
            answer = json.loads(line)
        except ValueError:
            continue
        if "report" in answer:
            return SyncReport(**answer["report"])
        if "error" in answer:
            error = answer["error"]
            kind = _ERRORS.get(error.get("type", ""))
            if kind:
                raise kind()
            try:
                raise SyncError(Msg.from_json(error.get("message")))
            except ValueError:  # a child of another version: its words, not ours
                raise SyncError("the sync failed") from None
    if cancel is not None and cancel():
        raise SyncCancelled()
    raise SyncError("the sync process stopped without an answer (exit {code})", code=str(code))


def _kind(exc: BaseException) -> str:
    """SyncCancelled or SyncBusy if either stopped the sync (perhaps wrapped), else SyncError."""
    seen: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and cur not in seen:
        if type(cur).__name__ in _ERRORS:
            return type(cur).__name__
        seen.append(cur)
        cur = cur.__cause__ or cur.__context__
    return "SyncError"


def main() -> int:
    """The child: one sync as asked on stdin, its answer on stdout."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    request = json.loads(sys.stdin.readline())
    stop = threading.Event()

    def listen() -> None:  # "cancel" from the app, or the app gone (stdin closed)
        for line in sys.stdin:
            if line.strip() == "cancel":
                break
        stop.set()

    threading.Thread(target=listen, daemon=True).start()
    from kiosk.device import Device
    from kiosk.sync.client import sync

    try:
        report = sync(Device.open(Path(request["data_dir"])), request["server"],
                      cancel=stop.is_set, require_benefits=request["require_benefits"],
                      gc=request["gc"])
    except SyncError as exc:
        print(json.dumps({"error": {"type": _kind(exc), "message": exc.msg.to_json()}}))
        return 0
    print(json.dumps({"report": asdict(report)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
