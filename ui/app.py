"""`nssf-kiosk`: start-up of the kiosk app.

Order matters for a cold start under a second: parse the arguments and check that a window can
open (stdlib only), open the device and its log, create the QApplication with the bundled fonts
and the stylesheet, open the content, then build the shell, which imports only the attract
screen. Everything else waits for the first frame to be painted (`after_first_paint`): the
print fonts, the rules, the other screens, the content models (pydantic) and babel, the sync.
"""
from __future__ import annotations

import argparse
import ctypes
import logging
import logging.handlers
import os
import shutil
import sys
import tempfile
import time
from collections.abc import MutableMapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtCore import QEvent, QMessageLogContext, QObject, QtMsgType
    from PySide6.QtWidgets import QApplication, QWidget

    from ui.context import AppContext
    from ui.shell import Shell
    from ui.sizing import Sizing

log = logging.getLogger("ui.app")

XCB_PACKAGES = "libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1"
XCB_LIBRARIES = ("libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1")
NO_WINDOW_MESSAGE = (
    "nssf-kiosk: the kiosk window cannot open ({reason}).\n"
    "On Debian or Ubuntu, Qt needs these packages to open a window under X11:\n"
    f"    sudo apt-get install {XCB_PACKAGES}\n"
    "and a display (DISPLAY or WAYLAND_DISPLAY set). To render the screens without a display, "
    "run: nssf-kiosk --shots DIR"
)
WINDOWED_SIZE = (1280, 800)
# Qt messages that say nothing about the kiosk (the offscreen platform's limits)
QT_NOISE = ("propagateSizeHints",)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    from kiosk.cli import OneLineParser  # a usage error is one line, as for `kiosk`

    parser = OneLineParser(prog="nssf-kiosk", description="The NSSF touchscreen kiosk.")
    parser.add_argument("--windowed", action="store_true",
                        help="open in a 1280x800 window instead of full screen")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="the kiosk's data folder (default: the platform's user data dir)")
    parser.add_argument("--bundle", type=Path, default=None,
                        help="open this content bundle instead of the device's")
    parser.add_argument("--shots", type=Path, default=None, metavar="DIR",
                        help="render every screen in Khmer and English to DIR/*.png and exit")
    parser.add_argument("--size", type=_size, action="append", default=None, metavar="WxH",
                        help="--shots at this window size only (may be repeated; default: "
                             "1280x800, 1920x1080, 1080x1920 and 800x480)")
    parser.add_argument("--text", choices=("normal", "large", "both"), default=None,
                        help="--shots in normal text, large text or both (default both)")
    parser.add_argument("--large", action="store_const", const="large", dest="text",
                        help="--shots in large text only (as --text large)")
    parser.add_argument("--diagonal", type=_diagonal, default=None, metavar="INCHES",
                        help="the screen's diagonal, when it reports a wrong size (overrides "
                             "the screen_diagonal_in setting; for --shots, the usual panel of "
                             "each size)")
    parser.add_argument("--hide-cursor", action="store_true",
                        help="hide the mouse pointer (automatic when a touch screen is found)")
    parser.add_argument("--exit-after-start", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def _size(text: str) -> tuple[int, int]:
    from ui.sizing import parse_size  # no Qt: the window check comes after the arguments

    try:
        return parse_size(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _diagonal(text: str) -> float:
    from kiosk.device import Settings

    try:
        return Settings.parse("screen_diagonal_in", text)
    except Exception as exc:  # noqa: BLE001 - a KioskError: its one line
        raise argparse.ArgumentTypeError(str(exc)) from None


def use_offscreen(environ: MutableMapping[str, str]) -> None:
    """Render without a display (for --shots): Qt's offscreen platform."""
    environ["QT_QPA_PLATFORM"] = "offscreen"


def window_problem(environ: MutableMapping[str, str], platform: str = sys.platform) -> str | None:
    """Why Qt could not open a window here, found without Qt (which would abort); None if it
    looks fine. Only X11 on Linux is checked: other platforms report through Qt's messages."""
    qpa = environ.get("QT_QPA_PLATFORM", "")
    if not platform.startswith("linux") or qpa.split(":")[0] in (
            "offscreen", "minimal", "vnc", "eglfs", "linuxfb", "wayland", "wayland-egl"):
        return None
    if not qpa and environ.get("WAYLAND_DISPLAY"):
        return None
    if not environ.get("DISPLAY"):
        return "no display: DISPLAY is not set"
    for library in XCB_LIBRARIES:
        try:
            ctypes.CDLL(library)
        except OSError:
            return f"{library} is missing"
    return None


def _qt_message_handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    from PySide6.QtCore import QtMsgType

    if kind == QtMsgType.QtFatalMsg:
        if "platform plugin" in message:
            print(NO_WINDOW_MESSAGE.format(reason="Qt found no usable platform plugin"),
                  file=sys.stderr)
        else:
            print(f"nssf-kiosk: Qt failed: {message}", file=sys.stderr)
        logging.getLogger("qt").critical(message)
        logging.shutdown()
        os._exit(2)  # instead of Qt's abort and core dump
    if any(noise in message for noise in QT_NOISE):
        return
    level = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
             QtMsgType.QtWarningMsg: logging.WARNING}.get(kind, logging.ERROR)
    logging.getLogger("qt").log(level, message)


def setup_logging(path: Path, level: int = logging.INFO) -> None:
    root = logging.getLogger()
    root.setLevel(level)
    path.parent.mkdir(parents=True, exist_ok=True)
    to_file = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3,
                                                   encoding="utf-8")
    to_file.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    to_stderr = logging.StreamHandler()
    to_stderr.setLevel(logging.WARNING)
    to_stderr.setFormatter(logging.Formatter("nssf-kiosk: %(levelname)s %(name)s: %(message)s"))
    root.addHandler(to_file)
    root.addHandler(to_stderr)


def register_fonts() -> list[str]:
    """Register the bundled fonts with Qt (a machine without a Khmer font shows empty boxes
    otherwise); returns the families found."""
    from PySide6.QtGui import QFontDatabase

    from kiosk.paths import ICON_FONT, KHMER_FONT, KHMER_FONT_BOLD, LATIN_FONT, LATIN_FONT_BOLD

    families: list[str] = []
    for path in (KHMER_FONT, KHMER_FONT_BOLD, LATIN_FONT, LATIN_FONT_BOLD, ICON_FONT):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.error("font %s could not be loaded", path)
            continue
        families += QFontDatabase.applicationFontFamilies(font_id)
    return families


def setup_application(app: QApplication, large_text: bool = False) -> None:
    """Fonts, the app font and the stylesheet: shared by the app, --shots and the tests."""
    from PySide6.QtGui import QFont

    from ui.style import apply_style

    return_big_buffers_to_the_system()
    if not app.property("kiosk_fonts"):
        register_fonts()
        app.setProperty("kiosk_fonts", True)
    # Noto Sans Khmer has no Latin letters: English comes from the bundled Noto Sans, the same
    # on every machine instead of whatever the system falls back to
    font = QFont()
    font.setFamilies(["Noto Sans Khmer", "Noto Sans"])
    app.setFont(font)
    apply_style(app, large_text)  # its size too, in this screen's pixels


def return_big_buffers_to_the_system() -> None:
    """glibc's tuning for a long-running kiosk (ui/memory.py): big buffers back to the system
    when freed, two malloc arenas at most."""
    from ui import memory

    memory.configure()


def main(argv: list[str] | None = None) -> int:
    started = time.perf_counter()
    os.umask(0o077)  # the data dir holds the PIN hash and the journey log: this user's only
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.shots:
        if args.shots.exists() and not args.shots.is_dir():
            print(f"nssf-kiosk: --shots {args.shots}: not a folder", file=sys.stderr)
            return 1
        use_offscreen(os.environ)
    problem = window_problem(os.environ)
    if problem:
        print(NO_WINDOW_MESSAGE.format(reason=problem), file=sys.stderr)
        return 2

    from kiosk.device import Device
    from kiosk.errors import KioskError

    try:
        device = Device.open(args.data_dir)
        if args.shots:  # shots read the real content but leave no trace in the device
            bundle = args.bundle or device.ensure_bundle()
            device = Device.open(Path(tempfile.mkdtemp(prefix="nssf-shots-")))
        else:
            bundle = args.bundle
        setup_logging(device.log_path)
    except KioskError as exc:
        print(f"nssf-kiosk: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # a full disk, a folder where a file should be
        print(f"nssf-kiosk: cannot use {exc.filename or 'a file'}: {exc.strerror or exc}",
              file=sys.stderr)
        return 1

    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    qInstallMessageHandler(_qt_message_handler)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("nssf-kiosk")
    if not args.shots:  # sized for this screen before the stylesheet is first applied
        from ui import sizing

        sizing.use(window_sizing(app, args, device.settings.screen_diagonal_in))
    setup_application(app)

    from ui.context import AppContext

    try:
        ctx = AppContext(device, bundle)
    except (KioskError, OSError) as exc:
        log.info("content cannot be opened: %s", exc)  # to the log file; stderr gets one line
        print(f"nssf-kiosk: {exc}", file=sys.stderr)
        return 1
    if args.shots:
        from ui.shots import render_all

        try:
            code = render_all(ctx, args.shots, args.size, args.text or "both", args.diagonal)
        except OSError as exc:
            print(f"nssf-kiosk: cannot write the pictures to {args.shots}: "
                  f"{exc.strerror or exc}", file=sys.stderr)
            return 1
        if code == 0:  # the scratch data dir is kept only to read its log after a failure
            logging.shutdown()
            shutil.rmtree(device.root, ignore_errors=True)
        else:
            print(f"see the log: {device.log_path}", file=sys.stderr)
        return code
    return run_kiosk(app, ctx, args, started)


def run_kiosk(app: QApplication, ctx: AppContext, args: argparse.Namespace, started: float) -> int:
    import signal

    from PySide6.QtCore import QTimer

    from ui import sizing
    from ui.shell import Shell

    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl+C in a terminal still stops it
    shell = Shell(ctx, hide_cursor=True if args.hide_cursor else None, sizing=sizing.current())
    shell.install_excepthook()
    # a print or sync still running when the app quits reports into deleted widgets otherwise
    from ui.tasks import wait_for_tasks

    app.aboutToQuit.connect(lambda: wait_for_tasks(10_000))
    if args.windowed:
        shell.resize(*WINDOWED_SIZE)
        shell.show()
    else:
        from PySide6.QtCore import Qt

        shell.setWindowFlag(Qt.WindowType.FramelessWindowHint)
        # Qt gives a new window its size hint capped at 2/3 of the screen (800x480 on a
        # 1280x720 one) and paints a first frame at that size before the compositor's
        # configure; sized to the screen first, no frame is ever smaller than the screen.
        shell.setGeometry(app.primaryScreen().geometry())
        shell.showFullScreen()

    def shown() -> None:
        from kiosk.sync.app_update import mark_started

        try:  # what an app update waits for before it keeps the new version
            mark_started(ctx.device)
        except OSError:
            log.exception("could not record the first screen")
        log.info("first screen painted %.0f ms after start-up began",
                 (time.perf_counter() - started) * 1000)
        if args.exit_after_start:  # for start-up measurements: after the first paint
            shell.leave_kiosk = True
            shell.close()
            app.quit()
        else:
            QTimer.singleShot(0, warm_up_printing)
            QTimer.singleShot(0, lambda: preload(ctx))
            QTimer.singleShot(0, shell.prepare_screens)  # their widgets, while nobody is here
            if args.bundle is None:  # a bundle given by hand is never replaced by a sync
                QTimer.singleShot(0, lambda: start_sync(ctx, shell))
            QTimer.singleShot(0, lambda: start_counts(ctx, shell))

    after_first_paint(shell, shown)
    return app.exec()


def window_sizing(app: QApplication, args: argparse.Namespace, diagonal_in: float) -> Sizing:
    """How big a target or a letter is in the kiosk's window, from the screen's physical size
    (ui/sizing.py): --diagonal, else the screen_diagonal_in setting, else what it reports."""
    from ui.sizing import screen_sizing

    screen = app.primaryScreen()
    geometry = screen.geometry() if screen is not None else None
    if args.windowed or geometry is None:
        window = WINDOWED_SIZE
    else:
        window = (geometry.width(), geometry.height())
    return screen_sizing(screen, *window, diagonal_in=args.diagonal or diagonal_in)


def after_first_paint(widget: QWidget, callback: Callable[[], None]) -> None:
    """Run `callback` once the first frame of `widget` is on screen: a zero timer posted from
    the widget's first paint event fires after the whole frame (its children, the flush).
    Work started earlier (a timer at show()) ran before the paint and delayed it."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
            if event.type() == QEvent.Type.Paint:
                widget.removeEventFilter(self)
                QTimer.singleShot(0, callback)
                self.deleteLater()
            return False

    widget.installEventFilter(FirstPaint(widget))


def preload(ctx: AppContext) -> None:
    """While the attract loop shows, load what the first visitor will need, so their first taps
    do not pay for it (a first visit to a screen took up to 0.4 s: bench/bench_taps.py): the
    eligibility rules off the GUI thread, the screen modules one per event-loop turn."""
    from PySide6.QtCore import QTimer

    from ui import navigation
    from ui.tasks import run_task

    run_task(lambda: ctx.rules, on_error=lambda exc: log.error("rules failed to load: %s", exc))
    pending = list(navigation.SCREENS)

    def next_module() -> None:
        if not pending:
            return
        name = pending.pop(0)
        try:
            navigation.screen_class(name)
        except Exception:  # it fails again, visibly, when the screen is opened
            log.exception("preloading screen %s failed", name)
        QTimer.singleShot(0, next_module)

    QTimer.singleShot(0, next_module)


def warm_up_printing() -> None:
    """Where prints run in this process (a frozen app), read the print fonts off the GUI thread
    once the first screen is up, so the first visitor's print does not wait for them. Where
    each print has a process of its own (ui/print_worker.py), the fonts are that process's:
    the kiosk never loads them."""
    from ui import print_worker

    if print_worker.in_child():
        return
    from kiosk.guidance import warm_up
    from ui.tasks import run_task

    run_task(warm_up, on_error=lambda exc: log.error("print warm-up failed: %s", exc))


def start_counts(ctx: AppContext, shell: Shell) -> None:
    """Heartbeats after each sync, uploads when due, the last paint, errors counted."""
    try:
        from ui.counts_hooks import install

        ctx.counts_hooks = install(ctx, shell)
    except Exception:  # counts are never worth a kiosk that does not start
        log.exception("counts are not available")


def start_sync(ctx: AppContext, shell: Shell) -> None:
    """The background sync, started once the first screen is up (its imports are heavy). The
    staff panel's sync section finds it as `ctx.sync_runner`."""
    try:
        from ui.sync_runner import SyncRunner
    except ImportError:
        log.exception("sync is not available")
        return
    ctx.sync_runner = SyncRunner(ctx, shell=shell, parent=shell)
    ctx.sync_runner.start()
