"""One print: choose the printer, send the document, keep the outcome for the staff panel.

Never raises for a printer problem: the caller gets a failed `PrintOutcome` (the print screen
then shows the QR code) and `printer-state.json` gets the problem in both languages."""
from __future__ import annotations

import logging

from kiosk.device import Device
from kiosk.guidance.state import record_ok, record_problem
from kiosk.printers.base import DocumentBackend, PrintError, PrintOutcome, choose_printer

log = logging.getLogger(__name__)


def print_document(pdf: bytes, *, device: Device, backend: DocumentBackend,
                   title: str = "NSSF", wanted: str | None = None) -> PrintOutcome:
    """Print `pdf` on `backend`'s printer named `wanted` (default: the `printer` setting for
    the system's queues, the one receipt printer for ESC/POS)."""
    if wanted is None:
        wanted = device.settings.printer if device.settings.printer_kind == "system" else ""
    name = wanted
    try:
        info = choose_printer(backend.printers(), wanted)
        name = info.name
        if info.problem is not None:
            raise info.problem
        backend.print_document(name, pdf, title)
    except PrintError as problem:
        return failed(device, name, problem)
    except Exception as exc:  # a driver or system failure is a printer problem
        log.exception("printing failed")
        return failed(device, name, PrintError("Printing failed: {reason}", reason=exc))
    record_ok(device, name)
    return PrintOutcome(True, name)


def failed(device: Device, name: str, problem: PrintError) -> PrintOutcome:
    log.info("printer problem: %s", problem.en)  # kept for staff in printer-state.json
    try:
        record_problem(device, name, problem.en, problem.km)
    except OSError:
        log.exception("could not record the printer problem")
    return PrintOutcome(False, name, problem)
