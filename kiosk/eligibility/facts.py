"""The named facts the rules speak about, and the check that a set of them is sane.

The core table below is code: it is the contract of DESIGN.md between the rules, the interview
questions, the test cases and whoever writes a facts file, so a rule update from the network can
never rename or retype one of these facts under the UI. A rule set may add facts of its own by
data (a question whose fact is not in this table defines it: yes/no a bool, a choice an enum of
its values, a number an int within its min..max), so a new benefit needs no release.

Facts arrive from JSON or from taps; either way they are checked here before any rule sees them,
and a bad one is a `FactError` naming the fact, never a decision. Any fact may be answered
`"dont_know"` (DONT_KNOW): the visitor cannot say; the engine then never asks it again and sends
the visitor to staff with it named, unless the other answers settle the benefit without it.
"""
from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kiosk.errors import KioskError
from kiosk.i18n import Msg

DONT_KNOW = "dont_know"  # the answer "I don't know", to any question (a JSON-able string)


class FactError(KioskError):
    """A fact of the wrong type, out of range, or unknown."""

    def __init__(self, fact: str, msgid: str, /, **args: object) -> None:
        super().__init__(Msg("fact {fact!r}: {problem}", fact=fact, problem=Msg(msgid, **args)))
        self.fact = fact


@dataclass(frozen=True)
class FactSpec:
    name: str
    kind: str  # "bool" | "int" | "enum"
    values: tuple[str, ...] = ()  # for enums
    min: int = 0
    max: int = 0


FactTable = Mapping[str, FactSpec]

FACTS: dict[str, FactSpec] = {
    spec.name: spec
    for spec in (
        FactSpec("role", "enum", ("worker", "employer", "self_employed", "civil_servant")),
        FactSpec("age", "int", min=0, max=120),
        FactSpec("employer_registered", "bool"),
        FactSpec("months_contributed_last_12", "int", min=0, max=12),
        # Up to now or up to the event (a birth); health care has run since 2016, so decades fit.
        FactSpec("consecutive_months_contributed", "int", min=0, max=600),
        FactSpec("total_months_contributed", "int", min=0, max=600),
        FactSpec("weeks_pregnant", "int", min=0, max=45),
        FactSpec("gave_birth", "bool"),
        FactSpec("injury", "enum", ("none", "at_work", "commuting", "occupational_disease")),
        FactSpec("unable_to_work_days", "int", min=0, max=1000),
        FactSpec("disability_percent", "int", min=0, max=100),
        FactSpec("member_died", "bool"),
        # Added to the DESIGN.md table: invalidity is for people a long illness or a disability
        # (not from work) keeps from working; without it every healthy visitor would be told
        # "ask staff" about the invalidity pension.
        FactSpec("cannot_work_long_term", "bool"),
        # Added: a visitor who has not given birth yet may be pregnant now (maternity: not yet).
        FactSpec("pregnant", "bool"),
        # Not asked by any interview (it cannot change a decision); given, it adds an estimate.
        FactSpec("monthly_wage_riel", "int", min=0, max=1_000_000_000),
    )
}


def fact_type(name: str, table: FactTable = FACTS) -> str:
    """The expression type of a fact: bool, number or str."""
    kind = table[name].kind
    return {"bool": "bool", "int": "number", "enum": "str"}[kind]


def validate_fact(name: str, value: Any, table: FactTable = FACTS) -> Any:
    """One fact checked and normalised (9.0 -> 9); raises FactError. DONT_KNOW passes."""
    spec = table.get(name)
    if spec is None:
        close = difflib.get_close_matches(str(name), table, n=1)
        known = ", ".join(table)
        if close:
            raise FactError(str(name), "unknown fact (known: {known}); did you mean {close!r}?",
                            known=known, close=close[0])
        raise FactError(str(name), "unknown fact (known: {known})", known=known)
    if value == DONT_KNOW and isinstance(value, str):
        return DONT_KNOW
    if spec.kind == "bool":
        if not isinstance(value, bool):
            raise FactError(name, "must be true or false, not {value}", value=repr(value))
        return value
    if spec.kind == "enum":
        if not isinstance(value, str) or value not in spec.values:
            raise FactError(name, "must be one of {values}, not {value}",
                            values=", ".join(spec.values), value=repr(value))
        return value
    # int: bool is an int subclass in Python, but `true` months is a mistake, not 1.
    number: Any = value
    if isinstance(value, float) and value.is_integer():  # JSON may say 9.0
        number = int(value)
    if isinstance(number, bool) or not isinstance(number, int):
        raise FactError(name, "must be a whole number, not {value}", value=repr(value))
    if not spec.min <= number <= spec.max:
        raise FactError(name, "must be from {low} to {high}, not {value}", low=spec.min,
                        high=spec.max, value=number)
    return number


def validate_facts(facts: Any, table: FactTable = FACTS) -> dict[str, Any]:
    """A facts mapping checked and normalised; `None` values count as not given."""
    if not isinstance(facts, dict):
        raise KioskError("facts must be an object of name: value, not {kind}",
                         kind=type(facts).__name__)
    out: dict[str, Any] = {}
    for name, value in facts.items():
        if name not in table:
            validate_fact(name, value, table)  # raises: an unknown name fails even with a null value
        if value is None:
            continue
        out[name] = validate_fact(name, value, table)
    return out


def split_dont_know(facts: Mapping[str, Any]) -> tuple[dict[str, Any], set[str]]:
    """(the facts with a value, the facts answered "I don't know")."""
    given = {name: value for name, value in facts.items() if value != DONT_KNOW}
    return given, {name for name, value in facts.items() if value == DONT_KNOW}
