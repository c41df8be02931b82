"""The attract loop: both languages at once, a loop of the content's lines, any touch starts."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from ui.screens.attract import AttractScreen


def test_shows_khmer_and_english_at_once_and_touch_to_start(shell, ui, ctx) -> None:
    attract = shell.current
    assert isinstance(attract, AttractScreen)
    assert not shell.topbar.isVisible()
    shown = ui.texts(attract)
    assert "ប៉ះដើម្បីចាប់ផ្តើម" in shown and "Touch to start" in shown
    first = attract.slides[0]
    assert ui.find(attract, "attract-km").text() == first.km
    assert ui.find(attract, "attract-en").text() == first.en
    messages = ctx.library.messages()
    if messages:  # the loop is the content's own lines, Khmer beside English
        assert (first.km, first.en) == (messages[0].text.km, messages[0].text.en)
    expected = len(messages) + len(ctx.library.stories())
    assert len(attract.slides) == max(1, expected)


def test_the_loop_moves_on_and_wraps(shell, qtbot) -> None:
    attract = shell.current
    attract.timer.setInterval(20)
    attract.timer.start()
    count = len(attract.slides)
    seen = set()
    qtbot.waitUntil(lambda: seen.add(attract.en.text()) or len(seen) == count, timeout=3000)
    attract.index = count - 1
    attract.next_slide()
    assert attract.index == 0


def test_any_touch_or_key_starts_a_visit(shell, qtbot) -> None:
    qtbot.mouseClick(shell.current.km, Qt.MouseButton.LeftButton)  # on a line of text
    assert shell.current_name == "start"
    shell.reset_visit()
    QTest.keyClick(shell.current, Qt.Key.Key_Space)
    assert shell.current_name == "start"


def test_the_loop_only_runs_while_shown(shell, qtbot) -> None:
    attract = shell.current
    assert attract.timer.isActive()
    qtbot.mouseClick(attract, Qt.MouseButton.LeftButton)
    assert not attract.timer.isActive()
    shell.reset_visit()
    assert attract.timer.isActive() and attract.index == 0
