"""Who is touching the kiosk, and for how long nobody has.

`InputWatcher` is an event filter on the kiosk's window (its QWindow, where the platform
delivers every press, touch, key and wheel before a widget gets it): each is activity, and a
long press in the window's top-left corner is the staff gesture. Not a filter on the whole
application: that called into Python for every event of every widget, paints and layouts
included (about 7% of a language switch's CPU time). `IdleClock` turns the lack of activity
into two moments: warn (show "Are you still there?") and expire (reset the visit). Intervals
are plain numbers or callables, so tests run in milliseconds and a changed idle timeout in the
staff panel applies from the next touch.
"""
from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QPoint, QTimer, Signal
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QAbstractButton, QWidget

ACTIVITY_EVENTS = frozenset({
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick, QEvent.Type.TouchBegin,
    QEvent.Type.KeyPress, QEvent.Type.Wheel, QEvent.Type.TabletPress,
})
Interval = int | Callable[[], int]


def _ms(value: Interval) -> int:
    return max(1, int(value() if callable(value) else value))


class InputWatcher(QObject):
    activity = Signal()
    corner_held = Signal()  # the hidden staff gesture

    def __init__(self, window: QWidget, hold_ms: Interval = 2000, corner_px: int = 96) -> None:
        super().__init__(window)
        self.window = window
        self.corner_px = corner_px
        self._hold = QTimer(self, singleShot=True)
        self._hold_ms = hold_ms
        self._hold.timeout.connect(self._held)
        self._grabbed: QAbstractButton | None = None
        self._handle: QWindow | None = None  # the window's QWindow, filtered

    def start(self) -> None:
        self.window.installEventFilter(self)  # the widget's own events: Show, WinIdChange
        self._watch_handle()

    def stop(self) -> None:
        self.window.removeEventFilter(self)
        if self._handle is not None:
            self._handle.removeEventFilter(self)
            self._handle = None
        self._hold.stop()

    def _watch_handle(self) -> None:
        """Filter the window's QWindow; it exists once the window is shown, and Qt makes a new
        one when window flags change (WinIdChange)."""
        handle = self.window.windowHandle()
        if handle is self._handle:
            return
        if self._handle is not None:
            self._handle.removeEventFilter(self)
        self._handle = handle
        if handle is not None:
            handle.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if watched is self.window:
            if kind in (QEvent.Type.Show, QEvent.Type.WinIdChange):
                self._watch_handle()
            return False
        if not event.isInputEvent():
            return False
        if kind in ACTIVITY_EVENTS:
            self.activity.emit()
            if kind == QEvent.Type.MouseButtonPress:
                self._maybe_start_hold(event)
        elif kind in (QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd,
                      QEvent.Type.TouchCancel):
            self._hold.stop()
        return False

    def _maybe_start_hold(self, event: QEvent) -> None:
        at = event.position().toPoint()  # in the window's coordinates: the QWindow's are its
        if 0 <= at.x() < self.corner_px and 0 <= at.y() < self.corner_px:
            self._grabbed = self._button_at(at)
            self._hold.start(_ms(self._hold_ms))

    def _button_at(self, at: QPoint) -> QAbstractButton | None:
        """The button a press at `at` lands on (a button's labels let presses through)."""
        widget = self.window.childAt(at)
        while widget is not None and not isinstance(widget, QAbstractButton):
            widget = widget.parentWidget()
        return widget

    def _held(self) -> None:
        # The finger is still on whatever sits in the corner (often the Back button): release
        # it, so lifting the finger does not also click it.
        if self._grabbed is not None:
            self._grabbed.setDown(False)
            self._grabbed = None
        self.corner_held.emit()


class IdleClock(QObject):
    warn = Signal(int)  # seconds left before the reset
    tick = Signal(int)  # seconds left, while warning
    expired = Signal()

    def __init__(self, idle_ms: Interval, warning_ms: Interval, parent: QObject | None = None,
                 tick_ms: int = 250) -> None:
        super().__init__(parent)
        self.idle_ms, self.warning_ms = idle_ms, warning_ms
        self._idle = QTimer(self, singleShot=True)
        self._idle.timeout.connect(self._warn)
        self._warning = QTimer(self, singleShot=True)
        self._warning.timeout.connect(self._expire)
        self._tick = QTimer(self, interval=tick_ms)
        self._tick.timeout.connect(self._on_tick)
        self._since = QElapsedTimer()
        self._running = False

    @property
    def warning(self) -> bool:
        return self._warning.isActive()

    def start(self) -> None:
        """Count from now (a visitor is there)."""
        self._running = True
        self._stop_warning()
        self._idle.start(_ms(self.idle_ms))

    def stop(self) -> None:
        """Nobody to wait for (the attract loop is showing)."""
        self._running = False
        self._idle.stop()
        self._stop_warning()

    def poke(self) -> None:
        """Activity: start counting again, unless the visitor must answer the warning first."""
        if self._running and not self.warning:
            self._idle.start(_ms(self.idle_ms))

    def seconds_left(self) -> int:
        return max(0, math.ceil(self._warning.remainingTime() / 1000))

    def _warn(self) -> None:
        self._warning.start(_ms(self.warning_ms))
        self._tick.start()
        self.warn.emit(self.seconds_left())

    def _on_tick(self) -> None:
        if self.warning:
            self.tick.emit(self.seconds_left())

    def _stop_warning(self) -> None:
        self._warning.stop()
        self._tick.stop()

    def _expire(self) -> None:
        self._tick.stop()
        self._running = False
        self.expired.emit()
