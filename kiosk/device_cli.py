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
    from kiosk.content.health import bundle_problem
    from kiosk.content.library import Library
    from kiosk.sync.running import running_since

    device = Device.open(args.data_dir)
    print(f"data dir: {device.root}")
    from kiosk.sync.app_update import app_version_lines

    for line in app_version_lines():
        print(line)
    problem = bundle_problem(device.bundle_path) if device.bundle_path.is_file() else None
    if problem:
        print(f"content version: damaged ({problem}); the kiosk repairs it at its next start")
    elif device.bundle_path.is_file():
        with Library(device.bundle_path) as library:
            meta = library.meta
        print(f"content version: {meta.content_version}")
        print(f"content hash: {meta.content_hash[:12]}")
        print(f"records: {meta.records}, locales: {', '.join(meta.locales)}")
    else:
        print("content version: none (the shipped content is built at first start)")
    state = device.sync_state()
    if state.content_note:
        print(f"content note: {state.content_note}")
    since = running_since(device.root)
    if since:
        print(f"sync in progress since {since}")
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
    from kiosk.counts.outbox import Outbox

    with Outbox.of(device.root) as outbox:
        last = outbox.last_upload()
        print(f"counts: {len(outbox.pending())} days waiting to upload; last upload: "
              f"{last.at or 'never'} ({last.result}{': ' + last.error if last.error else ''})")
    return 0


def _pin(args: argparse.Namespace) -> int:
    device = Device.open(args.data_dir)
    if sys.stdin is not None and sys.stdin.isatty():
        pin = getpass.getpass("new staff PIN: ")
        if getpass.getpass("again: ") != pin:
            raise KioskError("the two PINs differ; nothing changed")
    else:
        pin = sys.stdin.readline() if sys.stdin is not None else ""
    device.set_pin(pin)  # Latin or Khmer digits, as the PIN pad takes them
    print("staff PIN set")
    return 0


def _settings(args: argparse.Namespace) -> int:
    # repair: a file with a bad value still opens here, so that this command can fix it
    device = Device.open(args.data_dir, repair=True)
    names = [name for name in Settings.fields() if name != "staff_pin_hash"]
    changed: set[str] = set()
    for pair in args.pairs:
        key, sep, value = pair.partition("=")
        if not sep or key not in names:
            raise KioskError("cannot set {pair!r}: use KEY=VALUE with KEY one of {known}", pair=pair,
                             known=", ".join(names))
        if key == "trusted_root" and value:
            from kiosk.sync.keys import load_root

            load_root(Path(value))  # a root.json, or one clear line
            value = str(Path(value).resolve())
        device.settings.set(key, Settings.parse(key, value))
        changed.add(key)
    left = [p for p in device.settings_problems if p.args.get("key") not in changed]
    if left:
        raise KioskError("{path}: {problem}; set it too (kiosk settings KEY=VALUE)",
                         path=device.settings_path, problem=left[0])
    if args.pairs:
        device.save_settings()
    for key, value in dataclasses.asdict(device.settings).items():
        if key == "staff_pin_hash":
            value = "set" if value else "not set: the staff panel stays locked (kiosk pin set)"
        print(f"{key}: {value}")
    return 0
