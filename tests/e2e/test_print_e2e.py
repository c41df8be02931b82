"""Printing end to end through the real Qt print path (QPrinter in PDF mode, QPainter), and the
`kiosk print` command in a process with no display at all."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp

from kiosk.content.bundle import build_bundle
from kiosk.content.library import Library
from kiosk.content.loader import load_content
from kiosk.device import Device
from kiosk.guidance import PrintRequest, build_document, render_pdf
from kiosk.paths import CONTENT_DIR, ROOT

MM = 72 / 25.4


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("print-bundle") / "content.db"
    build_bundle(load_content(CONTENT_DIR), path, version=4)
    return path


def _pages(path: Path) -> list[tuple[float, float]]:
    return [page.get_size() for page in pdfium.PdfDocument(path)]


def _qr(path: Path, page: int = 0) -> list[str]:
    image = pdfium.PdfDocument(path)[page].render(scale=203 / 72).to_pil()
    return [r.text for r in zxingcpp.read_barcodes(image)]


@pytest.mark.parametrize("fmt, kind, rid", [
    ("receipt", "benefit", "maternity-allowance"),
    ("a4", "checklist", "claim-injury-daily-allowance"),
])
def test_real_qprinter_to_a_pdf_file(qapp, tmp_path: Path, bundle: Path, fmt: str, kind: str,
                                     rid: str) -> None:
    from ui.printing import QtPrintBackend, print_pdf

    out = tmp_path / "printed.pdf"
    device = Device.open(tmp_path / "data")
    device.settings.printer = f"pdf:{out}"
    with Library(bundle) as library:
        document = build_document(library, PrintRequest(kind, rid, "km", fmt))
    pdf = render_pdf(document, fmt)
    outcome = print_pdf(pdf, device=device, title=document.title, backend=QtPrintBackend())
    assert outcome.ok, outcome.message("en")
    source = [page.get_size() for page in pdfium.PdfDocument(pdf)]
    printed = _pages(out)
    assert len(printed) == len(source), "every page printed"
    for (w, h), (sw, sh) in zip(printed, source, strict=True):
        assert w == pytest.approx(sw, abs=1.5) and h == pytest.approx(sh, abs=1.5)
    if fmt == "receipt":
        assert printed[0][0] == pytest.approx(80 * MM, abs=1.5), "a custom page 80 mm wide"
    # the page went through pdfium, an image and QPainter: the code must still scan
    assert _qr(out) == [document.url]


def test_print_screen_prints_for_real(qtbot, qapp, tmp_path: Path, bundle: Path) -> None:
    from ui.context import AppContext
    from ui.printing import QtPrintBackend, use_backend
    from ui.screens.print_screen import PrintScreen

    out = tmp_path / "kiosk-printer.pdf"
    device = Device.open(tmp_path / "data")
    device.settings.printer = f"pdf:{out}"
    ctx = AppContext(device, bundle)
    use_backend(QtPrintBackend())
    try:
        screen = PrintScreen(ctx)
        qtbot.addWidget(screen)
        screen.enter({"kind": "checklist", "id": "claim-injury-care", "ticks": ["id-card"]})
        qtbot.waitUntil(lambda: screen.state != "working", timeout=30000)
        assert screen.state == "printed"
        (width, _), = _pages(out)
        assert width == pytest.approx(80 * MM, abs=1.5)
        assert _qr(out) == [screen.url]
        assert screen.url.endswith("/kiosk/km/claim-injury-care.html#have=id-card&v=4")
    finally:
        use_backend(None)
        ctx.library.close()


def test_kiosk_print_runs_without_a_display(tmp_path: Path, bundle: Path) -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    out = tmp_path / "r.pdf"
    script = ("import sys; from kiosk.cli import main; code = main(sys.argv[1:]); "
              "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt imported'; "
              "sys.exit(code)")
    result = subprocess.run(
        [sys.executable, "-c", script, "print", "maternity-allowance", "--lang", "km",
         "--format", "receipt", "-o", str(out), "--bundle", str(bundle)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    (width, _), = _pages(out)
    assert width == pytest.approx(80 * MM, abs=0.1)
    assert _qr(out) == ["https://www.nssf.gov.kh/kiosk/km/maternity-allowance.html#v=4"]
