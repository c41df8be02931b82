"""The app side of sync: the runner syncs off the GUI thread and swaps content in only when the
kiosk is idle; the staff panel's sync block shows the state and starts a sync."""
from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QObject, Signal

from kiosk.sync.sample import SampleWorld
from ui.context import AppContext
from ui.staff.panel import StaffPanel
from ui.sync_runner import SyncRunner

if TYPE_CHECKING:
    from conftest import Kiosk, RepoServer


class FakeShell(QObject):
    became_idle = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.idle = False

    def is_idle(self) -> bool:
        return self.idle


@pytest.fixture()
def ctx(kiosk: Kiosk, server: RepoServer, qtbot) -> AppContext:
    kiosk.device.settings.server_url = server.url
    kiosk.device.settings.trusted_root = str(kiosk.root_file)  # this test office's root
    kiosk.device.save_settings()
    context = AppContext(kiosk.device)
    context.set_locale("en")
    return context


class SyncBlock:
    """The staff panel's sync block, unlocked, driven by the app's runner (`ctx.sync_runner`)."""

    def __init__(self, ctx: AppContext, runner: SyncRunner, qtbot) -> None:
        ctx.sync_runner = runner
        self.panel = StaffPanel(ctx)
        qtbot.addWidget(self.panel)
        self.panel.unlocked = True  # as after the PIN
        self.panel.enter({})

    def card(self):
        return next(c for c in self.panel.overview.blocks.shown() if c.property("block") == "sync")

    @property
    def button(self):
        return next(b for b in self.card().actions.shown()
                    if b.objectName() == "staff-action-sync-now")

    def lines(self) -> str:
        return self.card().lines.text()

    def warning(self) -> str:
        card = self.card()
        return card.warning.text() if card.warning.isVisibleTo(card) else ""

    def refresh(self) -> None:
        self.panel.render()


def wait_done(qtbot, runner: SyncRunner) -> None:
    qtbot.waitUntil(lambda: not runner.running, timeout=15000)


def test_new_content_waits_for_idle(ctx: AppContext, world: SampleWorld, qtbot) -> None:
    shell = FakeShell()
    runner = SyncRunner(ctx, shell=shell, require_benefits=False)
    world.edit(3)
    world.publish()
    changed = []
    ctx.content_changed.connect(lambda: changed.append(1))
    with qtbot.waitSignal(runner.finished, timeout=15000):
        assert runner.sync_now()
    assert runner.pending == 2 and ctx.library.meta.content_version == 1  # a visitor is there
    assert ctx.device.sync_state().pending_version == 2
    assert changed == []
    shell.idle = True
    with qtbot.waitSignal(runner.swapped, timeout=5000) as swapped:
        shell.became_idle.emit()
    assert swapped.args == [2] and ctx.library.meta.content_version == 2 and changed == [1]
    assert runner.pending is None and ctx.device.sync_state().pending_version == 0


def test_idle_callable_without_a_signal(ctx: AppContext, world: SampleWorld, qtbot) -> None:
    idle = {"now": False}
    runner = SyncRunner(ctx, is_idle=lambda: idle["now"], require_benefits=False)
    runner._poll.setInterval(50)
    world.edit(1)
    world.publish()
    with qtbot.waitSignal(runner.finished, timeout=15000):
        runner.sync_now()
    assert ctx.library.meta.content_version == 1
    idle["now"] = True
    with qtbot.waitSignal(runner.swapped, timeout=5000):
        pass
    assert ctx.library.meta.content_version == 2


def test_a_failed_sync_changes_nothing_and_says_why(ctx: AppContext, world: SampleWorld,
                                                    server: RepoServer, qtbot) -> None:
    shell = FakeShell()
    shell.idle = True
    runner = SyncRunner(ctx, shell=shell, require_benefits=False)
    section = SyncBlock(ctx, runner, qtbot)
    world.edit(2)
    world.publish()
    server.faults.add(r"snapshot\.json$", "500")
    with qtbot.waitSignal(runner.finished, timeout=15000) as done:
        section.button.click()
    assert isinstance(done.args[0], Exception)
    assert ctx.library.meta.content_version == 1 and runner.pending is None
    assert "The last sync failed. What it said, for NSSF IT:" in section.warning()
    assert "HTTP 500" in section.warning()
    assert ", failed" in section.lines()
    server.faults.clear()
    with qtbot.waitSignal(runner.swapped, timeout=15000):
        section.button.click()
    assert ctx.library.meta.content_version == 2
    assert "Version 2, built" in section.panel.overview.blocks.shown()[1].lines.text()
    assert section.warning() == ""
    assert ", updated to version 2" in section.lines()


def test_section_in_khmer_and_while_running(ctx: AppContext, world: SampleWorld, qtbot) -> None:
    runner = SyncRunner(ctx, require_benefits=False)
    section = SyncBlock(ctx, runner, qtbot)
    assert section.button.isEnabled()
    with qtbot.waitSignal(runner.finished, timeout=15000):
        section.button.click()
        assert not section.button.isEnabled()  # one sync at a time
        assert section.button.text() == "Syncing…"
    assert section.button.isEnabled()
    ctx.set_locale("km")
    section.refresh()
    assert "ទាន់សម័យរួចហើយ" in section.lines()  # "already up to date", in Khmer words
    assert re.search("ទិន្នន័យដែលវាបានទាញយក៖ [០-៩]", section.lines())  # and Khmer digits
    assert section.button.text() == "ធ្វើបច្ចុប្បន្នភាពឥឡូវនេះ"


def test_no_server_set(ctx: AppContext, qtbot) -> None:
    ctx.device.settings.server_url = ""
    runner = SyncRunner(ctx, require_benefits=False)
    section = SyncBlock(ctx, runner, qtbot)
    assert not runner.sync_now()
    section.refresh()
    assert "Ask NSSF IT to set the sync server" in section.warning()
    assert "No sync server is set." in section.lines() and not section.button.isEnabled()


def test_timer_starts_syncs(ctx: AppContext, world: SampleWorld, qtbot) -> None:
    runner = SyncRunner(ctx, is_idle=lambda: True, require_benefits=False)
    world.edit(4)
    world.publish()
    with qtbot.waitSignal(runner.swapped, timeout=15000):
        runner.start(first_delay_ms=10)
    assert runner._timer.interval() == ctx.device.settings.sync_interval_min * 60_000
    runner.stop()
    assert ctx.library.meta.content_version == 2


def test_bundle_synced_by_the_cli_is_picked_up(ctx: AppContext, kiosk: Kiosk, world: SampleWorld,
                                               qtbot, tmp_path: Path) -> None:
    world.edit(5)
    world.publish()
    kiosk.sync()  # e.g. `kiosk sync` from a shell while the app runs
    assert ctx.library.meta.content_version == 1
    runner = SyncRunner(ctx, is_idle=lambda: True, require_benefits=False)
    with qtbot.waitSignal(runner.swapped, timeout=5000):
        runner.start(first_delay_ms=60_000)
    runner.stop()
    assert ctx.library.meta.content_version == 2


def test_the_panel_says_a_sync_is_in_progress_and_since_when(ctx: AppContext, qtbot) -> None:
    """A sync holding the data dir (here the real lock, as a `kiosk sync` from a shell holds
    it): the staff panel says so, and stops saying it when the lock is released."""
    from kiosk.sync.layout import SyncPaths
    from kiosk.sync.running import exclusive

    section = SyncBlock(ctx, SyncRunner(ctx, require_benefits=False), qtbot)
    with exclusive(SyncPaths(ctx.device.root), "2026-11-26T09:30:00Z"):
        section.refresh()
        assert "Sync in progress since 26 November 2026" in section.lines()
        assert not section.button.isEnabled()  # one sync at a time, the CLI's included
    section.refresh()
    assert "Sync in progress" not in section.lines() and section.button.isEnabled()


def test_the_panel_says_the_content_was_damaged_and_what_shows(ctx: AppContext) -> None:
    from kiosk.pages.staff.panel import panel_page
    from kiosk.pages.staff.state import read_state

    def warnings(locale: str) -> tuple[str, ...]:
        page = panel_page(read_state(ctx.device, ctx.library), locale)
        assert page.block("content").warning in (page.warnings + ("",))
        return page.warnings

    assert not any("damaged" in line for line in warnings("en"))
    ctx.device.note_content("the current content (version 2) was damaged: ...", "previous")
    assert any("shows the previous content until the next sync repairs it" in line
               for line in warnings("en"))
    assert any("ខូច" in line for line in warnings("km"))  # "damaged", in Khmer
