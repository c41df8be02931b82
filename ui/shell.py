"""The kiosk window: one stack of screens, a back stack, the top bar, the idle reset, the staff
gesture, and the one place errors reach a visitor.

Screens are made on their first visit (from `navigation.SCREENS`) and kept, widgets and all.
Every time one is shown it is entered again with its parameters and fills itself from a page
model in the current language; a language switch fills the same widgets again in place, and an
idle reset only has to call every screen's `reset()` and start a new `Visit`.

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
from PySide6.QtWidgets import QApplication, QScrollArea, QStackedWidget, QVBoxLayout, QWidget

from kiosk.errors import KioskError
from ui import navigation
from ui import sizing as screen_sizing
from ui.context import AppContext
from ui.idle import IdleClock, InputWatcher, Interval
from ui.privacy import forget_buffers
from ui.screens.base import Screen
from ui.sizing import Sizing, scale_layouts
from ui.style import applied_large_text, applied_scale, apply_style
from ui.widgets.banner import ErrorBanner
from ui.widgets.overlay import IdleOverlay
from ui.widgets.rows import settle_layouts
from ui.widgets.topbar import TopBar

log = logging.getLogger(__name__)

STAFF_SCREEN = "staff"
NO_TOP_BAR = frozenset({navigation.IDLE_SCREEN})
NOTHING_TO_FINISH = frozenset({navigation.FIRST_SCREEN, STAFF_SCREEN})  # no Finish there
# A pause this long after a touch or a new screen, and the screen is laid out in the other
# language (lay_out_other_language): a person reads for longer than this before the next tap.
OTHER_LANGUAGE_AFTER_MS = 250


def has_touch_screen() -> bool:
    return any(d.type() == QInputDevice.DeviceType.TouchScreen for d in QInputDevice.devices())


class Shell(QWidget):
    became_idle = Signal()  # the attract loop is showing: a safe moment to swap content
    screen_shown = Signal(str)

    def __init__(self, ctx: AppContext, *, idle_ms: Interval | None = None,
                 warning_ms: Interval | None = None, hold_ms: Interval = 2000,
                 hide_cursor: bool | None = None, sizing: Sizing | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        # Every widget of this window is built for one sizing (ui/sizing.py): the screen's,
        # worked out by the app before the window is made; by default the one in force.
        if sizing is not None:
            screen_sizing.use(sizing)
        self.sizing = screen_sizing.current()
        self._apply_text_size()
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
        self._prepare = False  # make screens ahead while idle (prepare_screens)
        self._unpreparable: set[str] = set()
        self._stale: set[str] = set()  # made on older content: to be rehearsed again (idle)
        self._rehearsals: list[Any] | None = None  # pretend visits (kiosk.pages.routes)

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
        self.topbar.finish_clicked.connect(self._finish_tapped)
        self.topbar.locale_chosen.connect(self.ctx.set_locale)
        self.topbar.large_text_toggled.connect(self.set_large_text)
        self.ctx.locale_changed.connect(self._on_locale_changed)
        self.ctx.content_changed.connect(self._on_content_changed)
        self.ctx.visit_done.connect(self.finish_visit)
        # after anything else idle does (a content swap drops the screens made on old content)
        self.became_idle.connect(lambda: QTimer.singleShot(0, self._prepare_next))

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
        self._other_language = QTimer(self, singleShot=True, interval=OTHER_LANGUAGE_AFTER_MS)
        self._other_language.timeout.connect(self.lay_out_other_language)
        self._laid_out: tuple[Any, ...] | None = None  # the page last laid out in both
        self.watcher.activity.connect(self._other_language.start)  # restarted by every touch
        self.watcher.corner_held.connect(self.open_staff)
        self.watcher.start()

        if hide_cursor if hide_cursor is not None else has_touch_screen():
            QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.BlankCursor))
        self.topbar.retranslate(self.ctx.tr)
        scale_layouts(self)
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
            screen.built()  # fitted to a compact screen (ui/screens/base.py)
            scale_layouts(screen)  # its margins and spacing, in this screen's pixels
            leave = getattr(screen, "leave_kiosk", None)  # the staff panel's "leave kiosk mode"
            if leave is not None:
                leave.connect(self.leave_kiosk_mode)
            self.stack.addWidget(screen)
            self.screens[name] = screen
        return self.screens[name]

    def prepare_screens(self) -> None:
        """Make every screen ahead (its widgets, polished), one per event-loop turn, while the
        attract loop shows, and again after new content: no visitor's first tap on a screen
        waits for it to be built. A visitor arriving stops it; what is left is made on first
        use, as it would be without this."""
        self._prepare = True
        QTimer.singleShot(0, self._prepare_next)

    def preparing(self) -> bool:
        """Screens are still to be made ahead."""
        return self._prepare and bool(self._to_prepare())

    def _to_prepare(self) -> list[str]:
        return [n for n in navigation.SCREENS
                if (n not in self.screens or n in self._stale) and n != STAFF_SCREEN
                and n not in self._unpreparable]

    def _prepare_next(self) -> None:
        pending = self._to_prepare()
        if not (self._prepare and pending and self.is_idle()):
            return
        name = pending[0]
        self._stale.discard(name)
        try:
            screen = self.screen(name)
            self._rehearse(name, screen)
            screen.ensurePolished()
        except Exception:  # it fails again, visibly, when it is opened
            log.exception("making screen %s ahead failed", name)
            self._unpreparable.add(name)
        QTimer.singleShot(0, self._prepare_next)

    def _rehearse(self, name: str, screen: Screen) -> None:
        """Fill a hidden screen with its fullest content in each language (pretend visits,
        forgotten at once): its rows are made and styled before a visitor needs them."""
        from kiosk.i18n import LOCALES
        from kiosk.pages.routes import rehearsals

        if self._rehearsals is None:
            try:
                rules = self.ctx.rules
            except KioskError:  # rules that do not load: the content screens still rehearse
                log.exception("no rules to rehearse the interview with")
                rules = None
            self._rehearsals = rehearsals(self.ctx.library, rules)
        try:
            for rehearsal in (r for r in self._rehearsals if r.route.screen == name):
                for locale in LOCALES:
                    with self.ctx.rehearsal(locale):
                        self.ctx.visit.interviews.update(rehearsal.interviews)
                        self.ctx.visit.search_text = rehearsal.search_text
                        screen.enter(dict(rehearsal.route.params))
        finally:
            screen.reset()

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
        screen = self.current
        if screen is not None and screen.step_back():  # a step of its own (a question)
            self._update_topbar()
            return
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
        if name in navigation.PRINTS_FROM and not self.ctx.rehearsing:
            from ui import print_worker  # here: not on the start path

            print_worker.prepare(self.ctx.device.settings)
        settle_layouts()  # one frame, in its final geometry
        self.topbar.setVisible(name not in NO_TOP_BAR)
        if history is not None:
            self.history = history
        self._update_topbar()
        # the record shown (or the card a screen opens at), for the counts
        self.ctx.log_step(name, "view", params.get("id") or params.get("card"))
        if name == navigation.IDLE_SCREEN:
            self.clock.stop()
            self.became_idle.emit()
        else:
            self.clock.start()
        self.screen_shown.emit(name)
        self._other_language.start()
        return True

    def _update_topbar(self) -> None:
        current = self.current
        stepping = current is not None and current.can_step_back()
        self.topbar.set_state(locale=self.ctx.locale, large_text=self.ctx.large_text,
                              can_go_back=bool(self.history) or stepping,
                              can_finish=self.current_name not in NOTHING_TO_FINISH)
        try:
            text = self.current.speech() if self.current is not None else None
        except Exception:  # no recording is better than no screen
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
        """Show the current screen again in place (same screen, same params): its widgets stay,
        so does where it was scrolled to."""
        screen = self.current
        if screen is None:
            return
        try:
            screen.render()
        except KioskError as exc:
            self.show_error(exc)
        except Exception as exc:  # noqa: BLE001
            self.recover(exc)
            return
        self._update_topbar()
        settle_layouts()
        self._other_language.start()

    def lay_out_other_language(self) -> None:
        """The screen showing (and the top bar), laid out in the other language and back while
        nobody touches it: each label then knows its height in both (ui/widgets/label_sizes.py),
        and a switch of language costs what a switch back does. Nothing is painted meanwhile,
        and where the screen was scrolled to stays. Once per page shown; a touch in the middle
        waits for it (bench/bench_taps.py reports how long that is)."""
        from kiosk.i18n import LOCALES

        screen, name = self.current, self.current_name
        if (screen is None or name not in navigation.LAID_OUT_IN_BOTH or self._resetting
                or not self.isVisible()
                or self.ctx.rehearsing or self.overlay.isVisible() or screen.page is None):
            return
        if self._shown() == self._laid_out:
            return
        other = next(locale for locale in LOCALES if locale != self.ctx.locale)
        bars = [(area.verticalScrollBar(), area.verticalScrollBar().value())
                for area in screen.findChildren(QScrollArea)]
        self.setUpdatesEnabled(False)
        try:
            with self.ctx.shown_in(other):
                self.topbar.retranslate(self.ctx.tr)
                screen.render()
                settle_layouts()
            self.topbar.retranslate(self.ctx.tr)
            screen.render()
            settle_layouts()
        except Exception:  # noqa: BLE001 - shown again in the visitor's language
            log.exception("laying %s out in %s failed", name, other)
            self.topbar.retranslate(self.ctx.tr)
            self.rerender()  # the visitor's language again, or the error screen
        finally:
            for bar, value in bars:
                bar.setValue(value)
            self.setUpdatesEnabled(True)
        self._laid_out = self._shown()

    def _shown(self) -> tuple[Any, ...]:
        """What the showing screen says, as far as laying it out goes: which page, in which
        language and text size."""
        return (self.current_name, id(self.current.page if self.current else None),
                self.ctx.locale, self.ctx.large_text)

    def set_large_text(self, on: bool) -> None:
        self.ctx.large_text = on
        self._apply_text_size()
        self._update_topbar()
        self.ctx.log_step(self.current_name, "large-text-on" if on else "large-text-off")

    def _apply_text_size(self) -> None:
        app = QApplication.instance()
        if (applied_large_text(app), applied_scale(app)) != (self.ctx.large_text,
                                                             self.sizing.scale):
            apply_style(app, self.ctx.large_text, self.sizing)

    def _on_content_changed(self) -> None:
        """New content (swapped only while idle, or by staff on the panel): the screens stay,
        widgets and all. A screen holds no content of its own, only what its last page put in
        its widgets, so each is reset (blank, as after a visit) and shows the new content when
        it is next entered; while idle, each is rehearsed again with the new content (rows
        for lists that grew). Making every screen anew after each sync, as before, cost the
        first tap on each screen its build again and grew an 8-hour soak by ~11 MiB of freed,
        scattered memory (bench/results.md)."""
        self._rehearsals = None
        for name, screen in list(self.screens.items()):
            if name == self.current_name:
                continue
            try:
                screen.reset()
            except Exception:  # it is made anew rather than kept with old words in it
                log.exception("reset of screen %s failed; making it anew", name)
                self._drop(name)
            else:
                self._stale.add(name)  # (the staff panel refreshes itself: never made ahead)
        self.rerender()
        if self._prepare:
            QTimer.singleShot(0, self._prepare_next)

    def _drop(self, name: str) -> None:
        screen = self.screens.pop(name)
        self.stack.removeWidget(screen)
        screen.deleteLater()

    def is_idle(self) -> bool:
        return self.current_name == navigation.IDLE_SCREEN and not self.overlay.isVisible()

    # --- the idle reset ------------------------------------------------------------------
    def _show_idle_warning(self, seconds: int) -> None:
        self.overlay.show_countdown(seconds, self.ctx.tr, self.ctx.locale)

    def _stay(self) -> None:
        self.overlay.hide()
        self.clock.start()
        self.ctx.log_step(self.current_name, "still-here")

    def _finish_tapped(self) -> None:
        self.ctx.log_step(self.current_name, "finish")
        self.ctx.visit_done.emit()

    def finish_visit(self) -> None:
        """The visitor said they are done (Done after printing, Finish in the top bar; the
        screen logged which): the visit ends now, by the same path as the idle reset."""
        self.reset_visit(None)

    def reset_visit(self, action: str | None = "reset") -> None:
        """The visitor left (the idle timer: `action` "reset", logged), or ended the visit
        (None: already logged as "done" or "finish"): forget everything of them and go back to
        the attract loop in the default language. The one way a visit ends: every screen's
        reset, then a new Visit (ctx.new_visit), then the buffers (ui/privacy.py)."""
        self.overlay.hide()
        self.banner.hide()
        self.topbar.speaker.stop()
        if self.current_name and action:
            self.ctx.log_step(self.current_name, action)
        for name, screen in self.screens.items():
            try:
                screen.reset()
            except Exception:  # one broken screen must not keep the last visit
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
        except Exception:  # never keeps the kiosk from its next visitor
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
        except Exception:
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
            self._other_language.stop()
            event.accept()
        else:  # Alt+F4, a window manager's close: a kiosk stays open
            event.ignore()
