"""Test cases as data (`data/cases/*.yaml`), as OpenFisca keeps its `tests/*.yaml`.

A case file names a benefit, optional `base:` facts shared by its cases, an optional day `date:`
(YYYY-MM-DD: the parameter values in force then; default today), and `cases:`, each with the
facts it adds (`facts:`, where `dont_know` is the answer "I don't know") or takes away (`drop:`),
and what must come out: the `outcome`, the condition or result that decided it (`reason:`), the
`missing` facts when unknown (or the unanswered ones for an ask_staff they caused), the facts
derived on the way (`derived:`, ids of common.yaml's `derived:`), its `group`, and optionally
words the headline (`says:`), the condition still to meet (`until_says:`) or the next step
(`next_says:`) must contain, in English. A case may have its own `date:` (not `on:`: YAML
reads that key as `true`).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.eligibility.book import RuleBook
from kiosk.eligibility.decision import Decision
from kiosk.errors import ContentError, KioskError
from kiosk.yamlsrc import LineDict, LineList, load_yaml

_FILE_KEYS = ("benefit", "base", "date", "cases")
_CASE_KEYS = ("name", "benefit", "facts", "drop", "date", "outcome", "reason", "missing",
              "derived", "group", "says", "until_says", "next_says", "notes")


@dataclass(frozen=True)
class Case:
    id: str  # file-stem:name, for test ids
    benefit: str
    facts: dict[str, Any]
    outcome: str
    reason: str | None = None
    missing: list[str] | None = None
    says: str | None = None
    next_says: str | None = None
    where: str = ""
    notes: str | None = field(default=None, compare=False)
    on: dt.date | None = None
    derived: list[str] | None = None
    group: str | None = None
    until_says: str | None = None


def load_cases(directory: Path) -> list[Case]:
    """Every case in the folder; a malformed file is a ContentError with path:line."""
    cases: list[Case] = []
    problems: list[str] = []
    for path in sorted(directory.glob("*.yaml")):
        try:
            tree = load_yaml(path, str(path))
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        cases.extend(_file_cases(path, tree, problems))
    if problems:
        raise ContentError(problems)
    return cases


def _file_cases(path: Path, tree: Any, problems: list[str]) -> list[Case]:
    where = str(path)
    if not isinstance(tree, LineDict) or not isinstance(tree.get("cases"), LineList):
        problems.append(f"{where}:1: a case file needs a list under cases:")
        return []
    for key in tree:
        if key not in _FILE_KEYS:
            problems.append(f"{where}:{tree.lines[key]}: unknown key {key!r}")
    base = tree.get("base") or {}
    file_on = _day(tree, "date", where, problems)
    out: list[Case] = []
    names: set[str] = set()
    for line, node in zip(tree["cases"].lines, tree["cases"], strict=True):
        if not isinstance(node, LineDict):
            problems.append(f"{where}:{line}: a case must be a mapping")
            continue
        for key in node:
            if key not in _CASE_KEYS:
                problems.append(f"{where}:{node.lines[key]}: unknown key {key!r}")
        name, benefit = node.get("name"), node.get("benefit", tree.get("benefit"))
        if not name or not benefit or "outcome" not in node:
            problems.append(f"{where}:{line}: a case needs name, benefit and outcome")
            continue
        if name in names:
            problems.append(f"{where}:{line}: case name {name!r} used twice")
        names.add(name)
        facts = {**base, **(node.get("facts") or {})}
        for fact in node.get("drop") or []:
            facts.pop(fact, None)
        out.append(Case(
            id=f"{path.stem}:{name}", benefit=benefit, facts=dict(facts), outcome=node["outcome"],
            reason=node.get("reason"), missing=node.get("missing"), says=node.get("says"),
            next_says=node.get("next_says"), where=f"{where}:{line}", notes=node.get("notes"),
            on=_day(node, "date", where, problems) or file_on, derived=node.get("derived"),
            group=node.get("group"), until_says=node.get("until_says"),
        ))
    return out


def _day(node: LineDict, key: str, where: str, problems: list[str]) -> dt.date | None:
    value = node.get(key)
    if value is None or isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    problems.append(f"{where}:{node.lines[key]}: {key} must be a date YYYY-MM-DD")
    return None


def check_case(book: RuleBook, case: Case) -> tuple[Decision | None, list[str]]:
    """The decision for the case, and every way it differs from what the case expects."""
    try:
        decision = book.decide(case.benefit, case.facts, "en", on=case.on)
    except KioskError as exc:  # a benefit the rules lost, a fact they no longer know
        return None, [f"{case.where}: {case.id}: {exc.en}"]
    wrong: list[str] = []
    if decision.outcome != case.outcome:
        wrong.append(f"outcome {decision.outcome!r}, expected {case.outcome!r}")
    if case.reason is not None and decision.decided_by != case.reason:
        wrong.append(f"decided by {decision.decided_by!r}, expected {case.reason!r}")
    if case.missing is not None and list(decision.missing) != list(case.missing):
        wrong.append(f"missing {decision.missing}, expected {case.missing}")
    if case.says and case.says not in decision.headline:
        wrong.append(f"headline {decision.headline!r} does not say {case.says!r}")
    if case.next_says and case.next_says not in decision.next_step["en"]:
        wrong.append(f"next step {decision.next_step['en']!r} does not say {case.next_says!r}")
    until = decision.until["en"] if decision.until else ""
    if case.until_says and case.until_says not in until:
        wrong.append(f"until {until!r} does not say {case.until_says!r}")
    derived = [r.derived for r in decision.reasons if r.derived]
    if case.derived is not None and not set(case.derived) <= set(derived):
        wrong.append(f"derived {derived}, expected {case.derived}")
    if case.group is not None and decision.group != case.group:
        wrong.append(f"group {decision.group!r}, expected {case.group!r}")
    return decision, [f"{case.where}: {case.id}: {w}" for w in wrong]


def case_problems(book: RuleBook, directory: Path) -> list[str]:
    """Every case of `directory` that the rules do not answer as it expects, as
    `file:line: case: what differs`; also the problems of malformed case files."""
    try:
        cases = load_cases(directory)
    except ContentError as exc:
        return list(exc.problems)
    if not cases:
        return [f"{directory}:1: no cases (*.yaml with cases:) here"]
    return [line for case in cases for line in check_case(book, case)[1]]
