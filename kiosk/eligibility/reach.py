"""Can any answer still decide a benefit, now that some facts are "I don't know"?

A fact the visitor does not know stays unknown for good, and an unknown spreads through a
comparison. So once a benefit waits on such a fact, the questions left may no longer matter:
whatever the visitor answers, the answer is "ask NSSF staff". The interview must then stop
asking (it asks only what can still change the outcome). This finds out without trying every
answer: each test's possible values (true, false, unknown) are worked out from the tree, an
askable fact counting as either true or false, and the engine's walk over the conditions is
replayed on those sets. Tests are treated as independent, so it may say "still decidable" when
it is not (a question too many), never the reverse (a question the answer needed).
"""
from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from functools import cache
from typing import Any

from kiosk.eligibility.expr import Expression
from kiosk.eligibility.model import Condition, RuleSet
from kiosk.eligibility.tree import UNKNOWN, Compound, Const, Node

T, F, U = True, False, "unknown"
_AND = {(T, T): T, (T, F): F, (F, T): F, (F, F): F, (T, U): U, (U, T): U, (F, U): F, (U, F): F,
        (U, U): U}
_OR = {(T, T): T, (T, F): T, (F, T): T, (F, F): F, (T, U): T, (U, T): T, (F, U): U, (U, F): U,
       (U, U): U}


class _Possible:
    def __init__(self, facts: Mapping[str, Any], stuck: set[str], derivable: Mapping[str, Any],
                 params: Mapping[str, Decimal]) -> None:
        # derivable: facts not known to the visitor that another answer may still give (to
        # the one value a derivation gives); stuck: the other facts not known
        self.facts, self.stuck, self.derivable, self.params = facts, stuck, derivable, params

    def of(self, node: Node) -> frozenset[Any]:
        if isinstance(node, Compound) and node.op in ("and", "or"):
            table = _AND if node.op == "and" else _OR
            out = self.of(node.items[0])
            for item in node.items[1:]:
                right = self.of(item)
                out = frozenset(table[(a, b)] for a in out for b in right)
            return out
        if isinstance(node, Compound) and node.op == "not":
            return frozenset({T: F, F: T, U: U}[v] for v in self.of(node.items[0]))
        if isinstance(node, Const):
            return frozenset({node.value})
        names = node.names()
        if all(name in self.facts for name in names):
            value, _ = node.evaluate(self.facts, self.params)
            return frozenset({U if value is UNKNOWN else value})
        if any(name in self.stuck for name in names):
            return frozenset({U})
        derived = {name: self.derivable[name] for name in names if name in self.derivable}
        if derived and all(name in self.facts or name in derived for name in names):
            value, _ = node.evaluate({**self.facts, **derived}, self.params)
            return frozenset({U, U if value is UNKNOWN else value})  # derived, or never known
        return frozenset({T, F, U} if derived else {T, F})

    def expr(self, expression: Expression | None) -> frozenset[Any]:
        return frozenset({T}) if expression is None else self.of(expression.tree)


def still_decidable(ruleset: RuleSet, facts: Mapping[str, Any], stuck: set[str],
                    derivable: Mapping[str, Any], params: Mapping[str, Decimal]) -> bool:
    """Whether some answers to the facts not yet given (other than `stuck`, which stay
    unknown, and `derivable`, which only a derivation can give) could give a decided answer
    rather than "ask staff"."""
    possible = _Possible(facts, stuck, derivable, params)
    conditions = ruleset.conditions

    @cache
    def walk(index: int, open_outcomes: frozenset[str]) -> bool:
        if index == len(conditions):
            return not open_outcomes and _results(ruleset, possible)
        condition: Condition = conditions[index]
        applies = possible.expr(condition.applies)
        options = []
        if F in applies:
            options.append(walk(index + 1, open_outcomes))
        if U in applies:
            options.append(walk(index + 1, open_outcomes | {condition.otherwise}))
        if T in applies:
            values = possible.expr(condition.when)
            if T in values:
                options.append(walk(index + 1, open_outcomes))
            if F in values and open_outcomes <= {condition.otherwise}:
                return True  # it can fail and decide
            if U in values:
                options.append(walk(index + 1, open_outcomes | {condition.otherwise}))
        return any(options)

    return walk(0, frozenset())


def _results(ruleset: RuleSet, possible: _Possible) -> bool:
    for result in ruleset.results:
        values = possible.expr(result.when)
        if T in values:
            return True
        if F not in values:
            return False
    return False
