"""What a loaded rule book is made of: plain data, read from the rule files and nothing else.

This is the bottom layer of the eligibility package (with facts, expr/tree, text, source and
the loader): it imports nothing that decides. The engine, estimates, interview and the
`RuleBook` door sit above it and read these objects.

Texts are plain `{"km": ..., "en": ...}` dicts: they go to the UI and to JSON as they are. A text
may hold `{name}` placeholders for facts, parameters and computed values, checked when the rules
load.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from kiosk.eligibility.expr import Expression
from kiosk.eligibility.facts import FACTS, FactSpec

Bilingual = dict[str, str]

OUTCOMES = ("eligible", "not_eligible", "not_yet", "unknown", "ask_staff")
# How the "what can I get?" answer groups the benefits, in this order. A condition or result may
# name its group (an employer's "this is for workers" goes to `workers`); otherwise the outcome
# gives it.
GROUPS = ("now", "later", "staff", "workers", "not_now", "open")
OUTCOME_GROUP = {"eligible": "now", "not_yet": "later", "ask_staff": "staff",
                 "not_eligible": "not_now", "unknown": "open"}
QUESTION_KINDS = ("yes_no", "choice", "number")
CONTRIBUTIONS = "contributions"  # the one estimate a condition can name (estimates.yaml)


def start_of(since: str) -> dt.date:
    """The first day a `since` (YYYY, YYYY-MM or YYYY-MM-DD) covers: 2022 -> 2022-01-01."""
    parts = [int(p) for p in since.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


@dataclass(frozen=True)
class DatedValue:
    """One value of a parameter, in force from `since` until the next one (OpenFisca style)."""

    since: str  # YYYY, YYYY-MM or YYYY-MM-DD: as precisely as the source says
    value: Decimal
    source: str
    notes: str | None = None
    where: str = ""  # path:line

    @property
    def start(self) -> dt.date:
        return start_of(self.since)


@dataclass(frozen=True)
class Parameter:
    """A threshold or rate with its values by the date they took effect, each with its source."""

    name: str
    unit: str  # months, weeks, days, years, percent, riel, riel_per_usd, number
    values: tuple[DatedValue, ...]  # oldest first
    notes: str | None = None
    where: str = ""

    def at(self, on: dt.date) -> DatedValue | None:
        """The value in force on `on`; None before the first one took effect."""
        found = None
        for dated in self.values:
            if dated.start <= on:
                found = dated
        return found

    @property
    def current(self) -> DatedValue:
        return self.at(dt.date.today()) or self.values[0]

    # today's value, its source and date (the fields a one-value parameter always had)
    @property
    def value(self) -> Decimal:
        return self.current.value

    @property
    def source(self) -> str:
        return self.current.source

    @property
    def since(self) -> str:
        return self.current.since


@dataclass(frozen=True)
class Condition:
    """One test a benefit needs, with the reason to show whichever way it goes."""

    id: str
    when: Expression
    failed: Bilingual
    held: Bilingual | None  # None: nothing worth saying when it holds (role is not X)
    otherwise: str  # the outcome when it fails: not_eligible, not_yet or ask_staff
    next: Bilingual | None
    source: str
    since: str
    notes: str | None = None
    where: str = ""
    until: Bilingual | None = None  # not_yet: the condition still to meet
    group: str | None = None  # where "what can I get?" lists it when this decides
    estimate: str | None = None  # CONTRIBUTIONS: when this decides, what an employer pays
    applies: Expression | None = None  # tried only when this holds (after a birth: the weeks)


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
    until: Bilingual | None = None
    group: str | None = None


@dataclass(frozen=True)
class AllowanceSpec:
    """How a benefit's allowance is estimated: parameter names, no benefit id in code.
    A share (`rate`) of the average daily wage for each paid day: a fixed number of days
    (`days`), or the days off work, capped (`max_days`) and starting on a day (`from_day`); and
    the employer's own share of the wage (`employer_rate`) on top."""

    rate: str
    days: str | None = None
    max_days: str | None = None
    from_day: str | None = None
    employer_rate: str | None = None

    @property
    def params(self) -> tuple[str, ...]:
        return tuple(p for p in (self.rate, self.days, self.max_days, self.from_day,
                                 self.employer_rate) if p)


@dataclass(frozen=True)
class WageBase:
    """The wage a scheme counts: the middle of its band, between a floor and a cap."""

    text: str  # estimate text id naming the schemes that use it
    floor: str
    cap: str
    band: str


@dataclass(frozen=True)
class SchemeRate:
    part: str  # the key of its amount in Estimate.parts
    text: str  # estimate text id of its name
    rate: str
    base: str  # a WageBase's text id
    worker_share: str | None = None  # percent of it taken from the worker's wage


@dataclass(frozen=True)
class ContributionSpec:
    bases: tuple[WageBase, ...] = ()
    schemes: tuple[SchemeRate, ...] = ()


@dataclass(frozen=True)
class Derivation:
    """A fact that follows from others: never asked when this gives it, and said why."""

    id: str
    fact: str
    value: Any
    when: Expression
    text: Bilingual
    source: str
    since: str
    where: str = ""


@dataclass(frozen=True)
class RuleSet:
    benefit: str
    title: Bilingual
    order: int
    checklist: str
    estimate: AllowanceSpec | None  # how its allowance is estimated (None: no estimate)
    sources: tuple[str, ...]
    review: str
    reviewed_on: str
    notes: str | None
    conditions: tuple[Condition, ...]
    results: tuple[Result, ...]
    where: str = ""

    @cached_property
    def facts(self) -> tuple[str, ...]:
        """Every fact the rules read, in the order they are first needed: the question order."""
        exprs = [e for c in self.conditions for e in (c.applies, c.when) if e is not None]
        exprs += [r.when for r in self.results if r.when]
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
    icons: dict[Any, str] = field(default_factory=dict)  # value -> the picture on its button
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


@dataclass
class Rules:
    """Everything a rules folder (or a bundle's rules) holds, checked."""

    params: dict[str, Parameter] = field(default_factory=dict)
    facts: dict[str, FactSpec] = field(default_factory=lambda: dict(FACTS))  # core + data
    questions: dict[str, Question] = field(default_factory=dict)  # by fact, in asking order
    outcomes: dict[str, Bilingual] = field(default_factory=dict)
    groups: dict[str, Bilingual] = field(default_factory=dict)
    texts: dict[str, Bilingual] = field(default_factory=dict)
    next_steps: dict[str, Bilingual] = field(default_factory=dict)
    estimate_texts: dict[str, Bilingual] = field(default_factory=dict)
    contributions: ContributionSpec = field(default_factory=ContributionSpec)
    derivations: tuple[Derivation, ...] = ()
    values: dict[str, Expression] = field(default_factory=dict)  # computed, for texts
    rulesets: dict[str, RuleSet] = field(default_factory=dict)  # in display order
    origin: str = ""  # the folder or bundle they came from, for messages
