"""The one way to run core work off the GUI thread (as Anki's QueryOp): run `fn` on the thread
pool, then hand its result, or its exception, back to a callback on the GUI thread."""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.fn, self.relay = fn, relay

    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread, never lost
            self.relay.failed.emit(exc)
        else:
            self.relay.done.emit(result)


_live: set[_Relay] = set()  # keep relays alive until their job reports


def run_task(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    pool: QThreadPool | None = None,
) -> None:
    relay = _Relay()
    _live.add(relay)

    def finish(result: Any) -> None:
        _live.discard(relay)
        if on_done:
            on_done(result)

    def fail(exc: BaseException) -> None:
        _live.discard(relay)
        if on_error:
            on_error(exc)
        else:
            log.error("background task failed", exc_info=exc)

    relay.done.connect(finish)
    relay.failed.connect(fail)
    (pool or QThreadPool.globalInstance()).start(_Job(fn, relay))


def wait_for_tasks(timeout_ms: int = 30000, pool: QThreadPool | None = None) -> bool:
    """Block until the pool is idle (tests and shutdown)."""
    return (pool or QThreadPool.globalInstance()).waitForDone(timeout_ms)
