"""A4 and receipts through a real CUPS queue end to end: the kiosk's own print path (the PDF
handed to `lp` as it is) into a private cupsd whose cups-pdf queue writes every job as a PDF;
that PDF is read back: its QR decodes to the guidance link and its pages look like the ones we
made (Khmer included: the comparison is against our own rendering of the shaped PDF)."""
from __future__ import annotations

import time
import uuid
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image, ImageChops, ImageFilter

from kiosk.content.bundle import build_bundle
from kiosk.content.library import Library
from kiosk.content.loader import load_content
from kiosk.device import Device
from kiosk.guidance import PrintRequest, build_document, render_pdf
from kiosk.guidance.state import load_status
from kiosk.paths import CONTENT_DIR

MM = 72 / 25.4


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("cups-bundle") / "content.db"
    build_bundle(load_content(CONTENT_DIR), path, version=6)
    with Library(path) as lib:
        yield lib


def landed(cups, token: str, timeout: float = 60) -> Path:
    """The PDF cups-pdf wrote for the job titled with `token` (bounded wait)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [p for p in cups.pdf_dir.glob(f"*{token}*.pdf") if p.stat().st_size]
        if found:
            time.sleep(0.3)  # cups-pdf renames into place; let the file settle
            return found[0]
        time.sleep(0.2)
    raise AssertionError(f"no PDF from cups-pdf in {timeout} s; cupsd says:\n{cups.log_tail()}")


def render(pdf: bytes | Path, page: int = 0, dpi: int = 100) -> Image.Image:
    document = pdfium.PdfDocument(pdf)
    return document[page].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")


def difference(a: Image.Image, b: Image.Image) -> float:
    """Share of pixels that differ clearly once both are slightly blurred (PDF re-writers
    round the page to whole points and anti-alias edges differently: the best of a few pixels'
    shift counts; a missing or misplaced glyph still shows)."""
    width, height = min(a.width, b.width) - 4, min(a.height, b.height) - 4
    a = a.filter(ImageFilter.BoxBlur(2)).crop((2, 2, 2 + width, 2 + height))
    b = b.filter(ImageFilter.BoxBlur(2))
    best = 1.0
    for dx in range(5):
        for dy in range(5):
            diff = ImageChops.difference(a, b.crop((dx, dy, dx + width, dy + height)))
            changed = diff.point(lambda v: 255 if v > 64 else 0).histogram()[255]
            best = min(best, changed / (width * height))
    return best


def make(library: Library, kind: str, rid: str, locale: str, fmt: str) -> tuple[bytes, str]:
    document = build_document(library, PrintRequest(kind, rid, locale, fmt))
    return render_pdf(document, fmt), document.url


@pytest.fixture()
def printed(cups_env):
    made: list[Path] = []
    yield made
    for path in made:
        path.unlink(missing_ok=True)


@pytest.mark.parametrize("fmt, kind, rid, locale", [
    ("a4", "checklist", "claim-maternity-allowance", "km"),
    ("receipt", "benefit", "sickness-allowance", "km"),
    ("a4", "benefit", "old-age-pension", "en"),
])
def test_the_kiosk_prints_through_a_cups_queue(qapp, cups_env, printed, tmp_path: Path,
                                               library: Library, fmt: str, kind: str, rid: str,
                                               locale: str) -> None:
    from kiosk.printers.backends import CupsBackend
    from ui.printing import backend_for, print_pdf

    device = Device.open(tmp_path / "data")  # printer "" and kind "system": the default queue
    assert isinstance(backend_for(device.settings), CupsBackend), "on Linux, CUPS gets the PDF"
    pdf, url = make(library, kind, rid, locale, fmt)
    token = uuid.uuid4().hex[:12]
    outcome = print_pdf(pdf, device=device, title=f"kiosk-{token}")
    assert outcome.ok and outcome.printer == "KioskPDF", outcome.message("en")
    out = landed(cups_env, token)
    printed.append(out)
    source, result = pdfium.PdfDocument(pdf), pdfium.PdfDocument(out)
    assert len(result) == len(source), "every page printed"
    width, height = result[0].get_size()
    if fmt == "a4":
        assert (width, height) == pytest.approx((210 * MM, 297 * MM), abs=2)
    else:  # a custom page as wide and as long as the receipt
        assert width == pytest.approx(80 * MM, abs=2)
        assert height == pytest.approx(source[0].get_size()[1], abs=2 * MM)
    codes = [r.text for r in zxingcpp.read_barcodes(render(out, dpi=200))]
    assert codes == [url]
    for page in range(len(source)):
        share = difference(render(pdf, page), render(out, page))
        assert share < 0.005, f"page {page + 1} differs from what the kiosk made ({share:.2%})"
    assert load_status(device).working


def test_the_comparison_sees_a_wrong_page(library: Library) -> None:
    """The check above can fail: one ticked document (a box, a line and the QR change)."""
    plain, _ = make(library, "checklist", "claim-maternity-allowance", "km", "a4")
    document = build_document(library, PrintRequest("checklist", "claim-maternity-allowance", "km",
                                                    "a4", ticks=("id-card",)))
    assert difference(render(plain), render(render_pdf(document, "a4"))) > 0.01


def test_a_stopped_queue_gives_the_qr_and_a_line_for_staff(qapp, cups_env, tmp_path: Path,
                                                          library: Library) -> None:
    from ui.printing import print_pdf

    cups_env.run("cupsdisable", "-r", "out of paper (test)", "KioskPDF")
    try:
        device = Device.open(tmp_path / "data")
        pdf, _ = make(library, "benefit", "medical-care", "km", "receipt")
        outcome = print_pdf(pdf, device=device, title="stopped")
        assert not outcome.ok
        assert "KioskPDF is stopped: out of paper (test)" in outcome.message("en")
        assert "KioskPDF" in load_status(device).problem_km
        assert not cups_env.run("lpstat", "-o", "KioskPDF").stdout.strip(), "no job left behind"
    finally:
        cups_env.run("cupsenable", "KioskPDF")


def test_a_queue_that_stops_mid_job_cancels_it(cups_env, tmp_path: Path,
                                              library: Library) -> None:
    """A printer whose backend fails (here: nothing listens on its socket): CUPS stops the
    queue; the kiosk cancels the job (the paper must not come out later for someone else)."""
    import socket

    from kiosk.printers import job
    from kiosk.printers.backends import CupsBackend

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    queue = cups_env.add_raw_queue("Gone", f"socket://127.0.0.1:{port}/?contimeout=1")
    device = Device.open(tmp_path / "data")
    device.settings.printer = queue
    pdf, _ = make(library, "benefit", "medical-care", "km", "a4")
    started = time.monotonic()
    outcome = job.print_document(pdf, device=device, backend=CupsBackend(), title="gone")
    assert not outcome.ok and "Gone" in outcome.message("en"), outcome
    assert time.monotonic() - started < 90
    assert not cups_env.run("lpstat", "-o", queue).stdout.strip(), "the job was cancelled"
