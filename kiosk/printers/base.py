"""What every print backend speaks: the printers it sees, their problems, a print's outcome."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from kiosk.errors import KioskError


class PrintError(KioskError):
    """A printer problem, worded for staff in both languages."""


@dataclass(frozen=True)
class PrinterInfo:
    name: str
    is_default: bool = False
    problem: PrintError | None = None  # the printer's own state: error, offline


@dataclass(frozen=True)
class PrintOutcome:
    ok: bool
    printer: str  # the printer used ("" when there was none)
    problem: PrintError | None = None

    def message(self, locale: str) -> str:
        return self.problem.message(locale) if self.problem else ""


class DocumentBackend(Protocol):
    """A backend that takes the guidance PDF itself: CUPS (its filters render PDF for the
    printer) and ESC/POS (which renders its own raster at the printer's dot pitch)."""

    def printers(self) -> list[PrinterInfo]: ...

    def print_document(self, name: str, pdf: bytes, title: str) -> None:
        """Print `pdf` on printer `name`; raises PrintError if the job fails."""


NO_PRINTER = ("No printer is installed on this computer.",)  # PrintError(*NO_PRINTER)
# printer_kind "none": not a problem to record, the visitor gets the QR code
NO_PRINTER_ON_PURPOSE = ("This kiosk has no printer: visitors scan the QR code.",)


def choose_printer(printers: list[PrinterInfo], wanted: str) -> PrinterInfo:
    """The printer named in settings, or the default one; PrintError if there is none."""
    if not printers:
        raise PrintError(*NO_PRINTER)
    if wanted:
        for info in printers:
            if info.name == wanted:
                return info
        raise PrintError("Printer {name} is not installed (found: {found}).", name=wanted,
                         found=", ".join(p.name for p in printers))
    return next((p for p in printers if p.is_default), printers[0])
