"""The content and its rules must agree: one rule set per benefit, each with its checklist.

Benefit ids are data (DESIGN.md): no list of them in code. What makes a benefit complete is
that the content defines it (its card and its claim checklist) and the rules decide it; a
benefit in one and not the other would show a card no interview can answer, or an answer with
no card. Checked by `kiosk content validate`/`build`, `kiosk publish` and before a kiosk applies
a sync.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from kiosk.eligibility.model import Rules


def agreement_problems(rules: Rules, benefits: Mapping[str, tuple[str, str]],
                       checklists: Iterable[str]) -> list[str]:
    """`benefits`: content benefit id -> (its checklist id, its `path:line`)."""
    problems: list[str] = []
    known = set(checklists)
    for benefit, (checklist, where) in benefits.items():
        ruleset = rules.rulesets.get(benefit)
        if ruleset is None:
            problems.append(f"{where}: benefit {benefit!r} has no rules "
                            f"({rules.origin}/{benefit}.yaml)")
        elif ruleset.checklist != checklist:
            problems.append(f"{ruleset.where}: benefit {benefit}: checklist "
                            f"{ruleset.checklist!r} differs from the content's {checklist!r}")
    for benefit, ruleset in rules.rulesets.items():
        if benefit not in benefits:
            problems.append(f"{ruleset.where}: benefit {benefit!r} has rules but the content "
                            "does not define it")
        elif ruleset.checklist not in known:
            problems.append(f"{ruleset.where}: benefit {benefit}: checklist "
                            f"{ruleset.checklist!r} is not in the content")
    return problems
