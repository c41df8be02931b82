"""What a loaded rule book is made of: parameters, conditions, results, rule sets and questions.

Texts are plain `{"km": ..., "en": ...}` dicts: they go to the UI and to JSON as they are. A text
may hold `{name}` placeholders for facts and parameters, checked when the rules load.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kiosk.eligibility.expr import Expression

Bilingual = dict[str, str]

OUTCOMES = ("eligible", "not_eligible", "unknown", "ask_staff")
QUESTION_KINDS = ("yes_no", "choice", "number")


@dataclass(frozen=True)
class Parameter:
    """A threshold or rate, with where it comes from (as OpenFisca keeps its parameters)."""

    name: str
    value: Decimal
    unit: str  # months, weeks, days, years, percent, riel, riel_per_usd, number
    source: str
    since: str  # YYYY, YYYY-MM or YYYY-MM-DD: when it took effect, as precisely as known
    notes: str | None = None
    where: str = ""  # path:line, for traces and staff


@dataclass(frozen=True)
class Condition:
    """One test a benefit needs, with the reason to show whichever way it goes."""

    id: str
    when: Expression
    failed: Bilingual
    held: Bilingual | None  # None: nothing worth saying when it holds (role is not X)
    otherwise: str  # the outcome when it fails: not_eligible or ask_staff
    next: Bilingual | None
    source: str
    since: str
    notes: str | None = None
    where: str = ""


@dataclass(frozen=True)
class Result:
    """What the visitor gets once every condition holds; the first that applies wins."""

    id: str
    when: Expression | None  # None: the default, always last
    outcome: str
    text: Bilingual
    next: Bilingual | None
    source: str
    since: str
    where: str = ""


@dataclass(frozen=True)
class RuleSet:
    benefit: str
    title: Bilingual
    order: int
    checklist: str
    estimate: bool  # whether the benefit has an allowance estimate (estimate.py)
    sources: tuple[str, ...]
    review: str
    reviewed_on: str
    notes: str | None
    conditions: tuple[Condition, ...]
    results: tuple[Result, ...]
    where: str = ""

    @property
    def facts(self) -> tuple[str, ...]:
        """Every fact the rules read, in the order they are first needed: the question order."""
        exprs = [c.when for c in self.conditions] + [r.when for r in self.results if r.when]
        return tuple(dict.fromkeys(name for e in exprs for name in e.facts))


@dataclass(frozen=True)
class Question:
    """One screen of an interview: it sets one fact, by a tap."""

    id: str
    fact: str
    kind: str  # yes_no, choice, number
    text: Bilingual
    help: Bilingual | None = None
    choices: tuple[tuple[Any, Bilingual], ...] = ()  # (value, button text); yes/no filled in
    labels: dict[Any, Bilingual] = field(default_factory=dict)  # value -> words for a sentence
    min: int | None = None
    max: int | None = None
    step: int | None = None
    start: int | None = None  # where a number stepper starts
    unit: Bilingual | None = None
    default: Any = None  # the visitor's earlier answer, after back or change

    def label(self, value: Any, locale: str) -> str:
        """The value in words, for reason texts (`{injury}` -> "an accident at work")."""
        if value in self.labels:
            return self.labels[value][locale]
        for choice, text in self.choices:
            if choice == value and not isinstance(value, bool):
                return text[locale]
        return str(value)
