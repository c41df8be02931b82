"""The panel's "Printer and paper" page: what the kiosk prints on, and the paper.

One list of choices, each tap saved at once (settings `printer_kind`, `printer`,
`printer_address`, `printer_format`, kiosk/device.py):
- the computer's print system: its default queue, or one of the queues it offers (on Linux the
  CUPS queues, elsewhere Qt's QPrinterInfo; ui/printing.py asks whichever is there);
- an ESC/POS receipt printer the kiosk drives itself (kiosk/printers), at a USB port found now
  or the address provisioning set (a network one: `kiosk settings printer_address=...`);
- no printer at all: every visitor scans the QR code.
Then the paper: an A4 sheet or an 80 mm receipt (an ESC/POS printer prints receipts only). A
printer saved earlier that is not found now stays listed, marked, so staff see why printing
fails rather than a choice that silently moved.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kiosk.device import Device, Settings
from kiosk.errors import KioskError
from kiosk.i18n import tr
from kiosk.pages.parts import Choice, Link, route
from kiosk.pages.staff.panel import PAPERS
from kiosk.pages.staff.state import FoundPrinter

DEFAULT, NONE, QUEUE, RECEIPT = "default", "none", "printer:", "escpos:"


@dataclass(frozen=True)
class PrinterPage:
    title: str
    printers_label: str
    printers: tuple[Choice, ...]  # keys: "default", "printer:QUEUE", "escpos:ADDRESS", "none"
    found: str  # what the computer offers (or that it is still being asked)
    receipts: str  # where receipt printers come from, when none is plugged in
    papers_label: str
    papers: tuple[Choice, ...]  # a4, receipt
    note: str
    back: Link


def receipt_places(address: str = "") -> list[str]:
    """Where a receipt printer is plugged in now, and the address already set."""
    from kiosk.printers import backends

    return backends.receipt_addresses(address)


def current_key(settings: Settings) -> str:
    if settings.printer_kind == "none":
        return NONE
    if settings.printer_kind == "escpos":
        return RECEIPT + settings.printer_address
    return QUEUE + settings.printer if settings.printer else DEFAULT


def printer_page(settings: Settings, found: Sequence[FoundPrinter] | None, locale: str, *,
                 receipts: Sequence[str] = (), note: str = "") -> PrinterPage:
    """`found`: the queues the print system offers (None while the kiosk still asks it);
    `receipts`: where an ESC/POS printer is plugged in (kiosk.printers.receipt_addresses)."""
    looking, queues = found is None, tuple(found or ())
    chosen = current_key(settings)
    default = next((p.name for p in queues if p.default), "")
    choices = [Choice(DEFAULT, tr("The system default printer ({name})", locale).format(
        name=default) if default else tr("The system default printer", locale), chosen == DEFAULT)]
    names = [p.name for p in queues]
    if settings.printer and settings.printer not in names and not looking:
        names.insert(0, settings.printer)
    for name in names:
        text = name if name in (p.name for p in queues) else tr(
            "{name} (not found on this computer now)", locale).format(name=name)
        choices.append(Choice(QUEUE + name, text, chosen == QUEUE + name))
    addresses = list(receipts)
    if settings.printer_address and settings.printer_address not in addresses:
        addresses.insert(0, settings.printer_address)
    for address in addresses:
        choices.append(Choice(RECEIPT + address, tr("Receipt printer (ESC/POS) at {address}",
                                                    locale).format(address=address),
                              chosen == RECEIPT + address))
    choices.append(Choice(NONE, tr("No printer: visitors scan the QR code", locale),
                          chosen == NONE))
    if looking:
        count = tr("Looking for the printers this computer offers…", locale)
    elif queues:
        count = tr("Printers this computer offers: {names}", locale).format(
            names=", ".join(p.name for p in queues))
    else:
        count = tr("This computer offers no printer: install one (CUPS), or choose "
                   "\"No printer\".", locale)
    receipts_line = "" if addresses else tr(
        "No receipt printer is plugged in. A network printer: kiosk settings "
        "printer_address=tcp://ADDRESS:9100", locale)
    escpos = settings.printer_kind == "escpos"
    return PrinterPage(
        title=tr("Printer and paper", locale),
        printers_label=tr("Print on", locale),
        printers=tuple(choices),
        found=count,
        receipts=receipts_line,
        papers_label=tr("Paper", locale),
        papers=tuple(Choice(key, tr(word, locale), settings.printer_format == key,
                            enabled=key == "receipt" or not escpos)
                     for key, word in PAPERS.items()),
        note=note,
        back=Link(tr("Back to the staff panel", locale), "arrow-left", route("staff")),
    )


def choose_printer(device: Device, key: str) -> None:
    """Save the choice `key`: all its settings or none (KioskError: a value the settings refuse,
    such as a receipt printer address that is no address)."""
    if key == NONE:
        changes: dict[str, str] = {"printer_kind": "none"}
    elif key == DEFAULT:
        changes = {"printer_kind": "system", "printer": ""}
    elif key.startswith(QUEUE):
        changes = {"printer_kind": "system", "printer": key.removeprefix(QUEUE)}
    elif key.startswith(RECEIPT):  # an ESC/POS printer prints receipts only
        changes = {"printer_kind": "escpos", "printer_address": key.removeprefix(RECEIPT),
                   "printer_format": "receipt"}
    else:
        raise ValueError(f"not a printer choice: {key!r}")
    for name, value in changes.items():
        problem = Settings.problem(name, value)
        if problem:
            raise KioskError(problem)
    for name, value in changes.items():
        setattr(device.settings, name, value)
    device.save_settings()


def choose_paper(device: Device, paper: str) -> None:
    if device.settings.printer_kind == "escpos" and paper != "receipt":
        raise ValueError("an ESC/POS printer prints receipts only")
    device.settings.set("printer_format", paper)
    device.save_settings()
