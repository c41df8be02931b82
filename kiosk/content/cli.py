"""`kiosk content validate|build|confirm`."""
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
                          help="eligibility rules to check too (default: data/rules; '-' to skip)")
    validate.set_defaults(run=_validate)

    build = csub.add_parser("build", help="build the content bundle (SQLite)")
    build.add_argument("dir", nargs="?", type=Path, default=CONTENT_DIR)
    build.add_argument("-o", "--output", type=Path, required=True, help="bundle file to write")
    build.add_argument("--version", type=int, default=0, help="content version to record")
    build.add_argument("--built-at", default=None,
                       help="build time to record (default: SOURCE_DATE_EPOCH, else none)")
    build.set_defaults(run=_build)

    confirm = csub.add_parser(
        "confirm", help="mark Khmer translations as checked against their current English")
    confirm.add_argument("dir", nargs="?", type=Path, default=CONTENT_DIR)
    confirm.add_argument("--record", help="only this record id")
    confirm.set_defaults(run=_confirm)


def _validate(args: argparse.Namespace) -> int:
    from kiosk.content.loader import validate

    content, problems = validate(args.dir)
    if str(args.rules) != "-":
        from kiosk.content.terms import rules_term_problems
        from kiosk.eligibility import RULES_DIR, validate_rules

        problems += validate_rules(args.rules)
        problems += rules_term_problems(content, args.rules or RULES_DIR)
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
    from kiosk.content.loader import load_content

    info = build_bundle(load_content(args.dir), args.output, version=args.version,
                        built_at=args.built_at)
    print(f"built {info.path}: {info.records} records, version {info.content_version}, "
          f"hash {info.content_hash[:12]}")
    return 0


def _confirm(args: argparse.Namespace) -> int:
    from kiosk.content.confirm import confirm

    count = confirm(args.dir, args.record)
    print(f"confirmed {count} translation(s)")
    return 0
