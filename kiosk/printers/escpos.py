"""ESC/POS for 80 mm thermal receipt printers: the guidance PDF as raster images.

Why raster and not the printer's own text: its fonts have no Khmer, and Khmer needs shaping
(subscript consonants, vowels around the base) that only our PDF renderer does. So the PDF,
where reportlab and HarfBuzz already placed every glyph, is rendered with PDFium at the
printer's dot pitch (8 dots/mm, 203 dpi), its middle 72 mm kept (576 dots: what an 80 mm head
prints; the receipt's 4 mm margins fall outside), made 1-bit, and sent as `GS v 0` raster bands,
then a feed and cut. The commands are the ones every Epson-compatible receipt printer knows
(Epson TM-T20/T88, Star in ESC/POS mode, Xprinter, Rongta, ...).

Before printing, `DLE EOT` asks the printer for its paper and cover state where the link
answers (TCP); a printer that is out of paper gives the visitor the QR code instead.

Why these few lines rather than python-escpos: its raster path needs the same 576-dot image
we make here, and it would bring python-barcode, six, appdirs, argcomplete, importlib-resources
(and pyusb for USB) onto every kiosk for three commands; a device file, a socket or CUPS carry
the bytes without them.
"""
from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.printers.base import PrintError

if TYPE_CHECKING:  # PIL loads with the first receipt (in the print process), not with the kiosk
    from PIL import Image

DOTS_PER_MM = 8  # 203.2 dpi: the pitch of almost every thermal receipt head
PRINT_DOTS = 576  # 72 mm: the printable width of 80 mm paper
PAPER_MM = 80
BAND_ROWS = 256  # rows per GS v 0 command: within every printer's limit (some take 2303 at most)
THRESHOLD = 160  # grey below this is a dot: keeps Khmer's thin strokes, leaves the paper white
PT_PER_MM = 72 / 25.4

INIT = b"\x1b\x40"  # ESC @: forget any earlier mode
CUT = b"\x1d\x56\x41\x03"  # GS V 65 3: feed to the cutter (plus 3 units) and cut
STATUS_QUERY = b"\x10\x04\x02\x10\x04\x04"  # DLE EOT 2 (offline cause), DLE EOT 4 (paper)

# PDFium is not thread-safe: one rendering at a time, whatever thread asks (ui/printing too).
PDFIUM_LOCK = threading.Lock()


def raster(pdf: bytes, *, dots: int = PRINT_DOTS, dots_per_mm: int = DOTS_PER_MM,
           threshold: int = THRESHOLD) -> list[Image.Image]:
    """Every page of the receipt PDF as a 1-bit image `dots` wide (mode "1", black = 0)."""
    import pypdfium2 as pdfium

    scale = dots_per_mm / PT_PER_MM  # pixels per PDF point
    images: list[Image.Image] = []
    with PDFIUM_LOCK:
        document = pdfium.PdfDocument(pdf)
        try:
            for page in document:
                width_mm = page.get_size()[0] / PT_PER_MM
                if abs(width_mm - PAPER_MM) > 2:
                    page.close()
                    raise PrintError("The page is {width:.0f} mm wide; an 80 mm receipt printer "
                                     "prints receipts only (set printer_format=receipt).",
                                     width=width_mm)
                grey = page.render(scale=scale, grayscale=True).to_pil().convert("L")
                page.close()
                left = max(0, (grey.width - dots) // 2)
                grey = grey.crop((left, 0, left + dots, grey.height))
                images.append(grey.point(lambda v: 255 if v >= threshold else 0, mode="1"))
        finally:
            document.close()
    return images


def encode(images: Sequence[Image.Image], *, cut: bool = True) -> bytes:
    """The printer's byte stream: initialise, each image as raster bands, a cut after each."""
    out = bytearray(INIT)
    for image in images:
        mono = image if image.mode == "1" else image.convert("L").point(
            lambda v: 255 if v >= THRESHOLD else 0, mode="1")
        width_bytes = (mono.width + 7) // 8
        # PIL packs "1" images MSB first with 1 = white; ESC/POS wants 1 = a dot
        bits = bytes(b ^ 0xFF for b in mono.tobytes())
        pad = width_bytes * 8 - mono.width  # the padding bits at the end of each row stay white
        if pad:
            mask = (0xFF << pad) & 0xFF
            bits = bytes(b & mask if (i + 1) % width_bytes == 0 else b for i, b in enumerate(bits))
        for top in range(0, mono.height, BAND_ROWS):
            rows = min(BAND_ROWS, mono.height - top)
            out += b"\x1d\x76\x30\x00" + bytes([width_bytes & 0xFF, width_bytes >> 8,
                                                rows & 0xFF, rows >> 8])
            out += bits[top * width_bytes:(top + rows) * width_bytes]
        if cut:
            out += CUT
    return bytes(out)


@dataclass(frozen=True)
class PrinterState:
    """What DLE EOT 2 and 4 said."""

    cover_open: bool = False
    paper_out: bool = False
    paper_low: bool = False
    error: bool = False

    def problem(self, name: str) -> PrintError | None:
        if self.paper_out:
            return PrintError("Printer {name} is out of paper.", name=name)
        if self.cover_open:
            return PrintError("Printer {name} has its cover open.", name=name)
        if self.error:
            return PrintError("Printer {name} is in an error state (paper jam or cutter).",
                              name=name)
        return None


def parse_status(answer: bytes) -> PrinterState | None:
    """The answers to STATUS_QUERY, or None when they are not status bytes (no answer, a
    printer that does not speak DLE EOT)."""
    if len(answer) < 2 or any(b & 0x93 != 0x12 for b in answer[:2]):
        return None
    offline, paper = answer[0], answer[1]
    return PrinterState(cover_open=bool(offline & 0x04),
                        paper_out=bool(offline & 0x20) or paper & 0x60 == 0x60,
                        paper_low=paper & 0x0C == 0x0C, error=bool(offline & 0x40))
