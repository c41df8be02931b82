"""`kiosk status`, `kiosk pin set`, `kiosk settings`: the device's own state from a shell."""
from __future__ import annotations

import argparse
import dataclasses
import getpass
import sys
from pathlib import Path

from kiosk.device import Device, Settings
from kiosk.errors import KioskError


def add_data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="the kiosk's data folder (default: the platform's user data dir)")


def register(sub: argparse._SubParsersAction) -> None:
    status = sub.add_parser("status", help="content version, last sync, journey log size")
    add_data_dir(status)
    status.set_defaults(run=_status)

    pin = sub.add_parser("pin", help="set the staff PIN (read from the terminal or stdin)")
    pin.add_argument("action", choices=["set"])
    add_data_dir(pin)
    pin.set_defaults(run=_pin)

    settings = sub.add_parser("settings", help="show or change device settings")
    settings.add_argument("pairs", nargs="*", metavar="KEY=VALUE")
    add_data_dir(settings)
    settings.set_defaults(run=_settings)


def _status(args: argparse.Namespace) -> int:
    from kiosk.content.library import Library

    device = Device.open(args.data_dir)
    print(f"data dir: {device.root}")
    if device.bundle_path.is_file():
        with Library(device.bundle_path) as library:
            meta = library.meta
        print(f"content version: {meta.content_version}")
        print(f"content hash: {meta.content_hash[:12]}")
        print(f"records: {meta.records}, locales: {', '.join(meta.locales)}")
    else:
        print("content version: none (the shipped content is built at first start)")
    state = device.sync_state()
    print(f"last sync: {state.last_try or 'never'} ({state.last_result})")
    print(f"last success: {state.last_success or 'never'}")
    if state.last_error:
        print(f"last error: {state.last_error}")
    print(f"bytes fetched: {state.bytes_fetched}")
    if device.previous_bundle_path.is_file():
        print(f"previous bundle kept: {device.previous_bundle_path}")
    log = device.journey()
    print(f"journey log: {log.count()} events, {log.visits()} visits")
    log.close()
    return 0


def _pin(args: argparse.Namespace) -> int:
    device = Device.open(args.data_dir)
    if sys.stdin.isatty():
        pin = getpass.getpass("new staff PIN: ")
        if getpass.getpass("again: ") != pin:
            raise KioskError("the two PINs differ; nothing changed")
    else:
        pin = sys.stdin.readline().strip()
    device.set_pin(pin)
    print("staff PIN set")
    return 0


def _settings(args: argparse.Namespace) -> int:
    device = Device.open(args.data_dir)
    fields = {f.name: f for f in dataclasses.fields(Settings)}
    for pair in args.pairs:
        key, sep, value = pair.partition("=")
        if not sep or key not in fields or key == "staff_pin_hash":
            raise KioskError(f"cannot set {pair!r}: use KEY=VALUE with KEY one of "
                             + ", ".join(k for k in fields if k != "staff_pin_hash"))
        kind = type(getattr(device.settings, key))
        try:
            parsed = (value.lower() in ("1", "true", "yes")) if kind is bool else kind(value)
        except ValueError:
            raise KioskError(f"{key} must be a {kind.__name__}, not {value!r}") from None
        setattr(device.settings, key, parsed)
    if args.pairs:
        device.save_settings()
    for key, value in dataclasses.asdict(device.settings).items():
        if key == "staff_pin_hash":
            value = "set" if value else "install default (change it: kiosk pin set)"
        print(f"{key}: {value}")
    return 0
