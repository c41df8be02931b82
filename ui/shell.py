"""The kiosk window: one stack of screens, a back stack, the top bar, the idle reset, the staff
gesture, and the one place errors reach a visitor.

Screens are made on their first visit (from `navigation.SCREENS`) and kept. Every time one is
shown it is entered again with its parameters, so it always renders from `ctx` in the current
language: a language switch re-renders the screen in place, and an idle reset only has to call
every screen's `reset()` and start a new `Visit`.

Nothing a screen does wrong reaches a visitor as a stack trace: a `KioskError` is shown by
`show_error` (a translated banner), anything else is logged with its traceback and the kiosk goes
back to the attract loop with a fresh visit.
"""
from __future__ import annotations

import logging
import sys
from functools import partial
from types import TracebackType
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QCursor, QGuiApplication, QInputDevice
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QStackedWidget, QVBoxLayout, QWidget

from kiosk.errors import KioskError
from ui import navigation
from ui.context import AppContext
from ui.idle import IdleClock, InputWatcher, Interval
from ui.privacy import forget_buffers
from ui.screens.base import Screen
from ui.style import applied_large_text, apply_style
from ui.widgets.banner import ErrorBanner
from ui.widgets.overlay import IdleOverlay
from ui.widgets.topbar import TopBar

log = logging.getLogger(__name__)

STAFF_SCREEN = "staff"
NO_TOP_BAR = frozenset({navigation.IDLE_SCREEN})


def has_touch_screen() -> bool:
    return any(d.type() == QInputDevice.DeviceType.TouchScreen for d in QInputDevice.devices())


class Shell(QWidget):
    became_idle = Signal()  # the attract loop is showing: a safe moment to swap content
    screen_shown = Signal(str)

    def __init__(self, ctx: AppContext, *, idle_ms: Interval | None = None,
                 warning_ms: Interval | None = None, hold_ms: Interval = 2000,
                 hide_cursor: bool | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName("shell")
        self.setWindowTitle("NSSF")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.screens: dict[str, Screen] = {}
        self.history: list[tuple[str, dict[str, Any]]] = []
        self.current_name = ""
        self.current_params: dict[str, Any] = {}
        self.leave_kiosk = False  # set by the staff panel: only then may the window close
        self._resetting = False
        self._recovering = False

        self.topbar = TopBar(self)
        self.banner = ErrorBanner(self)
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("stack")
        # A stack is as tall as its tallest screen, even a hidden one; one screen that does
        # not fit (large text) must never make the window taller than the display.
        self.stack.setMinimumSize(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.topbar)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)
        self.overlay = IdleOverlay(self)

        self.topbar.back_clicked.connect(self.back)
        self.topbar.home_clicked.connect(self.home)
        self.topbar.locale_chosen.connect(self.ctx.set_locale)
        self.topbar.large_text_toggled.connect(self.set_large_text)
        self.ctx.locale_changed.connect(self._on_locale_changed)
        self.ctx.content_changed.connect(self._on_content_changed)
        self.ctx.visit_done.connect(self.forget_buffers)

        settings = ctx.device.settings
        self.clock = IdleClock(
            idle_ms if idle_ms is not None else (lambda: settings.idle_timeout_s * 1000),
            warning_ms if warning_ms is not None else (lambda: settings.idle_warning_s * 1000),
            self)
        self.clock.warn.connect(self._show_idle_warning)
        self.clock.tick.connect(self.overlay.set_seconds)
        self.clock.expired.connect(self.reset_visit)
        self.overlay.stay.connect(self._stay)
        self.watcher = InputWatcher(self, hold_ms)
        self.watcher.activity.connect(self.clock.poke)
        self.watcher.corner_held.connect(self.open_staff)
        self.watcher.start()

        if hide_cursor if hide_cursor is not None else has_touch_screen():
            QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.BlankCursor))
        self.topbar.retranslate(self.ctx.tr)
        self.go(navigation.IDLE_SCREEN)

    # --- screens -------------------------------------------------------------------------
    @property
    def current(self) -> Screen | None:
        return self.screens.get(self.current_name)

    def screen(self, name: str) -> Screen:
        """The screen called `name`, made on first use."""
        if name not in self.screens:
            screen = navigation.screen_class(name)(self.ctx)
            screen.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)  # its QSS background
            screen.go.connect(partial(self._from_screen, screen, self.go))
            screen.back.connect(partial(self._from_screen, screen, self.back))
            screen.home.connect(partial(self._from_screen, screen, self.home))
            leave = getattr(screen, "leave_kiosk", None)  # the staff panel's "leave kiosk mode"
            if leave is not None:
                leave.connect(self.leave_kiosk_mode)
            self.stack.addWidget(screen)
            self.screens[name] = screen
        return self.screens[name]

    def _from_screen(self, screen: Screen, action: Any, *args: Any) -> None:
        # A screen that is no longer showing (a finger lifted after the staff gesture, a late
        # timer) cannot move the visitor.
        if screen is self.current:
            action(*args)
        else:
            log.info("ignored navigation from hidden screen %s", screen.objectName())

    # --- navigation ----------------------------------------------------------------------
    def go(self, name: str, params: dict[str, Any] | None = None) -> None:
        if name == navigation.IDLE_SCREEN and self.current_name:
            self.reset_visit()
            return
        params = params or {}
        previous = (self.current_name, self.current_params)
        history = None
        if previous[0] not in ("", navigation.IDLE_SCREEN) and previous != (name, params):
            history = [*self.history, previous]
        self._show(name, params, history)

    def back(self) -> None:
        if self.history:
            name, params = self.history[-1]
            self._show(name, params, self.history[:-1])
        elif self.current_name not in (navigation.HOME_SCREEN, navigation.FIRST_SCREEN):
            self.home()

    def home(self) -> None:
        # Back from home returns to the choice of language and audience
        self._show(navigation.HOME_SCREEN, {}, [(navigation.FIRST_SCREEN, {})])

    def open_staff(self) -> None:
        if self.current_name != STAFF_SCREEN and not self.overlay.isVisible():
            self.go(STAFF_SCREEN)

    def _show(self, name: str, params: dict[str, Any],
              history: list[tuple[str, dict[str, Any]]] | None = None) -> bool:
        """Enter and show screen `name` (and then take `history` as the back stack, if given);
        False, staying where we are, if it could not be."""
        if name not in navigation.SCREENS:
            log.error("no screen named %r", name)
            return False
        try:
            screen = self.screen(name)
            screen.enter(dict(params))
        except KioskError as exc:
            self.show_error(exc)
            return False
        except Exception as exc:  # noqa: BLE001 - a bug: log it and start again
            self.recover(exc)
            return False
        self.topbar.speaker.stop()
        self.current_name, self.current_params = name, dict(params)
        self.stack.setCurrentWidget(screen)
        self.topbar.setVisible(name not in NO_TOP_BAR)
        if history is not None:
            self.history = history
        self._update_topbar()
        self.ctx.log_step(name, "view", params.get("id"))  # the record shown, for the counts
        if name == navigation.IDLE_SCREEN:
            self.clock.stop()
            self.became_idle.emit()
        else:
            self.clock.start()
        self.screen_shown.emit(name)
        return True

    def _update_topbar(self) -> None:
        self.topbar.set_state(locale=self.ctx.locale, large_text=self.ctx.large_text,
                              can_go_back=bool(self.history))
        try:
            text = self.current.speech() if self.current is not None else None
        except Exception:  # noqa: BLE001 - no recording is better than no screen
            log.exception("speech() of screen %s failed", self.current_name)
            text = None
        self.topbar.speaker.set_text(text, self.ctx.locale)

    # --- language, text size, content ----------------------------------------------------
    def _on_locale_changed(self, locale: str) -> None:
        self.topbar.retranslate(self.ctx.tr)
        if self._resetting or self.current is None:
            return
        self.rerender()

    def rerender(self) -> None:
        """Render the current screen again in place (same screen, same params, same scroll)."""
        screen = self.current
        if screen is None:
            return
        scrolls = [area.verticalScrollBar().value()
                   for area in screen.findChildren(QAbstractScrollArea)]
        try:
            screen.render()
        except KioskError as exc:
            self.show_error(exc)
        except Exception as exc:  # noqa: BLE001
            self.recover(exc)
            return
        self._update_topbar()
        if any(scrolls):
            QTimer.singleShot(0, partial(self._restore_scrolls, screen, scrolls))

    @staticmethod
    def _restore_scrolls(screen: Screen, scrolls: list[int]) -> None:
        for area, value in zip(screen.findChildren(QAbstractScrollArea), scrolls, strict=False):
            area.verticalScrollBar().setValue(value)

    def set_large_text(self, on: bool) -> None:
        self.ctx.large_text = on
        self._apply_text_size()
        self._update_topbar()
        self.ctx.log_step(self.current_name, "large-text-on" if on else "large-text-off")

    def _apply_text_size(self) -> None:
        app = QApplication.instance()
        if applied_large_text(app) != self.ctx.large_text:
            apply_style(app, self.ctx.large_text)

    def _on_content_changed(self) -> None:
        """New content (swapped only while idle): forget every screen built on the old one."""
        for name in [n for n in self.screens if n != self.current_name]:
            screen = self.screens.pop(name)
            self.stack.removeWidget(screen)
            screen.deleteLater()
        self.rerender()

    def is_idle(self) -> bool:
        return self.current_name == navigation.IDLE_SCREEN and not self.overlay.isVisible()

    # --- the idle reset ------------------------------------------------------------------
    def _show_idle_warning(self, seconds: int) -> None:
        self.overlay.show_countdown(seconds, self.ctx.tr, self.ctx.locale)

    def _stay(self) -> None:
        self.overlay.hide()
        self.clock.start()
        self.ctx.log_step(self.current_name, "still-here")

    def reset_visit(self) -> None:
        """The visitor left: forget everything of them and go back to the attract loop."""
        self.overlay.hide()
        self.banner.hide()
        self.topbar.speaker.stop()
        if self.current_name:
            self.ctx.log_step(self.current_name, "reset")
        for name, screen in self.screens.items():
            try:
                screen.reset()
            except Exception:  # noqa: BLE001 - one broken screen must not keep the last visit
                log.exception("reset of screen %s failed", name)
        self._resetting = True
        try:
            self.ctx.new_visit()
        finally:
            self._resetting = False
        self.history.clear()
        self._apply_text_size()
        self.current_name, self.current_params = "", {}
        if not self._show(navigation.IDLE_SCREEN, {}):
            log.error("the attract screen cannot be shown")
        self.forget_buffers()

    def forget_buffers(self) -> None:
        """Undo histories, the clipboard, an input method's word: see ui/privacy.py."""
        try:
            forget_buffers(self)
        except Exception:  # noqa: BLE001 - never keeps the kiosk from its next visitor
            log.exception("forgetting the visit's buffers failed")

    # --- errors ----------------------------------------------------------------------------
    def show_error(self, exc: KioskError) -> None:
        """The one way a visitor sees a problem: its message in their language."""
        log.info("shown to visitor: %s", exc.en)
        self.banner.show_message(exc.message(self.ctx.locale), self.ctx.tr("OK"))

    def recover(self, exc: BaseException) -> None:
        """A bug: log it with its traceback, then start again from the attract loop."""
        log.error("screen %s failed", self.current_name or "?", exc_info=exc)
        if self._recovering:  # the attract screen itself failed: stay on whatever still works
            return
        self._recovering = True
        try:
            self.reset_visit()
        except Exception:  # noqa: BLE001
            log.exception("recovery failed")
        finally:
            self._recovering = False

    def handle_exception(self, kind: type[BaseException], exc: BaseException,
                         tb: TracebackType | None) -> None:
        """sys.excepthook: exceptions escaping Qt slots end here instead of killing the kiosk."""
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        if isinstance(exc, KioskError):
            self.show_error(exc)
        else:
            self.recover(exc.with_traceback(tb))

    def install_excepthook(self) -> None:
        sys.excepthook = self.handle_exception

    # --- the window ------------------------------------------------------------------------
    def leave_kiosk_mode(self) -> None:
        log.warning("staff left kiosk mode")
        self.leave_kiosk = True
        self.close()
        QApplication.instance().quit()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self.leave_kiosk:
            self.watcher.stop()
            event.accept()
        else:  # Alt+F4, a window manager's close: a kiosk stays open
            event.ignore()
