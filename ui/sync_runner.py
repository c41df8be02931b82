"""Runs a sync off the GUI thread every `sync_interval_min` minutes and on demand, and switches
the new content in only while the kiosk is idle.

Each sync runs in a process of its own (kiosk.sync.process), so the libraries it needs are not
kept in the kiosk's memory all day. The sync itself (kiosk.sync.client) already replaces
`content/current.db` atomically on disk;
this app keeps reading the bundle it opened (a renamed file stays readable) until the shell says
nobody is at the screen, then `ctx.swap_library` opens the new one. A visitor never sees the
content change under their fingers.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.sync.process import sync_in_subprocess
from kiosk.sync.report import SyncReport, describe
from ui.context import AppContext
from ui.tasks import run_task

log = logging.getLogger(__name__)

IDLE_POLL_MS = 5000  # without a became_idle signal, look this often while a swap waits
FIRST_SYNC_MS = 20_000  # after start-up: let the first screen come up before any network


class SyncRunner(QObject):
    started = Signal()
    finished = Signal(object)  # SyncReport, or the exception of a failed sync
    swapped = Signal(int)  # the content version now shown
    state_changed = Signal()  # something the staff panel shows changed

    def __init__(
        self,
        ctx: AppContext,
        *,
        shell: Any = None,
        is_idle: Callable[[], bool] | None = None,
        server_url: str | None = None,
        require_benefits: bool = True,
        sync_fn: Callable[..., SyncReport] = sync_in_subprocess,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.server_url = server_url
        self.require_benefits = require_benefits
        self._sync_fn = sync_fn
        # the shell's is_idle()/became_idle when there is a shell; else the callable given
        self._is_idle = is_idle or getattr(shell, "is_idle", None) or (lambda: True)
        became_idle = getattr(shell, "became_idle", None)
        if became_idle is not None:
            became_idle.connect(self._swap_if_pending)
        self._poll = QTimer(self, interval=IDLE_POLL_MS)
        self._poll.timeout.connect(self._swap_if_pending)
        self._poll_needed = became_idle is None
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.sync_now)
        self._cancel = threading.Event()
        self.running = False
        self.pending: int | None = None  # a version on disk that waits for an idle moment
        self.last_message = ""

    # --- schedule ----------------------------------------------------------------------------
    @property
    def server(self) -> str:
        return self.server_url or self.ctx.device.settings.server_url

    def start(self, first_delay_ms: int = FIRST_SYNC_MS) -> None:
        """Sync every `sync_interval_min` minutes, the first time after `first_delay_ms`."""
        minutes = max(1, int(self.ctx.device.settings.sync_interval_min or 60))
        self._timer.start(minutes * 60_000)
        QTimer.singleShot(first_delay_ms, self._scheduled)
        self._check_disk()

    def stop(self) -> None:
        """Stop the schedule and ask a running sync to give up at its next chunk."""
        self._timer.stop()
        self._poll.stop()
        self._cancel.set()

    def _scheduled(self) -> None:
        if self._timer.isActive() and self.server:
            self.sync_now()

    # --- one sync ----------------------------------------------------------------------------
    def sync_now(self) -> bool:
        """Start a sync unless one runs; False if none was started."""
        if self.running:
            return False
        server = self.server
        if not server:
            self.last_message = "no sync server is set (setting server_url)"
            self.state_changed.emit()
            return False
        self.running = True
        self._cancel.clear()
        device, cancel = self.ctx.device, self._cancel.is_set
        # while a swap waits, the cache must keep what the shown content came from
        gc = self.pending is None

        def work() -> SyncReport:
            return self._sync_fn(device, server, cancel=cancel,
                                 require_benefits=self.require_benefits, gc=gc)

        self.started.emit()
        self.state_changed.emit()
        run_task(work, self._done, self._failed)
        return True

    def _done(self, report: SyncReport) -> None:
        self.running = False
        self.last_message = report.message
        if report.updated:
            self._set_pending(report.version)
            self._swap_if_pending()
        self.finished.emit(report)
        self.state_changed.emit()

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        self.last_message = describe(exc)
        log.warning("sync failed: %s", self.last_message)
        self.finished.emit(exc)
        self.state_changed.emit()

    # --- the swap ----------------------------------------------------------------------------
    def _check_disk(self) -> None:
        """A bundle newer than the one open (synced from the CLI, or before a restart)."""
        from kiosk.sync.apply import bundle_state

        on_disk = bundle_state(self.ctx.device.bundle_path)
        if on_disk and on_disk.content_hash != self.ctx.library.meta.content_hash:
            self._set_pending(on_disk.version)
            self._swap_if_pending()
        elif self.ctx.device.sync_state().pending_version:
            self._set_pending(None)

    def _set_pending(self, version: int | None) -> None:
        self.pending = version
        state = self.ctx.device.sync_state()
        state.pending_version = version or 0
        try:
            self.ctx.device.save_sync_state(state)
        except OSError:
            log.exception("cannot record the pending version")
        if version is not None and self._poll_needed:
            self._poll.start()

    def content_swapped(self) -> None:
        """The content shown was switched outside a sync (the staff panel's rollback): a
        bundle this runner was waiting to show is not on disk any more."""
        self._poll.stop()
        self._set_pending(None)
        self.state_changed.emit()

    def _swap_if_pending(self) -> None:
        # any instant is safe on disk (the sync switches bundles with one rename); only the
        # visitor decides when
        if self.pending is None or not self._is_idle():
            return
        try:
            self.ctx.swap_library(self.ctx.device.bundle_path)
        except Exception:  # keep showing the old content; try at the next idle
            log.exception("cannot open the new content")
            return
        self._poll.stop()
        version = self.ctx.library.meta.content_version
        self._set_pending(None)
        self.swapped.emit(version)
        self.state_changed.emit()
