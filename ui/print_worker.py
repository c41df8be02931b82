"""Each print in a process of its own, which exits when the paper is out.

Rendering a guidance PDF needs reportlab, HarfBuzz, the print fonts with every glyph shaping
has met, and for a receipt or a page painted by Qt PDFium and page images at the printer's
resolution: kept in the kiosk, that was 30 MiB of its steady state over an 8-hour soak and
65 MiB of its peak (bench/bench_soak.py, bench/results.md). A print costs ~0.3 s more for the
child's start, imports and fonts (bench/bench_print.py). So the kiosk composes the document
itself (quick, from the page model the screen shows: its QR link is the one on the screen) and
hands it to a child Python, which renders the PDF, prints it through the backend the settings
name (CUPS, ESC/POS, Qt's QPrinter), records the outcome for the staff panel as an in-process
print would, and exits.

A print never leaves visitor data behind and never outlives its deadline:
- the child gets a private temporary folder (TMPDIR), removed when it ends, however it ends;
- at `DEADLINE_S` (longer than a CUPS job's own deadline, so the child cancels a stuck job
  first) the child is killed, and the visitor gets the QR code, staff one line in both
  languages; a child that crashes or answers nonsense is the same one line.

A spare print process waits ahead: when a visitor opens a screen that can print, the shell
calls `prepare()`, and a child starts, reads the fonts and shapes a line (~0.3 s, off the GUI
thread and in another process) and then waits for its request; the print takes it, so the
visitor's paper does not wait for the child's start (`bench/bench_print.py`: cold and spare).
It holds nothing of the visitor until the print hands it the document, and the next visitor
never meets it: `discard_spare()` at every visit reset (and at exit) kills it and removes its
folder. At most one spare lives; it is started with the same deadline rules once it prints.

The protocol: the request pickled on the child's stdin (document, paper format, title, the
device with its settings: the parent is the only writer), one JSON line back on stdout. A
frozen app (PyInstaller) has no Python to start, and a test that puts a double at the print
boundary (`ui.printing.use_backend`) keeps it in this process: there the print runs here.

    python -m ui.print_worker   # reads the pickled request on stdin
"""
from __future__ import annotations

import atexit
import json
import logging
import os
import pickle
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.i18n import Msg
from kiosk.printers import cups
from kiosk.printers.base import NO_PRINTER_ON_PURPOSE, PrintError, PrintOutcome

if TYPE_CHECKING:
    from kiosk.device import Device, Settings
    from kiosk.guidance.documents import Document

log = logging.getLogger(__name__)

# a CUPS job has its own deadline and commands their timeouts: the child cancels a stuck job
# itself (no paper comes out later for the next visitor) well before it is killed
DEADLINE_S = cups.JOB_DEADLINE_S + 3 * cups.COMMAND_TIMEOUT_S
POLL_S = 0.05
COMMAND: tuple[str, ...] = (sys.executable, "-m", "ui.print_worker")


class _Child:
    """A print process and its private folder (its TMPDIR and working directory)."""

    def __init__(self, process: subprocess.Popen[bytes], private: Path,
                 command: tuple[str, ...]) -> None:
        self.process, self.private, self.command = process, private, command

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """The child and everything it started (unless it was waited for already: its group's
        number may be another's by now), then its folder."""
        if self.process.returncode is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()
        shutil.rmtree(self.private, ignore_errors=True)


SPARES = True  # the test suite turns spares off, but for the tests of them (tests/conftest.py)
_spare: _Child | None = None
_spare_lock = threading.Lock()  # prepare() on the GUI thread, the print in the pool


def _start(command: tuple[str, ...]) -> _Child:
    """A print process in a private folder (raises OSError if it cannot start)."""
    private = Path(tempfile.mkdtemp(prefix="nssf-print-"))  # 0700: mkdtemp's own mode
    env = dict(os.environ, TMPDIR=str(private), QT_QPA_PLATFORM="offscreen",
               PYTHONUNBUFFERED="1")
    try:
        # a session of its own: at the deadline the whole group goes (an `lp` it started too),
        # and nothing of the print outlives it
        process = subprocess.Popen(list(command), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, env=env, cwd=private,
                                   start_new_session=True)
    except OSError:
        shutil.rmtree(private, ignore_errors=True)
        raise
    return _Child(process, private, command)


def prepare(settings: Settings | None = None) -> None:
    """Have a spare print process waiting, warm (the module's docstring). Cheap to call again:
    one spare at most. Never raises: without a spare, a print starts its own child. None when
    the `settings` say there is no printer on purpose (nothing would be printed)."""
    global _spare
    if not SPARES or not in_child() or (settings is not None and settings.printer_kind == "none"):
        return
    with _spare_lock:
        if _spare is not None and _spare.alive():
            return
        old, _spare = _spare, None
        if old is not None:
            old.kill()  # died early (it says why on its stderr, which nobody needs now)
        try:
            _spare = _start(COMMAND)
        except OSError as exc:
            log.warning("no spare print process: %s", exc)


def discard_spare() -> None:
    """The spare print process goes, unused (a visit ended, the kiosk stops)."""
    global _spare
    with _spare_lock:
        old, _spare = _spare, None
    if old is not None:
        old.kill()


def _take_spare(command: tuple[str, ...]) -> _Child | None:
    global _spare
    with _spare_lock:
        taken, _spare = _spare, None
    if taken is not None and (taken.command != command or not taken.alive()):
        taken.kill()
        return None
    return taken


atexit.register(discard_spare)


def print_document(document: Document, fmt: str, *, device: Device, title: str = "NSSF",
                   deadline_s: float | None = None,
                   command: Sequence[str] | None = None) -> PrintOutcome:
    """Render `document` on `fmt` paper and print it on the kiosk's printer: in a child
    process unless the print must run here (see the module's docstring). Never raises for a
    printer problem or a child that fails: a failed `PrintOutcome`, the problem recorded."""
    if device.settings.printer_kind == "none":
        return PrintOutcome(False, "", PrintError(*NO_PRINTER_ON_PURPOSE))  # nothing to render
    if not in_child():
        return print_here(document, fmt, device=device, title=title)
    return print_in_child(document, fmt, device=device, title=title, deadline_s=deadline_s,
                          command=command)


def in_child() -> bool:
    """Whether prints run in a child process here. (A backend swapped in needs ui.printing
    imported: until then the kiosk does not load Qt's print support, libcups and GnuTLS.)"""
    printing = sys.modules.get("ui.printing")
    swapped = printing is not None and printing.backend_swapped()
    return not getattr(sys, "frozen", False) and not swapped


def print_here(document: Document, fmt: str, *, device: Device, title: str) -> PrintOutcome:
    """The print in this process (raises if the PDF cannot be made, as `render_pdf` does)."""
    from kiosk.guidance import render_pdf
    from ui import printing

    return printing.print_pdf(render_pdf(document, fmt), device=device, title=title)


def print_in_child(document: Document, fmt: str, *, device: Device, title: str,
                   deadline_s: float | None = None,
                   command: Sequence[str] | None = None) -> PrintOutcome:
    """The print in a child process (module docstring); `deadline_s` (default `DEADLINE_S`)
    and `command` (default `COMMAND`) are read when called."""
    from kiosk.device import Device as DeviceData
    from kiosk.printers.job import failed

    deadline_s = DEADLINE_S if deadline_s is None else deadline_s
    wanted = device.settings.printer if device.settings.printer_kind == "system" else ""
    request = pickle.dumps({"document": document, "format": fmt, "title": title,
                            "device": DeviceData(device.root, device.settings)})
    command = tuple(command or COMMAND)
    worker = _take_spare(command)
    if worker is None:
        try:
            worker = _start(command)
        except OSError as exc:
            return failed(device, wanted, PrintError("cannot start the print process: {reason}",
                                                     reason=exc))
    try:
        answer, said = _talk(worker.process, request, deadline_s)
    finally:
        worker.kill()  # waited for by _talk (its group killed there); its folder goes
    child = worker.process
    for line in said.splitlines():
        if line.strip():
            log.warning("print process: %s", line.rstrip())
    if answer is None:
        return failed(device, wanted, PrintError(
            "The printout was not ready within {seconds:g} s; the print was stopped.",
            seconds=deadline_s))
    outcome = _outcome(answer)
    if outcome is None:
        return failed(device, wanted, PrintError(
            "The print process stopped without an answer (exit {code}).",
            code=str(child.returncode)))
    return outcome


def _talk(child: subprocess.Popen[bytes], request: bytes,
          deadline_s: float) -> tuple[bytes | None, str]:
    """Send the request, wait for the child until the deadline (then kill it); its stdout
    (None if it was killed) and its stderr."""
    out: list[bytes] = []
    err: list[bytes] = []

    def send() -> None:  # in a thread: a child that never reads cannot hold up the deadline
        try:
            child.stdin.write(request)
            child.stdin.close()
        except OSError:  # it died: its stderr says why
            pass

    readers = [threading.Thread(target=lambda: out.append(child.stdout.read()), daemon=True),
               threading.Thread(target=lambda: err.append(child.stderr.read()), daemon=True)]
    for reader in readers:
        reader.start()
    threading.Thread(target=send, daemon=True).start()
    deadline = time.monotonic() + deadline_s
    killed = False
    while child.poll() is None:
        if time.monotonic() > deadline:
            killed = True
            break
        try:
            child.wait(POLL_S)
        except subprocess.TimeoutExpired:
            pass
    try:  # the child at its deadline, and whatever it left running either way
        os.killpg(child.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    child.wait()
    for reader in readers:
        reader.join(5)
    said = b"".join(err).decode("utf-8", "replace")
    return (None if killed else b"".join(out)), said


def _outcome(stdout: bytes) -> PrintOutcome | None:
    for line in reversed(stdout.decode("utf-8", "replace").splitlines()):
        try:
            answer = json.loads(line)
        except ValueError:
            continue
        if not isinstance(answer, dict) or not isinstance(answer.get("printer"), str):
            continue
        problem = None
        if answer.get("problem") is not None:
            try:
                problem = PrintError(Msg.from_json(answer["problem"]))
            except ValueError:
                return None
        return PrintOutcome(bool(answer.get("ok")), answer["printer"], problem)
    return None


# --- the child ------------------------------------------------------------------------------

def _print(pdf: bytes, device: Device, title: str) -> PrintOutcome:
    """Print on the backend the settings name: a core one (CUPS, ESC/POS) needs no Qt; Qt's
    QPrinter (the `pdf:` printer, a computer without CUPS) gets an offscreen QGuiApplication
    of the child's own."""
    from kiosk.printers import job
    from kiosk.printers.backends import core_backend

    settings = device.settings
    backend = None if settings.printer.startswith("pdf:") else core_backend(settings)
    if backend is not None:
        return job.print_document(pdf, device=device, backend=backend, title=title)
    from PySide6.QtGui import QGuiApplication

    from ui import printing

    app = QGuiApplication.instance() or QGuiApplication(["nssf-print"])
    try:
        return printing.print_pdf(pdf, device=device, title=title)
    finally:
        del app


def _warm_up() -> None:
    """What every print needs, loaded before its request comes: the modules the request
    unpickles into, the print path (CUPS, ESC/POS: PDFium and Pillow for the page images), the
    fonts and the shaper. Qt's QPrinter (the `pdf:` printer, a computer without CUPS) is left
    to the print: a kiosk with CUPS or a receipt printer never needs it."""
    import PIL.Image  # noqa: F401 - the receipt's page images
    import pypdfium2  # noqa: F401 - the receipt's and QPrinter's page rendering

    import kiosk.device  # noqa: F401 - what the request unpickles into
    import kiosk.guidance.documents  # noqa: F401
    from kiosk.guidance import warm_up
    from kiosk.printers import backends, job  # noqa: F401 - the print path

    warm_up()


def main() -> int:
    """The child: one print as asked on stdin, its outcome on stdout."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    from kiosk.guidance import render_pdf
    from kiosk.printers.job import failed

    try:  # before the request: a spare waits with its fonts read and its shaper ready
        _warm_up()
    except Exception as exc:  # noqa: BLE001 - the print itself says what is wrong, if anything
        log.warning("print warm-up failed: %s", exc)
    request = pickle.loads(sys.stdin.buffer.read())  # noqa: S301 - from the kiosk, our parent
    device: Device = request["device"]

    try:
        pdf = render_pdf(request["document"], request["format"])
    except Exception as exc:  # noqa: BLE001 - any failure is one line for staff, no paper
        wanted = device.settings.printer if device.settings.printer_kind == "system" else ""
        reason = exc if isinstance(exc, PrintError) else f"{type(exc).__name__}: {exc}"
        outcome = failed(device, wanted, PrintError("Could not make the printout: {reason}",
                                                    reason=reason))
    else:
        outcome = _print(pdf, device, request["title"])
    problem = outcome.problem.msg.to_json() if outcome.problem is not None else None
    print(json.dumps({"ok": outcome.ok, "printer": outcome.printer, "problem": problem}))
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    # the answer is out: the kiosk waits for this process to end, and an interpreter's orderly
    # teardown (every module, reportlab's and PDFium's caches) is tens of milliseconds of it
    os._exit(code)
