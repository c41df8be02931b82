"""`kiosk printer list` and `kiosk printer test`: an IT officer checks the kiosk's printer from
a shell, through the same backends the app prints with (no display needed)."""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.device import Settings
    from kiosk.printers.base import DocumentBackend


def register(sub: argparse._SubParsersAction) -> None:
    printer = sub.add_parser("printer", help="the kiosk's printer: what is found, a test page")
    psub = printer.add_subparsers(dest="printer_command", required=True, metavar="ACTION")
    found = psub.add_parser("list", help="the printer the settings name, and what else is found")
    test = psub.add_parser("test", help="print the test page on the kiosk's printer")
    for parser in (found, test):
        parser.add_argument("--data-dir", type=Path, default=None,
                            help="the kiosk's data folder (default: the platform's user data dir)")
    test.add_argument("--lang", choices=["km", "en"], default=None,
                      help="the test page's language (default: the kiosk's)")
    found.set_defaults(run=_list)
    test.set_defaults(run=_test)


def _backend(settings: Settings) -> DocumentBackend:
    from kiosk.errors import KioskError
    from kiosk.printers.backends import core_backend

    if settings.printer_kind == "none":
        raise KioskError("printer_kind is none: this kiosk shows the QR code instead of printing")
    backend = core_backend(settings)
    if backend is None:
        raise KioskError("no CUPS on this computer (lp, lpstat): print the test page from the "
                         "staff panel")
    return backend


def _list(args: argparse.Namespace) -> int:
    from kiosk.device import Device
    from kiosk.printers.backends import receipt_addresses

    settings = Device.open(args.data_dir).settings
    where = settings.printer_address if settings.printer_kind == "escpos" else (
        settings.printer or "the default queue")
    print(f"printer: {settings.printer_kind}, {where}, paper {settings.printer_format}")
    if settings.printer_kind != "none":
        for info in _backend(settings).printers():
            state = info.problem.en if info.problem else "ready"
            print(f"  {info.name}{' (default)' if info.is_default else ''}: {state}")
    usb = [a for a in receipt_addresses() if a.startswith("/dev/")]
    print(f"USB receipt printers plugged in: {', '.join(usb) or 'none'}")
    return 0


def _test(args: argparse.Namespace) -> int:
    from kiosk.device import Device
    from kiosk.errors import KioskError
    from kiosk.guidance import make_test_page
    from kiosk.printers.job import print_document
    from kiosk.site.address import site_url_for

    device = Device.open(args.data_dir)
    settings = device.settings
    backend = _backend(settings)
    fmt = "receipt" if settings.printer_kind == "escpos" else settings.printer_format
    pdf = make_test_page(args.lang or settings.default_locale, fmt, kiosk_name=settings.kiosk_name,
                         printer=settings.printer_address or settings.printer,
                         site_url=site_url_for(None, settings))
    outcome = print_document(pdf, device=device, backend=backend, title="Printer test page")
    if not outcome.ok:
        raise outcome.problem or KioskError("the test page did not print")
    print(f"test page printed on {outcome.printer}")
    return 0
