"""Eligibility: rules as data, a safe evaluator, interviews, decisions with a trace, estimates.

    book = load_rules()                                  # data/rules in the checkout
    book = rules_of_library(library)                     # the rules a content bundle carries
    book.decide("maternity-allowance", facts, "km", on=day)  -> Decision
    book.decide_all(facts, "en")                         -> list[Decision]
    book.overview(decisions)                             -> list[Group] (now, later, ...)
    book.interview("maternity-allowance")                -> Interview (None: "what can I get?")

Layers, bottom up (no module imports one above it; tests/core/test_eligibility_layers.py):
- data: facts, tree/expr, text, model, formulas, source, reader, load_questions,
  load_rulesets, loader, dated: the rule files read into plain objects;
- engine: wording, derive, estimate, decision, engine, overview, interview;
- door: book (RuleBook), cases, agree, cli, and this module.
The rules live in `data/rules/` (see loader.py for the layout) and travel inside every content
bundle; their test cases in `data/cases/`. Nothing here imports Qt.
"""
from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from functools import cache
from pathlib import Path
from typing import Any, Protocol

from kiosk.eligibility.book import RuleBook
from kiosk.eligibility.dated import ParamUse, parse_day
from kiosk.eligibility.decision import Decision, Reason
from kiosk.eligibility.estimate import Estimate
from kiosk.eligibility.facts import DONT_KNOW, FACTS, FactError, validate_facts
from kiosk.eligibility.interview import Interview
from kiosk.eligibility.loader import load, read_rules
from kiosk.eligibility.model import GROUPS, OUTCOMES, Question
from kiosk.eligibility.overview import Group
from kiosk.eligibility.source import RuleFiles
from kiosk.i18n import DEFAULT_LOCALE
from kiosk.paths import CASES_DIR, RULES_DIR

__all__ = [
    "CASES_DIR", "DONT_KNOW", "FACTS", "GROUPS", "OUTCOMES", "RULES_DIR", "Decision",
    "Estimate", "FactError", "Group", "Interview", "ParamUse", "Question", "Reason", "RuleBook",
    "RuleFiles", "employer_contribution", "estimate_allowance", "load_rule_files", "load_rules",
    "parse_day", "rules_of_library", "validate_facts", "validate_rules",
]


def validate_rules(dir: Path | str | RuleFiles | None = None) -> list[str]:
    """Every problem in a rules folder as `path:line: message`; empty when it is sound."""
    _, problems = read_rules(dir if dir is not None else RULES_DIR)
    return problems


def load_rules(dir: Path | str | None = None) -> RuleBook:
    """The rule book of `dir` (default: the checkout's `data/rules`, loaded once and cached).
    Raises ContentError listing every problem if the folder does not validate."""
    if dir is None:
        return _default()
    return RuleBook(load(Path(dir)))


def load_rule_files(files: RuleFiles, *, check_khmer: bool = True) -> RuleBook:
    """The rule book of rule texts (a bundle's, a sync's); ContentError if they do not validate."""
    return RuleBook(load(files, check_khmer=check_khmer))


@cache
def _default() -> RuleBook:
    return RuleBook(load(RULES_DIR))


class _Bundle(Protocol):  # kiosk.content.library.Library, without importing it here
    path: Path

    @property
    def meta(self) -> Any: ...

    def rule_files(self) -> dict[str, str]: ...


_BUNDLE_BOOKS: OrderedDict[tuple[str, str], RuleBook] = OrderedDict()


def rules_of_library(library: _Bundle, *, fallback: bool = True) -> RuleBook:
    """The rules the bundle carries, so a kiosk evaluates the rules of the content it shows.
    A bundle built without rules (test repositories) gives the checkout's rules when
    `fallback`, else a KioskError. Loaded once per bundle content (a swap back is free)."""
    from kiosk.errors import KioskError

    files = library.rule_files()
    if not files:
        if fallback:
            return load_rules()
        raise KioskError("{path} carries no eligibility rules (built without --rules)",
                         path=library.path)
    key = (str(library.path), library.meta.content_hash)
    if key not in _BUNDLE_BOOKS:
        # the bundle was validated when it was built and again before a kiosk applied it:
        # the Khmer shaping checks are not run again at every start
        source = RuleFiles.from_texts(files, f"{library.path}:rules")
        _BUNDLE_BOOKS[key] = load_rule_files(source, check_khmer=False)
        while len(_BUNDLE_BOOKS) > 4:
            _BUNDLE_BOOKS.popitem(last=False)
    return _BUNDLE_BOOKS[key]


def _book(book: RuleBook | None) -> RuleBook:
    return book if book is not None else load_rules()


def estimate_allowance(benefit_id: str, monthly_wage_riel: int, days: int | None = None,
                       locale: str = DEFAULT_LOCALE, *, book: RuleBook | None = None,
                       on: dt.date | None = None) -> Estimate:
    """NSSF's allowance for `days` off work (a benefit with fixed days: those)."""
    return _book(book).estimate(benefit_id, monthly_wage_riel, days, locale, on=on)


def employer_contribution(monthly_wage_riel: int, locale: str = DEFAULT_LOCALE, *,
                          book: RuleBook | None = None, on: dt.date | None = None) -> Estimate:
    """What is paid to NSSF each month for one worker with this wage, at the rates in force."""
    return _book(book).contributions(monthly_wage_riel, locale, on=on)
