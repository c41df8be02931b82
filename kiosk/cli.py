"""The `kiosk` command: content, eligibility, printing, keys, publishing, sync and status.

Each part of the core registers its own subcommands (`register(subparsers)` in its `cli`
module), so this file stays a table of contents. Problems a user can fix print one clear line
and exit 1; they never print a stack trace.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from kiosk.errors import KioskError

# Modules that add subcommands; each has `register(subparsers) -> None`.
COMMAND_MODULES = (
    "kiosk.content.cli",
    "kiosk.eligibility.cli",
    "kiosk.guidance.cli",
    "kiosk.sync.cli",
    "kiosk.device_cli",
    "kiosk.provision_cli",
    "kiosk.sync.app_cli",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk", description="NSSF kiosk core tools")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # that part is not built yet
                continue
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code = args.run(args)
    except KioskError as exc:
        problems = getattr(exc, "problems", None)
        for line in problems or [str(exc)]:
            print(line, file=sys.stderr)
        return 1
    return int(code or 0)


if __name__ == "__main__":
    sys.exit(main())
