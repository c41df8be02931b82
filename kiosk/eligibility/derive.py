"""Facts that follow from others (common.yaml `derived:`): filled in, never asked, said why.

Contributions paid for you up to now mean your employer registered you and pays; a doctor's
assessment that you lost all of your ability to work answers whether you can work. A fact the
visitor gave is never overridden (an answer "I don't know" is not a value, so a derivation may
fill it).
"""
from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from kiosk.eligibility.model import Derivation, Rules

MAX_ROUNDS = 8  # derivations may build on each other; a handful of rounds is plenty


def derive(rules: Rules, given: Mapping[str, Any], values: Mapping[str, Decimal]
           ) -> tuple[dict[str, Any], dict[str, Derivation]]:
    """(the facts with every derivable one added, fact -> the derivation that gave it)."""
    facts = dict(given)
    used: dict[str, Derivation] = {}
    for _ in range(MAX_ROUNDS):
        changed = False
        for derivation in rules.derivations:
            if derivation.fact in facts:
                continue
            value, _ = derivation.when.evaluate(facts, values)
            if value is True:
                facts[derivation.fact] = derivation.value
                used[derivation.fact] = derivation
                changed = True
        if not changed:
            break
    return facts, used


def sources_of(rules: Rules, fact: str) -> list[str]:
    """The facts whose answer could give `fact` without asking it."""
    return [name for d in rules.derivations if d.fact == fact for name in d.when.facts]
