"""Printing for real: a guidance PDF onto the kiosk's printer.

Which printer is a device setting (`printer_kind`, kiosk/device.py):
- `system`: the computer's print queues. Where CUPS is (Linux), the PDF goes to the queue as
  it is, through `lp` (kiosk/printers/cups.py says why); elsewhere (Windows) through QPrinter.
  `printer` names the queue, empty for the default one.
- `escpos`: an 80 mm ESC/POS receipt printer at `printer_address`, fed raster images
  (kiosk/printers/escpos.py: the Khmer stays as our PDF renderer shaped it).
- `none`: no printer on purpose; every print shows the QR code.

QtPdf is not in the PySide6 wheels on Linux, so Qt cannot draw a PDF itself: for QPrinter the
pages are rendered with pypdfium2 to greyscale images at the printer's resolution (capped at
300 dpi) and painted with QPainter; receipts use a custom page 80 mm wide and as long as the
receipt.

The print boundary is one narrow interface: a backend lists its printers and either takes the
PDF (`print_document`: CUPS, ESC/POS) or page images (`print_pages` with `resolution`: Qt).
Tests put a double there (`use_backend`) and everything around it (the PDF, the rendering, the
problem kept for the staff panel, the QR fallback on screen) runs as it does on a kiosk.

A print never shows a visitor an error: when there is no printer, it is out of paper or in an
error state, or the job fails, `print_pdf` returns a failed `PrintOutcome` and the screen shows
the QR code instead; the problem goes to `printer-state.json` for the staff panel.

All of this runs off the GUI thread (ui/tasks.run_task): Qt supports QPainter on QImage and
QPrinter in worker threads.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from kiosk.device import Device, Settings
from kiosk.i18n import N_
from kiosk.printers import job
from kiosk.printers.backends import core_backend
from kiosk.printers.base import (
    NO_PRINTER,
    NO_PRINTER_ON_PURPOSE,
    DocumentBackend,
    PrinterInfo,
    PrintError,
    PrintOutcome,
)
from kiosk.printers.base import choose_printer as _choose_printer
from kiosk.printers.escpos import PDFIUM_LOCK

__all__ = ["MAX_DPI", "NoPrinterBackend", "PageImage", "PrintBackend", "PrintError",
           "PrintOutcome", "PrinterInfo", "QtPrintBackend", "backend_for", "choose_printer",
           "backend_swapped", "current_backend", "print_pdf", "render_pages", "use_backend"]

log = logging.getLogger(__name__)

MAX_DPI = 300
PT_PER_MM = 72 / 25.4
PDF_PRINTER_PREFIX = "pdf:"  # printer "pdf:/path/out.pdf": print to a PDF file (tests, setup)


@dataclass(frozen=True)
class PageImage:
    image: QImage
    width_mm: float
    height_mm: float


class PrintBackend(Protocol):
    """A backend that takes page images (QPrinter; test doubles)."""

    def printers(self) -> list[PrinterInfo]: ...

    def resolution(self, name: str) -> int: ...

    def print_pages(self, name: str, pages: Sequence[PageImage], title: str) -> None:
        """Print the pages on printer `name`; raises PrintError if the job fails."""


# --- the real backend -----------------------------------------------------------------------

_STATE_PROBLEMS = {
    QPrinter.PrinterState.Error: N_(
        "Printer {name} is in an error state (out of paper, cover open or offline)."),
    QPrinter.PrinterState.Aborted: N_(
        "Printer {name} stopped the last job (out of paper, cover open or offline)."),
}


def _state_problem(name: str, state: QPrinter.PrinterState) -> PrintError | None:
    if state in _STATE_PROBLEMS:
        return PrintError(_STATE_PROBLEMS[state], name=name)
    return None


class QtPrintBackend:
    """QPrinterInfo, QPrinter and QPainter: the system's printers (CUPS on Linux)."""

    def printers(self) -> list[PrinterInfo]:
        default = QPrinterInfo.defaultPrinterName()
        return [PrinterInfo(info.printerName(), info.printerName() == default,
                            _state_problem(info.printerName(), info.state()))
                for info in QPrinterInfo.availablePrinters()]

    def _printer(self, name: str) -> QPrinter:
        if name.startswith(PDF_PRINTER_PREFIX):
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(name[len(PDF_PRINTER_PREFIX):])
            printer.setResolution(MAX_DPI)
            return printer
        info = QPrinterInfo.printerInfo(name)
        return QPrinter(info, QPrinter.PrinterMode.HighResolution)

    def resolution(self, name: str) -> int:
        return self._printer(name).resolution()

    def print_pages(self, name: str, pages: Sequence[PageImage], title: str) -> None:
        if not pages:
            return
        printer = self._printer(name)
        printer.setDocName(title)
        first = pages[0]
        size = QPageSize(QSizeF(first.width_mm, first.height_mm), QPageSize.Unit.Millimeter,
                         "", QPageSize.SizeMatchPolicy.ExactMatch)
        if abs(first.width_mm - 210) < 1 and abs(first.height_mm - 297) < 1:
            size = QPageSize(QPageSize.PageSizeId.A4)
        printer.setPageSize(size)
        printer.setPageOrientation(QPageLayout.Orientation.Portrait)
        # the PDF carries its own margins: paint the whole sheet
        printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
        printer.setFullPage(True)
        painter = QPainter()
        if not painter.begin(printer):
            raise PrintError("Printer {name} could not start the job.", name=name)
        try:
            for index, page in enumerate(pages):
                if index and not printer.newPage():
                    raise PrintError("Printer {name} could not start page {page}.", name=name,
                                     page=index + 1)
                painter.drawImage(printer.paperRect(QPrinter.Unit.DevicePixel), page.image)
        finally:
            painter.end()
        problem = _state_problem(name, printer.printerState())
        if problem is not None:
            raise problem


class NoPrinterBackend:
    """No printer at all: every print shows the QR code (screenshots, demos, a kiosk without a
    printer on purpose). `use_backend(NoPrinterBackend())`."""

    def printers(self) -> list[PrinterInfo]:
        return []

    def resolution(self, name: str) -> int:
        return MAX_DPI

    def print_pages(self, name: str, pages: Sequence[PageImage], title: str) -> None:
        raise PrintError(*NO_PRINTER)


_backend: PrintBackend | DocumentBackend | None = None


def backend_for(settings: Settings) -> PrintBackend | DocumentBackend:
    """The backend the settings name (or the one a test or setup swapped in)."""
    if _backend is not None:
        return _backend
    if settings.printer_kind == "none":
        return NoPrinterBackend()
    if settings.printer_kind == "system" and settings.printer.startswith(PDF_PRINTER_PREFIX):
        return QtPrintBackend()
    return core_backend(settings) or QtPrintBackend()


def current_backend() -> PrintBackend | DocumentBackend:
    """The system's printers with default settings (or the swapped-in backend)."""
    return backend_for(Settings())


def backend_swapped() -> bool:
    """Whether a test or setup swapped a backend in (it lives in this process: so do prints)."""
    return _backend is not None


def use_backend(backend: PrintBackend | DocumentBackend | None) -> None:
    """Swap the backend (None: back to the one the settings name)."""
    global _backend
    _backend = backend


# --- the job ----------------------------------------------------------------------------------

def render_pages(pdf: bytes, dpi: int) -> list[PageImage]:
    """Every page of `pdf` as a greyscale image at `dpi` (capped at MAX_DPI)."""
    import pypdfium2 as pdfium  # here, not at import: the kiosk prints in a child process

    dpi = max(72, min(dpi or MAX_DPI, MAX_DPI))
    pages: list[PageImage] = []
    with PDFIUM_LOCK:  # PDFium is not thread-safe: one rendering at a time
        document = pdfium.PdfDocument(pdf)
        try:
            for page in document:
                width_pt, height_pt = page.get_size()
                image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
                pixels = image.tobytes()  # held here: QImage only borrows the buffer until copy()
                qimage = QImage(pixels, image.width, image.height, image.width,
                                QImage.Format.Format_Grayscale8).copy()
                pages.append(PageImage(qimage, width_pt / PT_PER_MM, height_pt / PT_PER_MM))
                page.close()
        finally:
            document.close()
    return pages


def choose_printer(backend: PrintBackend | DocumentBackend, wanted: str) -> PrinterInfo:
    """The printer named in settings, or the system default; PrintError if there is none."""
    if wanted.startswith(PDF_PRINTER_PREFIX):
        return PrinterInfo(wanted, True)
    return _choose_printer(backend.printers(), wanted)


class _Pages:
    """A page-image backend as one that takes the PDF: rendered at its printer's resolution."""

    def __init__(self, backend: PrintBackend, extra: list[PrinterInfo]) -> None:
        self.backend, self.extra = backend, extra

    def printers(self) -> list[PrinterInfo]:
        return self.extra or self.backend.printers()

    def print_document(self, name: str, pdf: bytes, title: str) -> None:
        self.backend.print_pages(name, render_pages(pdf, self.backend.resolution(name)), title)


def print_pdf(pdf: bytes, *, device: Device, title: str = "NSSF",
              backend: PrintBackend | DocumentBackend | None = None) -> PrintOutcome:
    """Print `pdf` on the kiosk's printer; never raises for a printer problem.

    The outcome (and any problem) is also written to the device's printer state. A kiosk set
    to have no printer (`printer_kind` none) prints nothing: the visitor gets the QR code, and
    that is no problem to record."""
    if device.settings.printer_kind == "none":
        return PrintOutcome(False, "", PrintError(*NO_PRINTER_ON_PURPOSE))
    backend = backend or backend_for(device.settings)
    wanted = device.settings.printer
    if not hasattr(backend, "print_document"):
        extra = [PrinterInfo(wanted, True)] if wanted.startswith(PDF_PRINTER_PREFIX) else []
        backend = _Pages(backend, extra)  # type: ignore[arg-type]
    return job.print_document(pdf, device=device, backend=backend, title=title)  # type: ignore[arg-type]
