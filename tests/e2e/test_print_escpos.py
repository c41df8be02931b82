"""An 80 mm ESC/POS receipt printer end to end, faked only at the wire: the kiosk's print path
sends its raster commands to a real loopback TCP socket, a FIFO standing in for /dev/usb/lp0,
or a raw queue of a real CUPS; the bytes are decoded back into the paper's picture, whose QR
code must scan and which must match an independent rendering of the same PDF (poppler's
pdftoppm, not the PDFium the kiosk rasterises with): the Khmer on paper is the Khmer our PDF
renderer shaped."""
from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest
import zxingcpp
from escpos_printer import PAPER_OUT, FifoPrinter, TcpPrinter, decode
from PIL import Image, ImageChops, ImageFilter

from kiosk.content.bundle import build_bundle
from kiosk.content.library import Library
from kiosk.content.loader import load_content
from kiosk.device import Device
from kiosk.guidance import PrintRequest, build_document, render_pdf
from kiosk.guidance.state import load_status
from kiosk.paths import CONTENT_DIR
from kiosk.printers import escpos, job
from kiosk.printers.backends import EscposBackend


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("escpos-bundle") / "content.db"
    build_bundle(load_content(CONTENT_DIR), path, version=7)
    return path


@pytest.fixture()
def tcp_printer():
    printer = TcpPrinter()
    yield printer
    printer.close()


def receipt(bundle: Path, kind: str = "benefit", rid: str = "maternity-allowance",
            locale: str = "km", ticks: tuple[str, ...] = ()) -> tuple[bytes, str]:
    with Library(bundle) as library:
        document = build_document(library, PrintRequest(kind, rid, locale, "receipt", ticks=ticks))
    return render_pdf(document, "receipt"), document.url


def escpos_device(tmp_path: Path, address: str) -> Device:
    device = Device.open(tmp_path / "data")
    device.settings.printer_kind, device.settings.printer_address = "escpos", address
    device.settings.printer = "Receipt"  # a CUPS queue name from provisioning: not used here
    return device


def poppler_paper(pdf: bytes, tmp_path: Path) -> Image.Image:
    """The receipt as pdftoppm renders it at the printer's pitch, the printed 72 mm kept."""
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm is not installed (apt-get install poppler-utils)")
    (tmp_path / "r.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "203.2", "-gray", "-singlefile", str(tmp_path / "r.pdf"),
                    str(tmp_path / "poppler")], check=True, timeout=60)
    page = Image.open(tmp_path / "poppler.pgm").convert("L")
    left = (page.width - escpos.PRINT_DOTS) // 2
    return page.crop((left, 0, left + escpos.PRINT_DOTS, page.height))


def difference(paper: Image.Image, reference: Image.Image) -> float:
    """Share of clearly different pixels once both are slightly blurred (two renderers and a
    1-bit threshold disagree on edges only), at the best shift of a few dots."""
    a = paper.convert("L").filter(ImageFilter.BoxBlur(2))
    b = reference.convert("L").filter(ImageFilter.BoxBlur(2))
    width, height = min(a.width, b.width) - 4, min(a.height, b.height) - 4
    a = a.crop((2, 2, 2 + width, 2 + height))
    best = 1.0
    for dx in range(5):
        for dy in range(5):
            diff = ImageChops.difference(a, b.crop((dx, dy, dx + width, dy + height)))
            best = min(best, diff.point(lambda v: 255 if v > 96 else 0).histogram()[255]
                       / (width * height))
    return best


def check_paper(data: bytes, pdf: bytes, url: str, tmp_path: Path) -> Image.Image:
    printed = decode(data)
    assert printed.initialised, "the job starts with ESC @"
    (paper,) = printed.images  # one receipt, cut off once
    assert paper.width == 576, "72 mm at 8 dots/mm"
    assert [r.text for r in zxingcpp.read_barcodes(paper.convert("L"))] == [url]
    share = difference(paper, poppler_paper(pdf, tmp_path))
    assert share < 0.005, f"the paper differs from the PDF ({share:.2%})"
    return paper


def test_encoding_round_trip_keeps_every_dot() -> None:
    """Odd widths pad with white, bands split and join again, and a cut ends each picture."""
    image = Image.new("1", (203, 600), 1)
    for x in range(0, 203, 7):
        for y in range(0, 600, 5):
            image.putpixel((x, y), 0)
    image.putpixel((202, 599), 0)
    (back,) = decode(escpos.encode([image])).images
    assert back.width == 208 and back.height == 600  # whole bytes per row
    assert ImageChops.logical_xor(back.crop((0, 0, 203, 600)), image).getbbox() is None
    assert back.crop((203, 0, 208, 600)).convert("L").getextrema() == (255, 255), "white padding"


def test_over_tcp_the_receipt_scans_and_matches_the_pdf(qapp, tcp_printer: TcpPrinter,
                                                       bundle: Path, tmp_path: Path) -> None:
    from ui.printing import backend_for, print_pdf

    device = escpos_device(tmp_path, tcp_printer.address)
    assert isinstance(backend_for(device.settings), EscposBackend)
    pdf, url = receipt(bundle)
    outcome = print_pdf(pdf, device=device, title="receipt")
    assert outcome.ok, outcome.message("en")
    assert outcome.printer == tcp_printer.address
    assert tcp_printer.queries == 2, "paper and cover asked before printing"
    (data,) = tcp_printer.jobs
    paper = check_paper(data, pdf, url, tmp_path)
    paper.save(tmp_path / "paper.png")
    assert load_status(device).working


def test_the_comparison_sees_a_different_receipt(bundle: Path, tmp_path: Path) -> None:
    """The check can fail: the same checklist with one document ticked."""
    pdf, _ = receipt(bundle, "checklist", "claim-maternity-allowance")
    ticked, _ = receipt(bundle, "checklist", "claim-maternity-allowance", ticks=("id-card",))
    (paper,) = decode(escpos.encode(escpos.raster(ticked))).images
    assert difference(paper, poppler_paper(pdf, tmp_path)) > 0.01


def test_out_of_paper_means_no_job_and_the_qr(tcp_printer: TcpPrinter, bundle: Path,
                                              tmp_path: Path) -> None:
    tcp_printer.status = dict(PAPER_OUT)
    device = escpos_device(tmp_path, tcp_printer.address)
    pdf, _ = receipt(bundle)
    outcome = job.print_document(pdf, device=device, backend=EscposBackend(tcp_printer.address))
    assert not outcome.ok
    assert outcome.message("en") == f"Printer {tcp_printer.address} is out of paper."
    assert "អស់ក្រដាស" in load_status(device).problem_km
    time.sleep(0.2)
    assert not tcp_printer.jobs, "nothing printed on an empty roll"


def test_a_printer_that_never_answers_status_is_asked_once(bundle: Path, tmp_path: Path) -> None:
    """Some printers ignore DLE EOT: the first receipt waits a second for the answer, the next
    ones do not wait again (for ten minutes)."""
    printer = TcpPrinter(answers=False)
    try:
        pdf, url = receipt(bundle, locale="en")
        device = escpos_device(tmp_path, printer.address)
        times = []
        for _ in range(2):
            started = time.monotonic()
            outcome = job.print_document(pdf, device=device, backend=EscposBackend(printer.address))
            times.append(time.monotonic() - started)
            assert outcome.ok, outcome.message("en")
        assert times[0] >= 1.0 > times[1], times
        assert printer.queries == 2, "asked on the first receipt only"
        (paper,) = decode(printer.jobs[1]).images
        assert [r.text for r in zxingcpp.read_barcodes(paper.convert("L"))] == [url]
    finally:
        printer.close()


def test_a_printer_that_is_off(bundle: Path, tmp_path: Path) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{probe.getsockname()[1]}"
    pdf, _ = receipt(bundle)
    outcome = job.print_document(pdf, device=escpos_device(tmp_path, address),
                                 backend=EscposBackend(address))
    assert not outcome.ok and "does not answer" in outcome.message("en")


def test_through_a_device_file(bundle: Path, tmp_path: Path) -> None:
    lp0 = FifoPrinter(tmp_path / "lp0")
    try:
        pdf, url = receipt(bundle, "checklist", "claim-injury-care", ticks=("id-card",))
        device = escpos_device(tmp_path, str(lp0.path))
        outcome = job.print_document(pdf, device=device, backend=EscposBackend(str(lp0.path)))
        assert outcome.ok, outcome.message("en")
    finally:
        lp0.close()
    (data,) = lp0.jobs
    check_paper(data, pdf, url, tmp_path)


def test_device_file_problems_are_one_line_each(bundle: Path, tmp_path: Path) -> None:
    pdf, _ = receipt(bundle)
    missing = str(tmp_path / "nothing")
    backend = EscposBackend(missing)
    assert backend.printers()[0].problem.en == f"Printer {missing} is not connected (no such device)."
    unplugged = tmp_path / "off"
    import os

    os.mkfifo(unplugged)  # nobody reads: a printer switched off
    outcome = job.print_document(pdf, device=escpos_device(tmp_path, str(unplugged)),
                                 backend=EscposBackend(str(unplugged)))
    assert outcome.message("en") == f"Printer {unplugged} is switched off or not ready."
    stuck = FifoPrinter(tmp_path / "stuck", reads=False)  # opened, never read: paper jam
    try:
        started = time.monotonic()
        outcome = job.print_document(pdf, device=escpos_device(tmp_path, str(stuck.path)),
                                     backend=EscposBackend(str(stuck.path), deadline_s=1.5))
        assert time.monotonic() - started < 10
        assert "did not take the receipt (not all of it in 1.5 s)" in outcome.message("en")
    finally:
        stuck.close()


def test_an_a4_page_is_refused_in_words(bundle: Path, tmp_path: Path) -> None:
    with Library(bundle) as library:
        document = build_document(library, PrintRequest("benefit", "medical-care", "km", "a4"))
    pdf = render_pdf(document, "a4")
    outcome = job.print_document(pdf, device=escpos_device(tmp_path, "tcp://127.0.0.1:9"),
                                 backend=EscposBackend("tcp://127.0.0.1:9"))
    assert "210 mm wide" in outcome.message("en") and "printer_format=receipt" in outcome.message("en")


def test_through_a_raw_cups_queue(cups_env, tcp_printer: TcpPrinter, bundle: Path,
                                  tmp_path: Path) -> None:
    """`cups:Receipt`: the bytes through a real CUPS raw queue whose socket backend delivers
    them to the printer's port (here the loopback stand-in)."""
    queue = cups_env.add_raw_queue("Receipt", f"socket://127.0.0.1:{tcp_printer.port}")
    pdf, url = receipt(bundle, locale="en")
    device = escpos_device(tmp_path, f"cups:{queue}")
    outcome = job.print_document(pdf, device=device, backend=EscposBackend(f"cups:{queue}"))
    assert outcome.ok, outcome.message("en")
    deadline = time.monotonic() + 30
    while not tcp_printer.jobs and time.monotonic() < deadline:
        time.sleep(0.1)
    (data,) = tcp_printer.jobs
    check_paper(data, pdf, url, tmp_path)


def test_the_print_screen_prints_a_receipt(qtbot, qapp, tcp_printer: TcpPrinter, bundle: Path,
                                           tmp_path: Path) -> None:
    from ui.context import AppContext
    from ui.screens.print_screen import PrintScreen

    device = escpos_device(tmp_path, tcp_printer.address)
    ctx = AppContext(device, bundle)
    try:
        screen = PrintScreen(ctx)
        qtbot.addWidget(screen)
        screen.enter({"kind": "benefit", "id": "sickness-allowance"})
        qtbot.waitUntil(lambda: screen.state != "working", timeout=30000)
        assert screen.state == "printed"
        (data,) = tcp_printer.jobs
        (paper,) = decode(data).images
        assert [r.text for r in zxingcpp.read_barcodes(paper.convert("L"))] == [screen.url]
    finally:
        ctx.library.close()
