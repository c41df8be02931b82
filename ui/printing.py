"""Printing for real: a guidance PDF onto the kiosk's printer through Qt's print system.

QtPdf is not in the PySide6 wheels on Linux, so Qt cannot draw a PDF itself. The pages are
rendered with pypdfium2 (the same PDF engine the tests render with) to greyscale images at the
printer's resolution (capped at 300 dpi: plenty for text and a QR code, and an A4 page stays a
9 MB image), and painted with QPainter on a QPrinter. Receipts use a custom page size 80 mm wide
and as long as the receipt, so a receipt printer's driver feeds and cuts just that.

The Qt print boundary is one narrow interface, `PrintBackend`: which printers exist and in what
state, their resolution, and "print these page images". `QtPrintBackend` is the real one; tests
put a failing double there and everything around it (the PDF, the rendering, the problem kept
for the staff panel, the QR fallback on screen) runs as it does on a kiosk.

A print never shows a visitor an error: when there is no printer, it is out of paper or in an
error state, or the job fails, `print_pdf` returns a failed `PrintOutcome` and the screen shows
the QR code instead; the problem goes to `printer-state.json` for the staff panel.

All of this runs off the GUI thread (ui/tasks.run_task): Qt supports QPainter on QImage and
QPrinter in worker threads.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import pypdfium2 as pdfium
from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from kiosk.device import Device
from kiosk.errors import KioskError
from kiosk.guidance.state import record_ok, record_problem

log = logging.getLogger(__name__)

MAX_DPI = 300
PT_PER_MM = 72 / 25.4
PDF_PRINTER_PREFIX = "pdf:"  # printer "pdf:/path/out.pdf": print to a PDF file (tests, setup)


class PrintError(KioskError):
    """A printer problem, worded for staff in both languages."""


@dataclass(frozen=True)
class PrinterInfo:
    name: str
    is_default: bool = False
    problem: PrintError | None = None  # the printer's own state: error, offline


@dataclass(frozen=True)
class PageImage:
    image: QImage
    width_mm: float
    height_mm: float


class PrintBackend(Protocol):
    """The Qt print boundary."""

    def printers(self) -> list[PrinterInfo]: ...

    def resolution(self, name: str) -> int: ...

    def print_pages(self, name: str, pages: Sequence[PageImage], title: str) -> None:
        """Print the pages on printer `name`; raises PrintError if the job fails."""


@dataclass(frozen=True)
class PrintOutcome:
    ok: bool
    printer: str  # the printer used ("" when there was none)
    problem: PrintError | None = None

    def message(self, locale: str) -> str:
        return self.problem.message(locale) if self.problem else ""


# --- the real backend -----------------------------------------------------------------------

_STATE_PROBLEMS = {
    QPrinter.PrinterState.Error: (
        "Printer {name} is in an error state (out of paper, cover open or offline).",
        "ម៉ាស៊ីនបោះពុម្ព {name} មានបញ្ហា (អស់ក្រដាស គម្របបើក ឬមិនបានភ្ជាប់)។"),
    QPrinter.PrinterState.Aborted: (
        "Printer {name} stopped the last job (out of paper, cover open or offline).",
        "ម៉ាស៊ីនបោះពុម្ព {name} បានបញ្ឈប់ការបោះពុម្ព (អស់ក្រដាស គម្របបើក ឬមិនបានភ្ជាប់)។"),
}


def _state_problem(name: str, state: QPrinter.PrinterState) -> PrintError | None:
    if state in _STATE_PROBLEMS:
        en, km = _STATE_PROBLEMS[state]
        return PrintError(en.format(name=name), km.format(name=name))
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
            raise PrintError(f"Printer {name} could not start the job.",
                             f"ម៉ាស៊ីនបោះពុម្ព {name} មិនអាចចាប់ផ្តើមបោះពុម្ពបានទេ។")
        try:
            for index, page in enumerate(pages):
                if index and not printer.newPage():
                    raise PrintError(f"Printer {name} could not start page {index + 1}.",
                                     f"ម៉ាស៊ីនបោះពុម្ព {name} មិនអាចបោះពុម្ពទំព័រ "
                                     f"{index + 1} បានទេ។")
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
        raise PrintError("No printer is installed on this computer.",
                         "គ្មានម៉ាស៊ីនបោះពុម្ពនៅលើកុំព្យូទ័រនេះទេ។")


_backend: PrintBackend | None = None


def current_backend() -> PrintBackend:
    """The backend screens print through (the real one unless a test or setup swapped it)."""
    global _backend
    if _backend is None:
        _backend = QtPrintBackend()
    return _backend


def use_backend(backend: PrintBackend | None) -> None:
    """Swap the backend (None: back to the real one)."""
    global _backend
    _backend = backend


# --- the job ----------------------------------------------------------------------------------

# PDFium is not thread-safe: one rendering at a time, whatever thread asks.
_pdfium_lock = threading.Lock()


def render_pages(pdf: bytes, dpi: int) -> list[PageImage]:
    """Every page of `pdf` as a greyscale image at `dpi` (capped at MAX_DPI)."""
    dpi = max(72, min(dpi or MAX_DPI, MAX_DPI))
    pages: list[PageImage] = []
    with _pdfium_lock:
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


def choose_printer(backend: PrintBackend, wanted: str) -> PrinterInfo:
    """The printer named in settings, or the system default; PrintError if there is none."""
    if wanted.startswith(PDF_PRINTER_PREFIX):
        return PrinterInfo(wanted, True)
    printers = backend.printers()
    if not printers:
        raise PrintError("No printer is installed on this computer.",
                         "គ្មានម៉ាស៊ីនបោះពុម្ពនៅលើកុំព្យូទ័រនេះទេ។")
    if wanted:
        for info in printers:
            if info.name == wanted:
                return info
        raise PrintError(f"Printer {wanted} is not installed (found: "
                         f"{', '.join(p.name for p in printers)}).",
                         f"រកមិនឃើញម៉ាស៊ីនបោះពុម្ព {wanted} ទេ។")
    return next((p for p in printers if p.is_default), printers[0])


def print_pdf(pdf: bytes, *, device: Device, title: str = "NSSF",
              backend: PrintBackend | None = None) -> PrintOutcome:
    """Print `pdf` on the kiosk's printer; never raises for a printer problem.

    The outcome (and any problem) is also written to the device's printer state."""
    backend = backend or current_backend()
    wanted = device.settings.printer
    name = wanted
    try:
        info = choose_printer(backend, wanted)
        name = info.name
        if info.problem is not None:
            raise info.problem
        pages = render_pages(pdf, backend.resolution(name))
        backend.print_pages(name, pages, title)
    except PrintError as problem:
        return _failed(device, name, problem)
    except Exception as exc:  # noqa: BLE001 - a driver or Qt failure is a printer problem
        log.exception("printing failed")
        problem = PrintError(f"Printing failed: {exc}", f"ការបោះពុម្ពបរាជ័យ៖ {exc}")
        return _failed(device, name, problem)
    record_ok(device, name)
    return PrintOutcome(True, name)


def _failed(device: Device, name: str, problem: PrintError) -> PrintOutcome:
    log.warning("printer problem: %s", problem.en)
    try:
        record_problem(device, name, problem.en, problem.km)
    except OSError:
        log.exception("could not record the printer problem")
    return PrintOutcome(False, name, problem)
