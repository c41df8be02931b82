"""The kiosk app's side of the counts: the heartbeat after every sync, uploads when due, the
screen's last paint, and errors counted for the heartbeat.

All the work runs off the GUI thread (ui/tasks.run_task); an upload that fails (offline, a
refused key) is one log line, and the outbox keeps its days for the next try.
"""
from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer

from kiosk.device import Device
from ui.context import AppContext
from ui.tasks import run_task

log = logging.getLogger(__name__)

CHECK_EVERY_MS = 15 * 60 * 1000  # is an upload due? (upload_interval_min decides)


class PaintNoter(QObject):
    """Notes that the window painted (an update request reached it): cheap, once an hour to disk."""

    def __init__(self, ctx: AppContext, parent: QObject) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.UpdateRequest, QEvent.Type.Expose, QEvent.Type.Paint):
            self.ctx.counts.painted()
        return False


class ErrorCounter(logging.Handler):
    """Counts ERROR records by logger name into the outbox, for the next heartbeat."""

    def __init__(self, device: Device) -> None:
        super().__init__(logging.ERROR)
        self.device = device
        self._inside = False

    def emit(self, record: logging.LogRecord) -> None:
        if self._inside:  # counting itself failed and logged: do not count that
            return
        self._inside = True
        try:
            from kiosk.counts.outbox import Outbox

            with Outbox.of(self.device.root) as outbox:
                outbox.count_error(record.name)
        except Exception:  # noqa: BLE001 - never let the counting of errors raise one
            pass
        finally:
            self._inside = False


def beat_and_upload(device: Device, after_sync: bool) -> str:
    """Off the GUI thread: a heartbeat after a sync, and an upload if one is due."""
    from kiosk.counts import upload

    if after_sync:
        upload.after_sync(device)
    if not upload.due(device):
        return "not due"
    report = upload.upload(device)
    return f"uploaded {report.objects} objects ({report.bytes} bytes) to {report.target}"


class CountsHooks(QObject):
    def __init__(self, ctx: AppContext, parent: QObject) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.running = False
        self.timer = QTimer(self, interval=CHECK_EVERY_MS)
        self.timer.timeout.connect(lambda: self.run(after_sync=False))

    def run(self, after_sync: bool) -> None:
        if self.running:
            return
        self.running = True
        run_task(lambda: beat_and_upload(self.ctx.device, after_sync), self._done, self._failed)

    def _done(self, message: str) -> None:
        self.running = False
        log.info("counts: %s", message)

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        log.warning("counts: %s", getattr(exc, "en", None) or exc)


def install(ctx: AppContext, shell: Any) -> CountsHooks:
    """Wire the counts into the running kiosk (ui/app.py calls this once the first screen is up)."""
    hooks = CountsHooks(ctx, shell)
    noter = PaintNoter(ctx, shell)
    shell.installEventFilter(noter)
    if shell.windowHandle() is not None:
        shell.windowHandle().installEventFilter(noter)
    root = logging.getLogger()
    if not any(isinstance(h, ErrorCounter) for h in root.handlers):
        root.addHandler(ErrorCounter(ctx.device))
    runner = getattr(ctx, "sync_runner", None)
    if runner is not None:
        runner.finished.connect(lambda _result: hooks.run(after_sync=True))
    hooks.timer.start()
    return hooks
