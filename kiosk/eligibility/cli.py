"""`kiosk eligibility`: the rules on a facts file, as JSON or as a readable table."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from kiosk.errors import KioskError
from kiosk.i18n import DEFAULT_LOCALE, LOCALES

MARKS = {True: "+", False: "-", None: "?"}  # held, failed, still open


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "eligibility",
        help="evaluate the eligibility rules on a set of facts",
        description="Evaluate the eligibility rules on facts given as a JSON object, e.g. "
                    "{\"role\": \"worker\", \"employer_registered\": true} (any fact may be "
                    "\"dont_know\"). The rules are those of the checkout (data/rules) unless "
                    "--bundle or --data-dir names the content whose rules a kiosk evaluates.",
    )
    parser.add_argument("--facts", required=True, metavar="FILE.json",
                        help="the facts as a JSON object; '-' reads standard input")
    parser.add_argument("--benefit", metavar="ID", help="one benefit (default: every benefit)")
    parser.add_argument("--lang", choices=LOCALES, default=DEFAULT_LOCALE,
                        help=f"language of the reasons (default: {DEFAULT_LOCALE})")
    parser.add_argument("--json", action="store_true",
                        help="print a JSON list of {benefit, outcome, reasons, missing, ...}")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--rules", metavar="DIR", help="rules folder (default: data/rules)")
    where.add_argument("--bundle", metavar="FILE", type=Path,
                       help="the rules a content bundle carries")
    where.add_argument("--data-dir", metavar="DIR", type=Path,
                       help="the rules of a kiosk's current content (its data folder)")
    parser.add_argument("--on", metavar="YYYY-MM-DD", default=None,
                        help="the day whose parameter values apply (default: today)")
    parser.set_defaults(run=run)


def read_facts(name: str) -> Any:
    if name == "-":
        text, where = sys.stdin.read(), "<stdin>"
    else:
        try:
            text, where = Path(name).read_text(encoding="utf-8"), name
        except OSError as exc:
            raise KioskError("cannot read the facts file {name}: {reason}", name=name,
                             reason=exc.strerror) from None
        except UnicodeDecodeError:
            raise KioskError("{name}: the facts file is not UTF-8 text", name=name) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise KioskError("{where}: not valid JSON: {reason}", where=f"{where}:{exc.lineno}",
                         reason=exc.msg) from None


def rule_book(args: argparse.Namespace) -> Any:
    """The rules `--rules`, `--bundle` or `--data-dir` names (default: the checkout's)."""
    from kiosk.eligibility import load_rules, rules_of_library

    if args.bundle is None and args.data_dir is None:
        return load_rules(args.rules)
    from kiosk.content.library import Library

    if args.bundle is not None:
        path = args.bundle
    else:
        from kiosk.device import Device

        path = Device.open(args.data_dir).bundle_path
    with Library(path) as library:
        if not library.rule_files():
            print(f"note: {path} carries no rules; a kiosk evaluates the ones it ships with "
                  "(data/rules)", file=sys.stderr)
        return rules_of_library(library)


def run(args: argparse.Namespace) -> int:
    from kiosk.eligibility import parse_day

    day = parse_day(args.on) if args.on else None
    facts = read_facts(args.facts)
    book = rule_book(args)
    if args.benefit:
        decisions = [book.decide(args.benefit, facts, args.lang, on=day)]
    else:
        decisions = book.decide_all(facts, args.lang, on=day)
    if args.json:
        payload = [d.to_json(args.lang) for d in decisions]
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print(table(decisions))
    return 0


def table(decisions: list[Any]) -> str:
    """Benefit and outcome (ASCII ids, so the columns line up whatever the script), then the
    trace in the visitor's language."""
    width = max(len(d.benefit) for d in decisions)
    out_width = max(len(d.outcome) for d in decisions)
    lines = [f"{'benefit':<{width}}  {'outcome':<{out_width}}  result",
             "-" * (width + out_width + 10)]
    shown: list[str] = []
    for d in decisions:
        lines.append(f"{d.benefit:<{width}}  {d.outcome:<{out_width}}  "
                     f"{d.title[d.locale]}: {d.outcome_text[d.locale]}")
        pad = " " * (width + 2)
        for reason in d.reasons:
            lines.append(f"{pad}{MARKS[reason.held]} {reason.text}")
        if d.missing:
            lines.append(f"{pad}missing: {', '.join(d.missing)}")
        if d.unanswered:
            lines.append(f"{pad}not known: {', '.join(d.unanswered)}")
        if d.until:
            lines.append(f"{pad}until: {d.until[d.locale]}")
        checklist = d.next_step.get("checklist")
        lines.append(f"{pad}> {d.next_step[d.locale]}" + (f" [{checklist}]" if checklist else ""))
        if d.estimate and d.estimate.lines != shown:  # an employer's: once, not per benefit
            shown = d.estimate.lines
            lines.extend(f"{pad}  {line}" for line in d.estimate.lines)
    dated = {p.name: p for d in decisions for p in d.parameters}
    if decisions:
        lines.append(f"values in force on {decisions[0].on}: " + ", ".join(
            f"{p.name} {p.text(decisions[0].locale)} (since {p.since})"
            for p in sorted(dated.values(), key=lambda p: p.name)))
    return "\n".join(lines)
