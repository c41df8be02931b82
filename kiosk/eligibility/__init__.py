"""Eligibility: rules as data, a safe evaluator, interviews, decisions with a trace, estimates.

    book = load_rules()
    book.decide("maternity-allowance", facts, "km")  -> Decision
    book.decide_all(facts, "en")                     -> list[Decision]
    book.interview("maternity-allowance")            -> Interview (None: "what can I get?")

The rules live in `data/rules/` (see loader.py for the layout); their test cases in
`data/cases/`. Nothing here imports Qt.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

from kiosk.eligibility.book import RuleBook
from kiosk.eligibility.engine import Decision, Reason
from kiosk.eligibility.estimate import Estimate, employer_contribution, estimate_allowance
from kiosk.eligibility.facts import FACTS, FactError, validate_facts
from kiosk.eligibility.interview import Interview
from kiosk.eligibility.loader import read_rules
from kiosk.eligibility.model import OUTCOMES, Question
from kiosk.errors import ContentError
from kiosk.paths import DATA

RULES_DIR = DATA / "rules"
CASES_DIR = DATA / "cases"

__all__ = [
    "CASES_DIR", "FACTS", "OUTCOMES", "RULES_DIR", "Decision", "Estimate", "FactError",
    "Interview", "Question", "Reason", "RuleBook", "employer_contribution",
    "estimate_allowance", "load_rules", "validate_facts", "validate_rules",
]


def validate_rules(dir: Path | str | None = None) -> list[str]:
    """Every problem in a rules folder as `path:line: message`; empty when it is sound."""
    _, problems = read_rules(Path(dir) if dir is not None else RULES_DIR)
    return problems


def load_rules(dir: Path | str | None = None) -> RuleBook:
    """The rule book of `dir` (default: the bundled `data/rules`, loaded once and cached).
    Raises ContentError listing every problem if the folder does not validate."""
    if dir is None:
        return _default()
    return _load(Path(dir))


@cache
def _default() -> RuleBook:
    return _load(RULES_DIR)


def _load(directory: Path) -> RuleBook:
    loaded, problems = read_rules(directory)
    if problems:
        raise ContentError(problems)
    return RuleBook(loaded, directory)
