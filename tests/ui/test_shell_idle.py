"""The idle reset: after a visitor walks away, nothing of their visit survives."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from touch import tap

from ui import navigation

SECRET = "secret-4711"  # what the last visitor typed (QTest types Latin keys only)


def walk_in_deep(ui, shell, ctx, qtbot) -> None:
    """Start a visit in English, go several screens deep, type a search, tick a document."""
    qtbot.mouseClick(shell.current, Qt.MouseButton.LeftButton)
    ui.click(shell, "start-lang-en")
    ui.click(shell, "start-audience-employer")
    ui.click(shell, "topbar-large-text")
    shell.go("probe", {"id": "x"})
    field = ui.find(shell, "probe-field")
    qtbot.keyClicks(field, SECRET)
    ui.click(shell, "probe-next")
    ctx.visit.ticks["sickness-claim"] = {"national-id", "nssf-card"}
    ctx.visit.extra["answers"] = {"age": 30}
    if "search" in navigation.SCREENS and _exists("search"):
        shell.go("search", {"text": SECRET})
        for edit in shell.current.findChildren(QLineEdit):
            edit.setText(SECRET)
    assert ctx.visit.search_text == SECRET and ctx.locale == "en" and shell.history


def _exists(name: str) -> bool:
    try:
        navigation.screen_class(name)
    except ModuleNotFoundError:
        return False
    return True


def test_idle_warning_then_reset_forgets_the_whole_visit(shell, ui, ctx, qtbot, probe_screens) -> None:
    walk_in_deep(ui, shell, ctx, qtbot)
    old_visit = ctx.visit
    shell.clock.idle_ms, shell.clock.warning_ms = 150, 300
    shell.clock.start()
    qtbot.waitUntil(shell.overlay.isVisible, timeout=2000)
    assert ui.find(shell, "idle-title").text() == "Are you still there?"
    assert "seconds" in ui.find(shell, "idle-countdown").text()
    qtbot.waitUntil(lambda: shell.current_name == "attract", timeout=2000)

    assert not shell.overlay.isVisible()
    assert ctx.visit is not old_visit
    assert ctx.visit.search_text == "" and not ctx.visit.ticks and not ctx.visit.extra
    assert ctx.visit.audience is None
    assert ctx.locale == "km" and not ctx.large_text
    assert shell.history == []
    assert not shell.topbar.isVisible()
    assert shell.is_idle()
    for name, screen in shell.screens.items():
        assert screen.params == {}, name
        leftovers = [t for t in ui.texts(screen) if "secret-4711" in t]
        assert not leftovers, f"screen {name} still shows the last visitor's text: {leftovers}"


def test_im_here_cancels_the_reset(shell, ui, ctx, qtbot, probe_screens) -> None:
    walk_in_deep(ui, shell, ctx, qtbot)
    visit, where = ctx.visit, (shell.current_name, shell.current_params)
    shell.clock.idle_ms, shell.clock.warning_ms = 100, 600
    shell.clock.start()
    qtbot.waitUntil(shell.overlay.isVisible, timeout=2000)
    shell.clock.idle_ms = 5000  # the visitor carries on after this
    ui.click(shell, "idle-here")
    assert not shell.overlay.isVisible()
    qtbot.wait(800)  # longer than the warning was
    assert ctx.visit is visit and ctx.locale == "en"
    assert (shell.current_name, shell.current_params) == where


def test_touches_keep_the_visit_alive(shell, ui, ctx, qtbot) -> None:
    qtbot.mouseClick(shell.current, Qt.MouseButton.LeftButton)
    shell.clock.idle_ms, shell.clock.warning_ms = 300, 300
    shell.clock.start()
    for _ in range(6):  # 6 x 100 ms of tapping: longer than the idle time, never idle
        qtbot.wait(100)
        tap(ui.find(shell, "start-language-title"))
    assert not shell.overlay.isVisible()
    assert shell.current_name == "start"


def test_attract_loop_does_not_count_down(shell, qtbot) -> None:
    shell.clock.idle_ms, shell.clock.warning_ms = 50, 50
    qtbot.wait(200)
    assert shell.current_name == "attract" and not shell.overlay.isVisible()


def test_the_staff_panel_locks_again_on_idle(shell, ui, qtbot, staff_pin) -> None:
    shell.go("staff")
    for digit in staff_pin:
        ui.click(shell, f"pin-digit-{digit}")
    ui.click(shell, "pin-ok")
    qtbot.waitUntil(lambda: shell.current.unlocked, timeout=10_000)  # checked off the GUI thread
    shell.clock.idle_ms, shell.clock.warning_ms = 50, 50
    shell.clock.start()
    qtbot.waitUntil(lambda: shell.current_name == "attract", timeout=2000)
    shell.go("staff")
    assert not shell.current.unlocked
    assert ui.find(shell, "pin-digit-1").isVisible()
