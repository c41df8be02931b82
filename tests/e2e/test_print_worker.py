"""Each print in a process of its own (ui/print_worker.py): the real child renders and prints
(to a real CUPS queue, to Qt's QPrinter writing a PDF file), the PDFs it makes are decoded, and
a child that hangs or crashes is killed at its deadline, leaving the visitor the QR code, staff
one line in both languages, no traceback and no file behind."""
from __future__ import annotations

import logging
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from processes import gone

from kiosk.content.bundle import build_bundle
from kiosk.content.library import Library
from kiosk.content.loader import load_content
from kiosk.device import Device
from kiosk.guidance import PrintRequest, build_document
from kiosk.guidance.state import load_status
from kiosk.paths import CONTENT_DIR, ROOT
from ui import print_worker

MM = 72 / 25.4
# a print process that never answers, after leaving a file in its private folder and starting
# a process of its own (as it starts `lp`)
HANGS = [sys.executable, "-c",
         "import os, subprocess, sys, time; sys.stdin.buffer.read(); "
         "open(os.path.join(os.environ['TMPDIR'], 'visitor.pdf'), 'wb').write(b'%PDF'); "
         "lp = subprocess.Popen(['sleep', '600']); "
         "print('pid', os.getpid(), lp.pid, file=sys.stderr, flush=True); time.sleep(600)"]


CRASHES = [sys.executable, "-c", "import os, sys; sys.stdin.buffer.read(); os.abort()"]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("worker-bundle") / "content.db"
    build_bundle(load_content(CONTENT_DIR), path, version=4)
    return path


@pytest.fixture()
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the print process's private folder is made (to see that it goes)."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def document(bundle: Path, kind: str = "checklist", rid: str = "claim-injury-care",
             fmt: str = "receipt", ticks: tuple[str, ...] = ("id-card",)):  # noqa: ANN201
    with Library(bundle) as library:
        return build_document(library, PrintRequest(kind, rid, "km", fmt, ticks))


def qr_codes(path: Path) -> list[str]:
    image = pdfium.PdfDocument(path)[0].render(scale=203 / 72).to_pil()
    return [r.text for r in zxingcpp.read_barcodes(image)]


def test_a_print_process_prints_to_qprinter_and_leaves_nothing(tmp_path: Path, bundle: Path,
                                                              private_tmp: Path) -> None:
    out = tmp_path / "printed.pdf"
    device = Device.open(tmp_path / "data")
    device.settings.printer = f"pdf:{out}"  # not saved: the child gets the settings in use
    doc = document(bundle)
    assert print_worker.in_child()
    outcome = print_worker.print_document(doc, "receipt", device=device, title=doc.title)
    assert outcome.ok, outcome.message("en")
    (width, _), = [page.get_size() for page in pdfium.PdfDocument(out)]
    assert width == pytest.approx(80 * MM, abs=1.5)
    assert qr_codes(out) == [doc.url]
    assert load_status(device).working, "the child recorded the outcome for the staff panel"
    assert list(private_tmp.iterdir()) == [], "the print process's folder is gone"


def test_the_kiosk_process_loads_no_print_libraries(tmp_path: Path, bundle: Path) -> None:
    """A fresh process composes and prints as the print screen does: the PDF comes out, and
    reportlab, HarfBuzz, PDFium, Pillow and Qt's print support were loaded by the print process
    only (the QR code library would import Pillow: kiosk/guidance/qr.py)."""
    out = tmp_path / "printed.pdf"
    script = f"""
import sys
from pathlib import Path
from kiosk.content.library import Library
from kiosk.device import Device
from kiosk.guidance import PrintRequest, build_document
from ui import print_worker
device = Device.open(Path({str(tmp_path / 'data')!r}))
device.settings.printer = {f'pdf:{out}'!r}
with Library(Path({str(bundle)!r})) as library:
    doc = build_document(library, PrintRequest("benefit", "medical-care", "en", "a4"))
outcome = print_worker.print_document(doc, "a4", device=device, title=doc.title)
assert outcome.ok, outcome.message("en")
loaded = sorted(m for m in ("reportlab", "uharfbuzz", "pypdfium2", "PIL",
                                    "PySide6.QtPrintSupport") if m in sys.modules)
assert not loaded, loaded
"""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert pdfium.PdfDocument(out)[0].get_size() == pytest.approx((210 * MM, 297 * MM), abs=1.5)


def test_a_print_process_prints_through_a_cups_queue(cups_env, tmp_path: Path,
                                                    bundle: Path) -> None:
    from tests.e2e.test_print_cups import landed

    device = Device.open(tmp_path / "data")  # the default queue, through lp
    doc = document(bundle, "benefit", "sickness-allowance", "a4", ())
    token = uuid.uuid4().hex[:12]
    outcome = print_worker.print_document(doc, "a4", device=device, title=f"kiosk-{token}")
    assert outcome.ok and outcome.printer == "KioskPDF", outcome.message("en")
    out = landed(cups_env, token)
    try:
        assert pdfium.PdfDocument(out)[0].get_size() == pytest.approx((210 * MM, 297 * MM),
                                                                      abs=2)
        assert qr_codes(out) == [doc.url]
    finally:
        out.unlink(missing_ok=True)


def test_a_stopped_queue_is_one_line_from_the_print_process(cups_env, tmp_path: Path,
                                                           bundle: Path) -> None:
    cups_env.run("cupsdisable", "-r", "out of paper (test)", "KioskPDF")
    try:
        device = Device.open(tmp_path / "data")
        doc = document(bundle)
        outcome = print_worker.print_document(doc, "receipt", device=device, title="stopped")
        assert not outcome.ok
        assert "KioskPDF is stopped: out of paper (test)" in outcome.message("en")
        assert "KioskPDF" in outcome.message("km") and outcome.message("km") != outcome.message("en")
    finally:
        cups_env.run("cupsenable", "KioskPDF")


def _no_tracebacks(caplog: pytest.LogCaptureFixture) -> None:
    assert not [r for r in caplog.records if r.exc_info], "no traceback in the log"


def test_a_hung_print_process_is_killed_at_its_deadline(tmp_path: Path, bundle: Path,
                                                       private_tmp: Path,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    device = Device.open(tmp_path / "data")
    device.settings.printer = f"pdf:{tmp_path / 'never.pdf'}"
    outcome = print_worker.print_document(document(bundle), "receipt", device=device,
                                          title="hangs", deadline_s=3, command=HANGS)
    assert not outcome.ok
    assert outcome.message("en") == ("The printout was not ready within 3 s; the print was "
                                     "stopped.")
    km = outcome.message("km")
    assert km and km != outcome.message("en") and "៣" in km  # Khmer, with its own digits
    status = load_status(device)
    assert status.problem_en == outcome.message("en") and status.problem_km == km
    said = [r.getMessage() for r in caplog.records if "print process: pid" in r.getMessage()]
    pid, lp = (int(word) for word in said[0].split()[-2:])
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # killed and reaped
    deadline = time.monotonic() + 10
    while not gone(lp) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert gone(lp), "what the print process started was killed with it"
    assert list(private_tmp.iterdir()) == [], "the file it left was removed with its folder"
    assert not (tmp_path / "never.pdf").exists()
    _no_tracebacks(caplog)


def test_a_crashing_print_process_is_one_line(tmp_path: Path, bundle: Path, private_tmp: Path,
                                             caplog: pytest.LogCaptureFixture) -> None:
    device = Device.open(tmp_path / "data")
    outcome = print_worker.print_document(document(bundle), "receipt", device=device,
                                          title="crashes", command=CRASHES)
    assert not outcome.ok
    assert outcome.message("en") == "The print process stopped without an answer (exit -6)."
    assert outcome.message("km") != outcome.message("en")
    assert load_status(device).problem_en == outcome.message("en")
    assert list(private_tmp.iterdir()) == []
    _no_tracebacks(caplog)


def test_the_print_screen_with_a_hung_print_process(qtbot, qapp, tmp_path: Path, bundle: Path,
                                                   private_tmp: Path, monkeypatch,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    """The visitor gets the QR code, large, as for any printer problem; staff the line."""
    from ui.context import AppContext
    from ui.screens.print_screen import PrintScreen

    monkeypatch.setattr(print_worker, "COMMAND", tuple(HANGS))
    monkeypatch.setattr(print_worker, "DEADLINE_S", 2.0)
    device = Device.open(tmp_path / "data")
    device.settings.printer = f"pdf:{tmp_path / 'never.pdf'}"
    ctx = AppContext(device, bundle)
    try:
        screen = PrintScreen(ctx)
        qtbot.addWidget(screen)
        screen.enter({"kind": "checklist", "id": "claim-injury-care", "ticks": ["id-card"]})
        qtbot.waitUntil(lambda: screen.state != "working", timeout=30000)
        assert screen.state == "fallback"
        assert screen.url.endswith("/kiosk/km/claim-injury-care.html#have=id-card&v=4")
        assert screen.qr.data == screen.url
        status = load_status(device)
        assert status.problem_en.startswith("The printout was not ready within 2 s")
        assert status.problem_km and status.fallbacks == 1
        assert list(private_tmp.iterdir()) == []
        _no_tracebacks(caplog)
    finally:
        ctx.library.close()
