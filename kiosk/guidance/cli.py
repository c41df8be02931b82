"""`kiosk print`: the printable guidance for a benefit, a checklist or a decision, as a PDF file.

    kiosk print maternity-allowance --lang km --format receipt -o r.pdf
    kiosk print injury-care --lang en --format a4 --have id-card nssf-card -o c.pdf
    kiosk print maternity-allowance --facts facts.json -o d.pdf

    kiosk print asked-to-pay --lang km -o g.pdf                  (a guide)
    kiosk print employer --kind employer -o e.pdf                (an employer's duties)
    echo '{"wages_riel": [1000000, 800000]}' | kiosk print monthly-total --kind monthly --facts - -o m.pdf

ID is a benefit, checklist or guide id. With --facts it prints the eligibility decision for that
benefit (with --kind monthly: the monthly total of the wages in the facts); with --have
(documents the visitor has) the benefit's claim checklist. Runs without a display: no Qt here.
"""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kiosk.device import write_atomic
from kiosk.errors import KioskError
from kiosk.guidance import KINDS, NEEDS_RULES
from kiosk.i18n import LOCALES


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("print", help="make the printable guidance (PDF) for a benefit, "
                            "a checklist or an eligibility decision")
    parser.add_argument("id", metavar="ID", help="a benefit id or a checklist id")
    parser.add_argument("--lang", choices=LOCALES, default="km", help="language (default km)")
    parser.add_argument("--format", choices=("a4", "receipt"), default="receipt",
                        help="A4 page or 80 mm receipt roll (default receipt)")
    parser.add_argument("-o", "--output", type=Path, required=True, help="PDF file to write")
    parser.add_argument("--facts", metavar="FILE.json",
                        help="facts (JSON, '-' for stdin): print the eligibility decision")
    parser.add_argument("--have", nargs="+", action="extend", default=[], metavar="DOC_ID",
                        help="documents the visitor has (ticked on the checklist)")
    parser.add_argument("--kind", choices=KINDS,
                        help="what to print (default: decision with --facts, a guide for a "
                        "guide id, checklist for a checklist id or with --have, else benefit; "
                        "overview: \"what can I get?\" across every benefit, with --facts and "
                        "ID all; employer: an employer's duties; monthly: the monthly total of "
                        "--facts {\"wages_riel\": [...]})")
    parser.add_argument("--bundle", type=Path, help="content bundle (default: the device's)")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="the kiosk's data folder: its current bundle, and its site address "
                        "(the site_url setting, else the one published with the content)")
    parser.add_argument("--rules", metavar="DIR",
                        help="rules folder (default: the rules the bundle carries)")
    parser.set_defaults(run=run)


def _kind(args: argparse.Namespace, library: Any) -> str:
    if args.kind:
        return args.kind
    if args.facts:
        return "decision"
    if args.id in library.ids("guides"):
        return "guide"
    is_benefit = args.id in library.ids("benefits")
    if not is_benefit or args.have:
        return "checklist"
    return "benefit"


def run(args: argparse.Namespace) -> int:
    from kiosk.content.library import Library
    from kiosk.device import Device
    from kiosk.guidance import PrintRequest, make_pdf
    from kiosk.site.address import site_url_for

    device = Device.open(args.data_dir) if (args.data_dir or not args.bundle) else None
    bundle = args.bundle or device.ensure_bundle()  # type: ignore[union-attr]
    have = [doc for value in args.have for doc in value.split(",") if doc]
    facts = None
    rules = None
    if args.facts:
        from kiosk.eligibility.cli import read_facts

        facts = read_facts(args.facts)
        if not isinstance(facts, dict):
            raise KioskError("{path}: the facts must be a JSON object", path=args.facts)
    if args.rules:
        from kiosk.eligibility import load_rules

        rules = load_rules(args.rules)
    with Library(bundle) as library:
        kind = _kind(args, library)
        if kind == "overview" and facts is None:
            raise KioskError("--kind overview needs --facts")
        if kind == "monthly":
            facts = _wages(facts)
        if kind in ("benefit", "decision") and args.id not in library.ids("benefits"):
            library.benefit(args.id)  # raises the one-line "no benefit ..." error
        if kind == "guide":
            library.guide(args.id)
        if rules is None and kind in NEEDS_RULES:
            from kiosk.eligibility import rules_of_library

            rules = rules_of_library(library)
        if have and kind != "decision":
            known = [doc.id for doc in library.checklist(args.id).documents]
            unknown = [doc for doc in have if doc not in known]
            if unknown:
                raise KioskError("--have {document!r} is not a document of this checklist "
                                 "(known: {known})", document=unknown[0], known=", ".join(known))
        request = PrintRequest(kind, args.id, args.lang, args.format, tuple(have), facts)
        # the device's site address, else the one published with its content
        site = site_url_for(library, device.settings if device else None)
        pdf = make_pdf(library, request, rules=rules, site_url=site)
    try:
        write_atomic(args.output, pdf)
    except OSError as exc:
        raise KioskError("cannot write {path}: {reason}", path=args.output,
                         reason=exc.strerror) from None
    print(f"wrote {args.output}: {kind} {args.id}, {args.lang}, {args.format}")
    return 0


def _wages(facts: Any) -> dict[str, list[int]]:
    """The wages of a monthly total, from --facts: {"wages_riel": [one whole number a worker]}."""
    wages = (facts or {}).get("wages_riel") if isinstance(facts, dict) else None
    if not isinstance(wages, list) or not wages or not all(
            isinstance(w, int) and not isinstance(w, bool) and 0 < w <= 1_000_000_000
            for w in wages):
        raise KioskError(
            "--kind monthly needs --facts with \"wages_riel\": a list of monthly wages in riel, "
            "whole numbers from 1 to 1,000,000,000")
    return {"wages_riel": wages}
