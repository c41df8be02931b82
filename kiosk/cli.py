"""The `kiosk` command: content, eligibility, printing, keys, publishing, sync and status.

Each part of the core registers its own subcommands (`register(subparsers)` in its `cli`
module), so this file stays a table of contents. Problems a user can fix print one clear line
and exit 1; they never print a stack trace.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys
from typing import NoReturn

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
    "kiosk.counts.cli",
    "kiosk.report.cli",
    "kiosk.printers.cli",
)


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (`kiosk sync: error: ...`) and exit 2, with the
    hint to ask for --help instead of the whole usage block."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(prog="kiosk", description="NSSF kiosk core tools")
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


def run_command(args: argparse.Namespace, prog: str = "kiosk") -> int:
    """Run a parsed command: a user's problem is one line on stderr and exit 1, never a stack
    trace. Files it creates are this user's only (a kiosk's data dir holds the PIN hash and
    the journey log)."""
    old_umask = os.umask(0o077)
    try:
        return int(args.run(args) or 0)
    except KioskError as exc:
        problems = getattr(exc, "problems", None)
        for line in problems or [str(exc)]:
            print(line, file=sys.stderr)
        return 1
    except OSError as exc:  # a file that is not there, not readable, a full disk
        where = f" {exc.filename}" if exc.filename else ""
        print(f"{prog}: cannot use{where}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except UnicodeError as exc:
        print(f"{prog}: not UTF-8 text: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: one line, the trace only when asked
        if os.environ.get("KIOSK_DEBUG"):
            raise
        print(f"{prog}: internal error: {type(exc).__name__}: {exc} "
              "(run with KIOSK_DEBUG=1 for the details)", file=sys.stderr)
        return 70
    finally:
        os.umask(old_umask)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return run_command(args)


if __name__ == "__main__":
    sys.exit(main())
