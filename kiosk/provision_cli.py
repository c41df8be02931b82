"""`kiosk provision FILE` (a kiosk's first settings), `kiosk provision sign` and
`kiosk provision hash-pin` (head office, to make the file)."""
from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

from kiosk.device import Device, hash_pin
from kiosk.errors import KioskError
from kiosk.paths import SHIPPED_ROOT
from kiosk.pin import normalize_pin


def register(sub: argparse._SubParsersAction) -> None:
    provision = sub.add_parser("provision", help="apply a kiosk's provisioning file, once")
    provision.add_argument("file", type=Path, help="provisioning file (JSON), or 'sign'/'hash-pin'",
                           nargs="?")
    provision.add_argument("--data-dir", type=Path, default=None,
                           help="the kiosk's data folder (default: the platform's user data dir)")
    provision.add_argument("--root", type=Path, default=None,
                           help="trusted root.json whose targets key signs provisioning files "
                           "(default: the shipped one)")
    provision.add_argument("--require-signature", action="store_true",
                           help="refuse unsigned files (first boot from a USB stick)")
    provision.add_argument("--keys", type=Path, help="sign: the folder made by `kiosk keys init`")
    provision.add_argument("-o", "--output", type=Path, help="sign: where to write the signed file")
    provision.set_defaults(run=_provision)


def _provision(args: argparse.Namespace) -> int:
    from kiosk import provision

    if args.file is None:
        raise KioskError("give a provisioning file: kiosk provision FILE")
    if str(args.file) == "hash-pin":
        pin = getpass.getpass("staff PIN: ") if sys.stdin.isatty() else sys.stdin.readline().strip()
        print(hash_pin(normalize_pin(pin)))  # Latin or Khmer digits, as the pad and pin set
        return 0
    if str(args.file) == "sign":
        raise KioskError("usage: kiosk provision UNSIGNED.json --keys DIR -o SIGNED.json "
                         "(give the file to sign, not the word sign)")
    if args.keys:  # head office: sign a file
        if not args.output:
            raise KioskError("--keys signs the file: give -o SIGNED.json too")
        try:
            values = json.loads(args.file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise KioskError("{path}: not a readable JSON file: {reason}", path=args.file,
                             reason=exc) from None
        document = provision.sign(values, args.keys)
        args.output.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n",
                               encoding="utf-8")
        print(f"signed {args.file} -> {args.output}")
        return 0
    device = Device.open(args.data_dir)
    found = provision.read(args.file, root_file=args.root or SHIPPED_ROOT,
                           require_signature=args.require_signature)
    provision.apply(device, found)
    print(f"provisioned {device.settings.kiosk_name!r} from {args.file} ({found.signed_by})")
    return 0
