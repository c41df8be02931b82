"""The two Qt-free print backends: a CUPS queue fed the PDF as it is, and an ESC/POS receipt
printer fed raster images. Both take the PDF (`print_document`); ui/printing.py adds the
QPrinter one for systems without CUPS."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.printers import cups, escpos, transport
from kiosk.printers.address import parse_address
from kiosk.printers.base import DocumentBackend, PrinterInfo, PrintError

if TYPE_CHECKING:
    from kiosk.device import Settings

A4_MM = (210.0, 297.0)


def page_size_mm(pdf: bytes) -> tuple[float, float]:
    """The first page's size in millimetres."""
    import pypdfium2 as pdfium

    with escpos.PDFIUM_LOCK:
        document = pdfium.PdfDocument(pdf)
        try:
            width, height = document[0].get_size()
        finally:
            document.close()
    return width / escpos.PT_PER_MM, height / escpos.PT_PER_MM


def media_option(pdf: bytes) -> str:
    """CUPS' `media` for the document: A4, or a custom page as wide and as long as a receipt
    (so a receipt driver feeds and cuts just that)."""
    width, height = page_size_mm(pdf)
    if abs(width - A4_MM[0]) < 1 and abs(height - A4_MM[1]) < 1:
        return "A4"
    return f"Custom.{round(width)}x{int(height) + 1}mm"


class CupsBackend:
    """The computer's CUPS queues; a job is the guidance PDF itself (kiosk.printers.cups)."""

    def printers(self) -> list[PrinterInfo]:
        found = []
        for queue in cups.queues():
            problem = None
            if not queue.enabled:
                why = queue.reason or "stopped"
                problem = PrintError("Printer {name} is stopped: {reason}", name=queue.name,
                                     reason=why)
            found.append(PrinterInfo(queue.name, queue.is_default, problem))
        return found

    def print_document(self, name: str, pdf: bytes, title: str) -> None:
        job = cups.submit(pdf, name, title=title, options={"media": media_option(pdf)})
        cups.wait(job, name)


class EscposBackend:
    """An 80 mm ESC/POS receipt printer at `address` (kiosk.printers.address)."""

    def __init__(self, address: str, deadline_s: float = transport.SEND_DEADLINE_S) -> None:
        self.address_text = address
        self.deadline_s = deadline_s

    def printers(self) -> list[PrinterInfo]:
        if not self.address_text:
            raise PrintError("No receipt printer address is set (printer_address: /dev/usb/lp0, "
                             "tcp://HOST:9100 or cups:QUEUE).")
        address = parse_address(self.address_text)
        problem = None
        if address.kind == "device" and not Path(address.target).exists():
            problem = PrintError("Printer {name} is not connected (no such device).",
                                 name=address.target)
        return [PrinterInfo(str(address), True, problem)]

    def print_document(self, name: str, pdf: bytes, title: str) -> None:
        address = parse_address(self.address_text)
        data = escpos.encode(escpos.raster(pdf))
        transport.send(data, address, title=title, deadline_s=self.deadline_s)


def core_backend(settings: Settings) -> DocumentBackend | None:
    """The backend the settings name, when it needs no Qt (None: the system's printers on a
    computer without CUPS, which only QPrinter reaches; or no printer at all)."""
    if settings.printer_kind == "escpos":
        return EscposBackend(settings.printer_address)
    if settings.printer_kind == "system" and cups.available():
        return CupsBackend()
    return None


def receipt_addresses(current: str = "") -> list[str]:
    """Where a receipt printer may be, for staff to pick: USB printers plugged in now, and the
    address already set (a network or CUPS one comes from provisioning or `kiosk settings`)."""
    found = [str(path) for path in sorted(Path("/dev/usb").glob("lp*"))]
    return ([current] if current and current not in found else []) + found
