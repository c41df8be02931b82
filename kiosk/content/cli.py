"""`kiosk content validate|build|confirm|breaks`."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk.paths import CONTENT_DIR


def register(sub: argparse._SubParsersAction) -> None:
    content = sub.add_parser("content", help="check, build and confirm the content source")
    csub = content.add_subparsers(dest="content_command", required=True, metavar="ACTION")

    validate = csub.add_parser("validate", help="check the content; path:line per problem")
    validate.add_argument("dir", nargs="?", type=Path, default=CONTENT_DIR)
    validate.add_argument("--rules", type=Path, default=None,
                          help="eligibility rules to check with it (default: data/rules; '-': "
                               "the content alone)")
    validate.set_defaults(run=_validate)

    build = csub.add_parser("build", help="build the content bundle (SQLite)")
    build.add_argument("dir", nargs="?", type=Path, default=CONTENT_DIR)
    build.add_argument("-o", "--output", type=Path, required=True, help="bundle file to write")
    build.add_argument("--version", type=int, default=0, help="content version to record")
    build.add_argument("--built-at", default=None,
                       help="build time to record (default: SOURCE_DATE_EPOCH, else none)")
    build.add_argument("--rules", type=Path, default=None,
                       help="eligibility rules the bundle carries (default: data/rules; '-': "
                            "none)")
    build.set_defaults(run=_build)

    confirm = csub.add_parser(
        "confirm", help="mark Khmer translations as checked against their current English")
    confirm.add_argument("dir", nargs="?", type=Path, default=CONTENT_DIR)
    confirm.add_argument("--record", help="only this record id")
    confirm.set_defaults(run=_confirm)

    breaks = csub.add_parser(
        "breaks", help="show where each text may break into lines ('|' at each opportunity)")
    breaks.add_argument("texts", nargs="+", metavar="TEXT",
                        help="texts to check ('-' reads one text per line from stdin)")
    breaks.add_argument("--lang", choices=("km", "en"), default="km",
                        help="the language the text is in (default: km)")
    breaks.set_defaults(run=_breaks)


def _validate(args: argparse.Namespace) -> int:
    from kiosk.source import rules_dir, validate_source

    content, problems = validate_source(args.dir, rules_dir(args.rules))
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"ok: {content.count()} records in {args.dir}" + ("" if str(args.rules) == "-" else
                                                            ", rules ok"))
    return 0


def _build(args: argparse.Namespace) -> int:
    from kiosk.content.bundle import build_bundle
    from kiosk.source import load_source, rules_dir

    content = load_source(args.dir, rules_dir(args.rules))
    info = build_bundle(content, args.output, version=args.version, built_at=args.built_at)
    rules = f", {len(content.rules)} rule files" if content.rules else ", no rules"
    print(f"built {info.path}: {info.records} records{rules}, version {info.content_version}, "
          f"hash {info.content_hash[:12]}")
    return 0


def _confirm(args: argparse.Namespace) -> int:
    from kiosk.content.confirm import confirm

    count = confirm(args.dir, args.record)
    print(f"confirmed {count} translation(s)")
    return 0


def _breaks(args: argparse.Namespace) -> int:
    from kiosk.text.breaks import marked

    texts = []
    for text in args.texts:
        texts += sys.stdin.read().splitlines() if text == "-" else [text]
    for text in texts:
        print(marked(text, args.lang))
    return 0
