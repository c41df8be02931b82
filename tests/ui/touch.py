"""Taps as the screen delivers them: to the kiosk's window (its QWindow), which finds the widget
under the finger, not straight to a widget as QTest's widget functions do. The kiosk watches
for activity and the staff gesture on its window (ui/idle.py), so a tap that skipped the window
would be no touch at all to it. A module of its own so any test can import it (a test cannot
import `conftest`)."""
from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QWindow
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

LEFT = Qt.MouseButton.LeftButton
NONE = Qt.KeyboardModifier.NoModifier


def _at(widget: QWidget, pos: QPoint | None) -> tuple[QWindow, QPoint]:
    window = widget.window()
    handle = window.windowHandle()
    assert handle is not None, "the window is not shown"
    return handle, widget.mapTo(window, pos if pos is not None else widget.rect().center())


def tap(widget: QWidget, pos: QPoint | None = None) -> None:
    """A tap on `widget` at `pos` (its centre by default), through the window."""
    handle, at = _at(widget, pos)
    QTest.mouseClick(handle, LEFT, NONE, at)


def press(widget: QWidget, pos: QPoint | None = None) -> None:
    handle, at = _at(widget, pos)
    QTest.mousePress(handle, LEFT, NONE, at)


def release(widget: QWidget, pos: QPoint | None = None) -> None:
    handle, at = _at(widget, pos)
    QTest.mouseRelease(handle, LEFT, NONE, at)
