"""Printers without Qt: an 80 mm ESC/POS receipt printer fed with raster images, and CUPS
queues fed with the guidance PDF as it is.

- `escpos`: the receipt PDF rendered to a 1-bit image 576 dots (72 mm) wide, as ESC/POS
  raster commands (`GS v 0`) with a cut; the printer's paper and cover state (`DLE EOT`).
- `transport`: where those bytes go: a device file (`/dev/usb/lp0`), a TCP socket (`:9100`),
  or a raw CUPS queue; every wait has a deadline.
- `cups`: `lp`/`lpstat`, so CUPS gets the PDF itself (its filters render it for the printer).
- `backends`: the two as print backends (`printers()`, `print_document()`), `job`: one print
  with its outcome kept for the staff panel.

The Qt side (ui/printing.py) adds QPrinter for systems without CUPS and picks the backend from
the device settings (`printer_kind`, `printer_address`, `printer`).
"""
from __future__ import annotations

from kiosk.printers.base import PrinterInfo, PrintError, PrintOutcome

__all__ = ["PrintError", "PrintOutcome", "PrinterInfo"]
