"""The parsed form of a rule expression, and its three-valued evaluation.

A fact nobody gave is UNKNOWN, and UNKNOWN spreads through comparisons and arithmetic, but
`true or UNKNOWN` is true and `false and UNKNOWN` is false. Every value comes back with the facts
it was missing, so the interview asks only for facts that can still change a result.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

from kiosk.errors import KioskError


class _Unknown:
    """The value of a fact nobody gave (and of anything computed from it)."""

    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:  # a guard: UNKNOWN must never be taken as true or false
        raise TypeError("UNKNOWN has no truth value")


UNKNOWN = _Unknown()
Missing = tuple[str, ...]


def _merge(*parts: Missing) -> Missing:
    return tuple(dict.fromkeys(name for part in parts for name in part))


Result = tuple[Any, Missing]


@dataclass(frozen=True)
class Node:
    type: str  # bool, number, str, list

    def evaluate(self, facts: Mapping[str, Any], params: Mapping[str, Decimal]) -> Result:
        raise NotImplementedError

    def names(self) -> tuple[str, ...]:
        return ()


@dataclass(frozen=True)
class Const(Node):
    value: Any

    def evaluate(self, facts: Mapping[str, Any], params: Mapping[str, Decimal]) -> Result:
        return self.value, ()


@dataclass(frozen=True)
class Name(Node):
    name: str
    is_fact: bool

    def evaluate(self, facts: Mapping[str, Any], params: Mapping[str, Decimal]) -> Result:
        if not self.is_fact:
            return params[self.name], ()
        if self.name not in facts:
            return UNKNOWN, (self.name,)
        value = facts[self.name]
        if isinstance(value, int) and not isinstance(value, bool):
            value = Decimal(value)
        return value, ()

    def names(self) -> tuple[str, ...]:
        return (self.name,) if self.is_fact else ()


@dataclass(frozen=True)
class Compound(Node):
    op: str
    items: tuple[Node, ...]

    def names(self) -> tuple[str, ...]:
        return self._names

    @cached_property
    def _names(self) -> tuple[str, ...]:  # asked at every tap: worked out once per tree
        return tuple(dict.fromkeys(n for item in self.items for n in item.names()))

    def evaluate(self, facts: Mapping[str, Any], params: Mapping[str, Decimal]) -> Result:
        results = [item.evaluate(facts, params) for item in self.items]
        if self.op in ("and", "or"):
            return _logic(self.op, results)
        if self.op in ("in", "not in"):
            return _member(self.op, results)
        if any(value is UNKNOWN for value, _ in results):
            return UNKNOWN, _merge(*(missing for _, missing in results))
        return _apply(self.op, [value for value, _ in results]), ()


def _logic(op: str, results: list[Result]) -> Result:
    decisive = op == "or"  # the value that settles it whatever the others are
    if any(value is decisive for value, _ in results):
        return decisive, ()
    unknown = [missing for value, missing in results if value is UNKNOWN]
    if unknown:
        return UNKNOWN, _merge(*unknown)
    return not decisive, ()


def _member(op: str, results: list[Result]) -> Result:
    (item, item_missing), (options, options_missing) = results
    if item is UNKNOWN:
        return UNKNOWN, _merge(item_missing, options_missing)
    if item in [value for value in options if value is not UNKNOWN]:
        return op == "in", ()
    if options_missing:
        return UNKNOWN, options_missing
    return op == "not in", ()


def _apply(op: str, values: list[Any]) -> Any:
    if op == "not":
        return not values[0]
    if op == "neg":
        return -values[0]
    left, right = values
    if op == "+":
        return left + right
    if op == "-":
        return left - right
    if op == "*":
        return left * right
    if op == "/":
        if right == 0:  # only a fact can be 0 here: literals and parameters are checked at load
            raise KioskError("a rule divided by zero")
        return left / right
    return {
        "==": left == right, "!=": left != right, "<": left < right,
        "<=": left <= right, ">": left > right, ">=": left >= right,
    }[op]


class ListNode(Compound):
    """A list of options for `in`: each element is evaluated, UNKNOWN kept per element."""

    def evaluate(self, facts: Mapping[str, Any], params: Mapping[str, Decimal]) -> Result:
        results = [item.evaluate(facts, params) for item in self.items]
        return [value for value, _ in results], _merge(*(missing for _, missing in results))
