"""`kiosk report`: head office's page on the fleet, from every object in a bucket or folder."""
from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import sys
from pathlib import Path

from kiosk.errors import KioskError
from kiosk.i18n import LOCALES, Literal, Msg


def register(sub: argparse._SubParsersAction) -> None:
    report = sub.add_parser("report", help="head office: funnel, drop-offs and the fleet table, "
                                           "read with DuckDB, as one HTML page")
    report.add_argument("--source", required=True, metavar="s3://…|DIR",
                        help="s3://BUCKET/PREFIX, http(s)://HOST:PORT/BUCKET/PREFIX or a folder "
                             "(credentials from the environment: AWS_ACCESS_KEY_ID, "
                             "AWS_SECRET_ACCESS_KEY; a read and list key)")
    report.add_argument("--endpoint", default="", help="for s3:// URLs: http(s)://HOST[:PORT]")
    report.add_argument("--lang", choices=LOCALES, default="km")
    report.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.html")
    report.add_argument("--as-of", default=None, metavar="YYYY-MM-DD",
                        help="the day the fleet table is judged on (default: today)")
    report.add_argument("--content", type=Path, default=None,
                        help="content source for the names of benefits and papers "
                             "(default: the shipped content)")
    report.add_argument("--cache", type=Path, default=None, metavar="DIR",
                        help="keep fetched objects here and read them from here next time "
                             "(names are content hashes: a kept object never goes stale)")
    report.set_defaults(run=_report)


def _report(args: argparse.Namespace) -> int:
    _check_office_tools()
    from kiosk.counts.storage import open_store
    from kiosk.device import write_atomic
    from kiosk.report.build import build_report

    as_of = dt.date.today()
    if args.as_of:
        try:
            as_of = dt.date.fromisoformat(args.as_of)
        except ValueError:
            raise KioskError("--as-of {day!r} is not a day (YYYY-MM-DD)", day=args.as_of) from None
    if args.output.is_dir():
        raise KioskError("{path} is a folder: give a file name for the page", path=args.output)
    store = open_store(args.source, endpoint=args.endpoint)
    if args.cache is not None:
        try:
            args.cache.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise KioskError("cannot use {path} as a cache: {reason}", path=args.cache,
                             reason=exc.strerror or exc) from None
    page, data, loaded = build_report(store, args.lang, as_of, args.content, args.cache)
    try:
        write_atomic(args.output, page.encode("utf-8"))
    except OSError as exc:
        raise KioskError("cannot write {path}: {reason}", path=args.output,
                         reason=exc.strerror or exc) from None
    for line in data.total_lines():
        print(line)
    print(f"objects read: {loaded.objects}, skipped: {len(loaded.skipped)}")
    for line in loaded.skipped[:20]:
        print(f"skipped {line}", file=sys.stderr)
    print(f"wrote {args.output} ({len(page)} characters)")
    return 0


OFFICE_TOOLS = ("duckdb", "matplotlib")  # pyproject's `office` extra


def _check_office_tools() -> None:
    """A kiosk's package carries no report tools (DuckDB, matplotlib: head office's alone): one
    line in both languages, since whoever runs it may read either, instead of a traceback."""
    missing = [name for name in OFFICE_TOOLS if not _importable(name)]
    if missing:
        problem = Msg("kiosk report needs {tools}, which a kiosk does not carry: on head office's "
                      "computer, {install}", tools=", ".join(missing),
                      install="pip install 'nssf-kiosk[office]'")
        raise KioskError(Literal(f"{problem.text('en')} / {problem.text('km')}"))


def _importable(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):  # ValueError: a module set to None (not importable)
        return False
