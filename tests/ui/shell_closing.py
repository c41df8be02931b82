"""How a test closes a kiosk window it opened (the `shell` fixture's way, for the tests that open
windows of their own): background work (a print job) finishes and reports while its screen still
exists, then the kiosk may close and its timers stop. A module of its own because a test cannot
import `conftest` (the whole suite finds tests/core's first)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from ui.shell import Shell


def close_shell(shell: Shell) -> None:
    from ui.tasks import wait_for_tasks

    wait_for_tasks(30_000)
    QApplication.processEvents()
    shell.leave_kiosk = True
    shell.watcher.stop()
    shell.clock.stop()
