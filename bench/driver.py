"""The real kiosk in this process, touched by a simulated visitor: shared by bench_taps and
bench_soak.

`Kiosk` builds what `nssf-kiosk --windowed` builds (the QApplication set up by
`ui.app.setup_application`, a Device in a data dir, the AppContext, the Shell at 1280x800 with
the app's excepthook) on the offscreen platform, and lets what the app starts once the first
screen is up finish before the first tap (the print fonts, the rules and screen modules, the
screens made ahead where the shell does that), with idle timers the benchmark controls and
printing to a PDF file (the printer setting "pdf:FILE").

`Kiosk.tap(name)` is one timed tap: the widget called `name` is scrolled into view and the
event queue left empty (not timed), then from a press and a release sent to the window at the
widget's centre (`click_through`: as a finger's tap arrives, the window finds the widget; sent
synchronously, so the tap's whole handler runs inside it) to the end of the LAST frame of its
update: an event filter on the window handles each of its UpdateRequest events (one frame: the
dirty widgets painted and flushed) and notes when it ended; the tap is over once no frame has
come for QUIET_MS after the last one (work a tap posts for later, a deferred layout that moves
things and paints again, counts; the quiet wait itself does not). A nested event loop runs
meanwhile, so posted events (layouts, deferred deletes, zero timers) are handled as in
`app.exec()`. The cursor does not blink during the benchmark (a blink is a frame no tap asked
for).

`Visitor` walks the flows with real taps: the start screen, home tiles, benefits with
Next/Previous, checklists with ticks, interviews answered to a decision (and changed, and a
wage typed on its keypad), search typed on the on-screen keyboard, the employer's duties and
monthly total (workers stepper, wage keys), the "asked to pay?" guide, stories, contacts,
language switches, Back and Home, and printing (Done ends the visit: the visitor comes again).
"""
from __future__ import annotations

import logging
import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QEventLoop, QObject, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QMouseEvent, QWindow
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QScrollArea, QWidget

from kiosk.device import Device
from ui.app import setup_application
from ui.context import AppContext

log = logging.getLogger("bench.driver")
SIZE = (1280, 800)
PAINT_TIMEOUT_MS = 5000
# Before a language switch the visitor reads for a while (the other taps come as fast as
# the kiosk allows): at least the time to see the screen, decide and reach the top bar.
THINK_BEFORE_SWITCH_S = (0.6, 2.0)
THINK_SEED = 20261201
QUIET_MS = 60  # no frame for this long after the last one: the tap's update is over
LONG_MS = 60 * 60 * 1000  # idle timers while a visitor is at the screen: never fire


class NoWidget(LookupError):
    """The visitor looked for a button that is not on the screen (a driver problem)."""


@dataclass
class Tap:
    name: str
    kind: str
    screen_from: str
    screen_to: str
    ms: float | None  # to the end of the last frame of the update; None: no frame at all
    first: bool  # the first visit of that screen since start-up (it is built then)
    handler_ms: float = 0.0  # of `ms`, the click itself: the tap's handler ran inside it
    cpu_ms: float = 0.0  # CPU time of the GUI thread up to the last frame (load-independent)
    paint_ms: float = 0.0  # of `ms`, the frames themselves (painting and flushing)
    first_frame_ms: float | None = None  # to the end of the first frame (what older runs timed)
    frames: int = 0  # frames the update took

    @property
    def in_place(self) -> bool:
        """An update of the screen already showing (a tick, a key, a language switch)."""
        return self.kind in IN_PLACE


IN_PLACE = frozenset({"checklist tick", "keyboard key", "stepper", "language"})


def tap_kind(name: str) -> str:
    """The kind of a tap, for the per-kind figures."""
    for prefix, kind in (("attract", "attract"), ("start-lang", "language"),
                         ("start-audience", "audience"), ("home-tile", "home tile"),
                         ("topbar-lang", "language"), ("topbar-back", "back"),
                         ("topbar-home", "home"), ("benefit-next", "next/previous"),
                         ("benefit-prev", "next/previous"), ("doc-", "checklist tick"),
                         ("answer-stepper", "stepper"), ("monthly-workers", "stepper"),
                         ("wage-key", "keyboard key"), ("monthly-wage-key", "keyboard key"),
                         ("wage-currency", "keyboard key"),
                         ("monthly-wage-currency", "keyboard key"),
                         ("answer-", "interview answer"), ("key-", "keyboard key"),
                         ("result-", "search result"), ("change-", "change answer"),
                         ("idle-here", "still here"), ("print-done", "print done")):
        if name.startswith(prefix):
            return kind
    if name.endswith("-print"):
        return "print"
    return "open (other)"


class FrameWatch(QObject):
    """Event filter on the window: it handles each UpdateRequest (one frame: every dirty widget
    painted, then flushed) itself, so it knows when the frame ended, and restarts the quiet
    timer; when that fires with no frame since, the update is over."""

    def __init__(self) -> None:
        super().__init__()
        self.loop: QEventLoop | None = None
        self.frames = 0
        self.first_end: float | None = None
        self.last_end: float | None = None
        self.last_cpu: float | None = None
        self.paint_s = 0.0
        self.quiet = QTimer(singleShot=True, interval=QUIET_MS)
        self.quiet.timeout.connect(self._quiet)

    def arm(self) -> None:
        self.frames = 0
        self.first_end = self.last_end = self.last_cpu = None
        self.paint_s = 0.0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() != QEvent.Type.UpdateRequest or not isinstance(watched, QWidget):
            return False
        began = time.perf_counter()
        QWidget.event(watched, event)  # the frame, handled here so that its end is known
        self.last_end = time.perf_counter()
        self.last_cpu = time.thread_time()
        self.paint_s += self.last_end - began
        if self.first_end is None:
            self.first_end = self.last_end
        self.frames += 1
        if self.loop is not None:
            self.quiet.start()
        return True

    def _quiet(self) -> None:
        if self.loop is not None:
            self.loop.quit()


def click_through(window: QWindow, at: QPoint) -> None:
    """A press and a release at `at`, sent to the window as a finger's tap arrives: the window
    finds the widget under it, and the kiosk sees the touch (ui/idle.py watches the window).
    Sent, not queued, so the tap's handler has run when this returns (QTest's own clicks on a
    window also paint the frames before they return, which would hide the handler's part)."""
    local, screen = QPointF(at), QPointF(window.mapToGlobal(at))
    left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    for kind, buttons in ((QEvent.Type.MouseButtonPress, left),
                          (QEvent.Type.MouseButtonRelease, Qt.MouseButton.NoButton)):
        QApplication.sendEvent(window, QMouseEvent(kind, local, screen, left, buttons, none))


class Kiosk:
    def __init__(self, data_dir: Path, bundle: Path | None = None, *,
                 print_to: Path | None = None, log_to_file: bool = True) -> None:
        self.app = QApplication.instance() or QApplication(["nssf-kiosk-bench"])
        self.app.setApplicationName("nssf-kiosk")
        setup_application(self.app)
        self.app.setCursorFlashTime(0)  # a blinking cursor paints frames no tap asked for
        device = Device.open(data_dir)
        if log_to_file:
            from ui.app import setup_logging

            setup_logging(device.log_path)
        if print_to is not None:
            device.settings.printer = f"pdf:{print_to}"
        self.ctx = AppContext(device, bundle)
        self.idle_ms, self.warning_ms = LONG_MS, LONG_MS
        from ui.shell import Shell

        self.shell = Shell(self.ctx, idle_ms=lambda: self.idle_ms,
                           warning_ms=lambda: self.warning_ms, hide_cursor=False)
        self.shell.install_excepthook()
        self.recovered: list[str] = []
        real_recover = self.shell.recover

        def recover(exc: BaseException) -> None:  # count the bugs the shell caught
            self.recovered.append(f"{type(exc).__name__}: {exc}")
            real_recover(exc)

        self.shell.recover = recover  # type: ignore[method-assign]
        self.shell.resize(*SIZE)
        self.shell.show()
        QTest.qWaitForWindowExposed(self.shell)
        import ui.app

        warm_up = getattr(ui.app, "warm_up_printing", None)  # what run_kiosk starts after show
        if warm_up is not None:
            warm_up()
        preload = getattr(ui.app, "preload", None)  # the rules and screen modules, while idle
        if preload is not None:
            import sys

            from ui import navigation

            preload(self.ctx)
            modules = {v.partition(":")[0] for v in navigation.SCREENS.values()}
            self.wait_until(lambda: modules <= set(sys.modules), 60)
        prepare = getattr(self.shell, "prepare_screens", None)  # what run_kiosk starts too
        if prepare is not None:
            prepare()
            self.wait_until(lambda: not self.shell.preparing(), 60)
        from PySide6.QtCore import QThreadPool

        self.wait_until(lambda: QThreadPool.globalInstance().activeThreadCount() == 0, 60)
        self.spin(3)
        self.watch = FrameWatch()
        self.shell.installEventFilter(self.watch)
        self._timeout = QTimer(singleShot=True)  # a tap that never paints
        self._timeout.timeout.connect(lambda: self.watch.loop and self.watch.loop.quit())
        self.taps: list[Tap] = []
        self.visited: set[str] = {self.shell.current_name}
        # the shell's laying out of the other language while the visitor reads, timed: a tap
        # that lands in one waits for it (CPU ms of each that did some work)
        self.other_language_ms: list[float] = []
        timer = getattr(self.shell, "_other_language", None)
        if timer is not None:
            timer.timeout.disconnect()
            timer.timeout.connect(self._timed_other_language)
        self._think = random.Random(THINK_SEED)  # its own: the visitors' choices stay the same

    def _timed_other_language(self) -> None:
        before = self.shell._laid_out
        began = time.thread_time()
        self.shell.lay_out_other_language()
        if self.shell._laid_out != before:
            self.other_language_ms.append((time.thread_time() - began) * 1000)

    def think(self, low_s: float, high_s: float) -> None:
        """A person reading before the next tap, for between `low_s` and `high_s` seconds: the
        event loop runs meanwhile (timers fire, as they would)."""
        loop = QEventLoop()
        QTimer.singleShot(int(self._think.uniform(low_s, high_s) * 1000), loop.quit)
        loop.exec()

    # --- the event loop ------------------------------------------------------------------
    def spin(self, rounds: int = 2) -> None:
        """Let the event loop run until what is queued now has been handled."""
        for _ in range(rounds):
            loop = QEventLoop()
            QTimer.singleShot(0, loop.quit)
            loop.exec()

    def wait_until(self, done: Callable[[], bool], timeout_s: float = 30.0,
                   step_ms: int = 5) -> bool:
        end = time.monotonic() + timeout_s
        while not done():
            if time.monotonic() > end:
                return False
            loop = QEventLoop()
            QTimer.singleShot(step_ms, loop.quit)
            loop.exec()
        return True

    # --- finding and tapping ---------------------------------------------------------------
    @property
    def screen(self) -> str:
        return self.shell.current_name

    def visible(self, name: str) -> list[QWidget]:
        return [w for w in self.shell.findChildren(QWidget, name) if w.isVisibleTo(self.shell)]

    def buttons(self, prefix: str) -> list[str]:
        """The names of the enabled, visible buttons starting with `prefix` on this screen."""
        root = self.shell.current or self.shell
        names = []
        for button in root.findChildren(QAbstractButton):
            name = button.objectName()
            if (name.startswith(prefix) and button.isVisibleTo(self.shell)
                    and button.isEnabled() and name not in names):
                names.append(name)
        return names

    def can_tap(self, name: str) -> bool:
        return any(w.isEnabled() for w in self.visible(name))

    def _scroll_to(self, widget: QWidget) -> None:
        parent = widget.parentWidget()
        while parent is not None:
            if isinstance(parent, QScrollArea):
                parent.ensureWidgetVisible(widget, 0, 0)
            parent = parent.parentWidget()

    def tap(self, name: str) -> Tap:
        found = [w for w in self.visible(name) if w.isEnabled()]
        if not found:
            raise NoWidget(f"no visible, enabled {name!r} on screen {self.screen!r}")
        return self.tap_widget(found[0], name)

    def tap_widget(self, widget: QWidget, name: str) -> Tap:
        self.spin()  # pending layouts first: they set the scroll ranges
        self._scroll_to(widget)
        self.spin()
        before = self.screen
        watch = self.watch
        watch.arm()
        handle = widget.window().windowHandle()
        at = widget.mapTo(widget.window(), widget.rect().center())
        loop = QEventLoop()
        start_cpu = time.thread_time()
        start = time.perf_counter()
        click_through(handle, at)
        handled = time.perf_counter()
        watch.loop = loop
        watch.quiet.start()
        self._timeout.start(PAINT_TIMEOUT_MS)
        loop.exec()
        self._timeout.stop()
        watch.quiet.stop()
        watch.loop = None
        after = self.screen
        ms = cpu_ms = paint_ms = 0.0
        first_ms = None
        if watch.last_end is not None:
            ms = (watch.last_end - start) * 1000
            cpu_ms = (watch.last_cpu - start_cpu) * 1000
            paint_ms = watch.paint_s * 1000
            first_ms = (watch.first_end - start) * 1000
        tap = Tap(name, tap_kind(name), before, after,
                  ms if watch.last_end is not None else None, after not in self.visited,
                  (handled - start) * 1000, cpu_ms, paint_ms, first_ms, watch.frames)
        self.visited.add(after)
        self.taps.append(tap)
        return tap

    # --- idle ----------------------------------------------------------------------------------
    def leave(self, idle_ms: int = 60, warning_ms: int = 120, still_here: bool = False) -> bool:
        """The visitor walks away: the shell's own idle clock warns, counts down and resets
        (its timers shortened to `idle_ms` and `warning_ms`). With `still_here`, the visitor
        comes back during the warning and taps "I am still here" first. True once the attract
        loop shows."""
        if self.screen == "attract":
            return True
        self.idle_ms, self.warning_ms = idle_ms, warning_ms
        self.shell.clock.poke()  # the last touch, now counted with the short timers
        if still_here and self.wait_until(lambda: self.shell.overlay.isVisible(), 5):
            self.idle_ms = self.warning_ms = LONG_MS
            if self.can_tap("idle-here"):
                self.tap("idle-here")
            self.idle_ms, self.warning_ms = idle_ms, warning_ms
            self.shell.clock.poke()
        ok = self.wait_until(lambda: self.screen == "attract" and not self.shell.overlay.isVisible(),
                             10)
        self.idle_ms = self.warning_ms = LONG_MS
        self.spin()
        return ok

    def close(self) -> None:
        self.shell.leave_kiosk = True
        self.shell.watcher.stop()
        self.shell.clock.stop()
        self.shell.close()
        self.spin()


KHMER_WORDS = ("មាតុភាព", "កាត", "ពេទ្យ", "សោធន", "គ្រោះថ្នាក់")
LATIN_WORDS = ("card", "maternity", "pension", "accident", "hospital")


class Visitor:
    """One simulated person at the kiosk: every flow by taps on the real buttons."""

    def __init__(self, kiosk: Kiosk, rng: random.Random) -> None:
        self.k, self.rng = kiosk, rng
        self.prints = 0
        self.who: tuple[str | None, str | None] = (None, None)  # the last arrival's choices

    # --- helpers -------------------------------------------------------------------------------
    def tap(self, name: str) -> Tap:
        return self.k.tap(name)

    def tap_any(self, prefix: str, exclude: tuple[str, ...] = ()) -> Tap | None:
        names = [n for n in self.k.buttons(prefix) if not n.startswith(exclude)] if exclude \
            else self.k.buttons(prefix)
        return self.tap(self.rng.choice(names)) if names else None

    def tile(self, screen: str) -> Tap:
        if self.k.screen != "home":
            self.home()
        return self.tap(f"home-tile-{screen}")

    def home(self) -> None:
        if self.k.screen != "home" and self.k.can_tap("topbar-home"):
            self.tap("topbar-home")

    def back(self) -> None:
        if self.k.can_tap("topbar-back"):
            self.tap("topbar-back")

    def switch_language(self) -> None:
        other = "en" if self.k.ctx.locale == "km" else "km"
        if self.k.can_tap(f"topbar-lang-{other}"):
            self.k.think(*THINK_BEFORE_SWITCH_S)  # reads the screen, then looks for the button
            self.tap(f"topbar-lang-{other}")

    # --- flows ---------------------------------------------------------------------------------
    def arrive(self, locale: str | None = None, audience: str | None = None) -> None:
        """Touch the attract loop, choose a language and who you are."""
        if self.k.screen == "attract":
            self.k.tap_widget(self.k.shell.current, "attract")
        locale = locale or self.rng.choice(("km", "km", "en"))
        if self.k.can_tap(f"start-lang-{locale}"):
            self.tap(f"start-lang-{locale}")
        audience = audience or self.rng.choice(("worker", "worker", "employer", "staff"))
        self.tap(f"start-audience-{audience}")
        self.who = (locale, audience)

    def benefits(self, steps: int = 3) -> None:
        self.tile("benefits" if self.has_tile("benefits") else "workers-get")  # an employer's
        if self.rng.random() < 0.3 and self.k.can_tap("benefits-walk"):
            self.tap("benefits-walk")
        else:
            self.tap_any("benefit-tile-")
        for _ in range(steps):
            name = self.rng.choice(("benefit-next", "benefit-next", "benefit-prev"))
            if not self.k.can_tap(name):
                name = "benefit-prev" if name == "benefit-next" else "benefit-next"
            if self.k.can_tap(name):
                self.tap(name)

    def checklist(self, ticks: int = 4) -> None:
        if self.k.screen == "benefit" and self.k.can_tap("benefit-checklist"):
            self.tap("benefit-checklist")
        elif self.has_tile("claims"):
            self.tile("claims")
            self.tap_any("claim-")
        else:  # an employer's home: the duties' checklists
            self.tap_any("home-tile-checklist-")
        for _ in range(ticks):
            self.tap_any("doc-")

    def interview(self, benefit: bool = False, max_answers: int = 25) -> None:
        if benefit and self.k.screen == "benefit" and self.k.can_tap("benefit-interview"):
            self.tap("benefit-interview")
        elif self.has_tile("interview"):
            self.tile("interview")
        else:  # an employer's home has no "can I get it?"
            return
        for _ in range(max_answers):
            if self.k.screen != "interview":
                break
            if self.k.can_tap("interview-result"):
                self.tap("interview-result")
                break
            if self.k.visible("answer-stepper"):
                for _ in range(self.rng.randint(0, 3)):
                    name = self.rng.choice(("answer-stepper-plus", "answer-stepper-plus-big"))
                    if self.k.can_tap(name):
                        self.tap(name)
                self.tap("answer-ok")
            else:
                yes = self.k.buttons("answer-yes")
                if yes and self.rng.random() < 0.7:
                    self.tap(yes[0])
                else:
                    self.tap_any("answer-", exclude=("answer-ok", "answer-stepper"))
        if self.k.screen == "decision" and self.k.can_tap("wage-key-1"):
            self.type_wage("wage")
        if self.k.screen == "decision" and self.rng.random() < 0.3:
            if self.tap_any("change-") is not None and self.k.screen == "interview":
                self.interview(max_answers=max_answers)

    def type_wage(self, pad: str) -> None:
        """A wage on a keypad: sometimes the other currency, then a few digits (each an update
        in place)."""
        if self.rng.random() < 0.3:
            self.tap_any(f"{pad}-currency-")
        if self.k.can_tap(f"{pad}-key-clear") and self.rng.random() < 0.5:
            self.tap(f"{pad}-key-clear")
        for _ in range(self.rng.randint(2, 6)):
            self.tap(f"{pad}-key-{self.rng.choice('1234567890')}")

    def search(self) -> None:
        from ui.widgets.keyboard_layouts import key_name

        self.tile("search")
        board = self.k.shell.current.keyboard
        if not board.isVisible() and self.k.can_tap("search-keyboard-toggle"):
            self.tap("search-keyboard-toggle")
        field = self.k.shell.current.field
        if field.text() and self.k.can_tap("key-clear"):  # on an empty field it changes nothing
            self.tap("key-clear")
        word = self.rng.choice(KHMER_WORDS + LATIN_WORDS)
        for ch in word[: self.rng.randint(3, len(word))]:
            page = board.page_of(ch)
            script = page.split("-")[0]
            if board.script != script:
                self.tap("key-switch")
            if page.endswith("-more") and board.page != page:
                self.tap("key-more")
            elif page.endswith("-shift") and board.page != page:
                self.tap("key-shift")
            elif page == script and board.page != page:
                self.tap("key-more" if board.page.endswith("-more") else "key-shift")
            self.tap(key_name(ch))
        if self.rng.random() < 0.5:
            self.tap_any("result-")

    def has_tile(self, key: str) -> bool:
        self.home()
        return self.k.can_tap(f"home-tile-{key}")

    def employer(self) -> None:
        """What I must do (home has it for employers, staff and the undecided)."""
        if not self.has_tile("employer"):
            return
        self.tile("employer")
        if self.rng.random() < 0.5:
            self.tap_any("duty-checklist-")
        elif self.rng.random() < 0.5 and self.k.can_tap("employer-monthly"):
            self.tap("employer-monthly")
            self.monthly_taps()

    def monthly(self) -> None:
        """What I pay each month: the workers stepper, a wage typed, sometimes each one's."""
        if not self.has_tile("monthly"):
            return
        self.tile("monthly")
        self.monthly_taps()

    def monthly_taps(self) -> None:
        for _ in range(self.rng.randint(1, 4)):
            name = self.rng.choice(("monthly-workers-plus", "monthly-workers-plus-big",
                                    "monthly-workers-minus"))
            if self.k.can_tap(name):
                self.tap(name)
        if self.rng.random() < 0.3 and self.k.can_tap("monthly-mode-each"):
            self.tap("monthly-mode-each")
            self.tap_any("monthly-worker-")
        self.type_wage("monthly-wage")

    def guide(self) -> None:
        """"Asked to pay?" (a worker's first tile), and sometimes "Is my card working?"."""
        self.home()
        keys = [n.removeprefix("home-tile-") for n in self.k.buttons("home-tile-guide-")]
        if not keys:
            return
        self.tile(self.rng.choice(keys))
        if self.rng.random() < 0.3 and self.k.can_tap("guide-check"):
            self.tap("guide-check")

    def stories(self) -> None:
        if not self.has_tile("stories"):  # an employer's home has none
            return
        self.tile("stories")
        if self.rng.random() < 0.5:
            self.tap_any("story-")

    def contacts(self) -> None:
        self.tile("contacts")

    def print_here(self) -> bool:
        """Print from this screen if it can: wait for the paper (or the QR code), then Done."""
        names = [n for n in ("benefit-print", "checklist-print", "decision-print")
                 if self.k.can_tap(n)]
        if not names:
            return False
        self.tap(names[0])
        screen = self.k.shell.current
        self.k.wait_until(lambda: getattr(screen, "state", "") != "working", 60)
        self.prints += 1
        self.tap("print-done")  # Done ends the visit: the same person comes again
        if self.k.screen == "attract":
            self.arrive(*self.who)
        return True

    FLOWS = ("benefits", "checklist", "interview", "search", "employer", "monthly", "guide",
             "stories", "contacts")

    def flow(self, name: str) -> None:
        getattr(self, name)()
