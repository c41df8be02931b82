"""`RuleBook`: the loaded rules, and the one door the UI, the CLI and printing go through.

It sits on top of the package: the data layer (model, loader) below it, the engine, estimates
and interview in between; nothing below imports it. Every question it answers is for a day
(`on`, default today): parameters have values by the date they take effect.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from kiosk.eligibility import engine, estimate
from kiosk.eligibility.dated import ParamsOn
from kiosk.eligibility.decision import Decision
from kiosk.eligibility.estimate import Estimate
from kiosk.eligibility.facts import validate_facts
from kiosk.eligibility.interview import Interview
from kiosk.eligibility.model import Bilingual, Question, Rules, RuleSet
from kiosk.eligibility.overview import Group, group_decisions
from kiosk.eligibility.wording import Wording
from kiosk.errors import KioskError
from kiosk.i18n import DEFAULT_LOCALE, check_locale


class RuleBook:
    def __init__(self, rules: Rules, origin: str = "") -> None:
        self.data = rules
        self.origin = origin or rules.origin  # the folder or bundle the rules came from
        self.params = rules.params
        self.facts = rules.facts  # the core facts and those the rule files define
        self.questions: dict[str, Question] = rules.questions  # by fact, in asking order
        self.outcomes = rules.outcomes
        self.groups = rules.groups
        self.texts = rules.texts
        self.next_steps = rules.next_steps
        self.estimate_texts = rules.estimate_texts
        self.rulesets: dict[str, RuleSet] = rules.rulesets  # in display order
        self._on: dict[dt.date, ParamsOn] = {}

    @property
    def benefits(self) -> list[str]:
        return list(self.rulesets)

    def ruleset(self, benefit_id: str) -> RuleSet:
        try:
            return self.rulesets[benefit_id]
        except KeyError:
            raise KioskError("unknown benefit {benefit!r} (known: {known})", benefit=benefit_id,
                             known=", ".join(self.rulesets)) from None

    # --- parameters on a day -------------------------------------------------------------------
    def on(self, day: dt.date | None = None) -> ParamsOn:
        """The parameter values in force on `day` (default today)."""
        day = day or dt.date.today()
        if day not in self._on:
            if len(self._on) > 8:  # a kiosk runs for days; keep a few
                self._on.clear()
            self._on[day] = ParamsOn(self.params, day)
        return self._on[day]

    @property
    def values(self) -> dict[str, Decimal]:
        """Today's value of every parameter in force today."""
        today = self.on()
        return {name: today[name] for name, p in self.params.items() if p.at(today.on)}

    def param(self, name: str, on: dt.date | None = None) -> Decimal:
        return self.on(on)[name]

    def question(self, fact: str) -> Question:
        return self.questions[fact]

    # --- deciding ------------------------------------------------------------------------------
    def decide(self, benefit_id: str, facts: dict[str, Any], locale: str = DEFAULT_LOCALE, *,
               on: dt.date | None = None) -> Decision:
        check_locale(locale)
        ruleset = self.ruleset(benefit_id)
        return engine.decide(self.data, ruleset, validate_facts(facts, self.facts), locale,
                             self.on(on))

    def decide_all(self, facts: dict[str, Any], locale: str = DEFAULT_LOCALE, *,
                   on: dt.date | None = None) -> list[Decision]:
        check_locale(locale)
        checked = validate_facts(facts, self.facts)
        values = self.on(on)
        return [engine.decide(self.data, ruleset, checked, locale, values)
                for ruleset in self.rulesets.values()]

    def overview(self, decisions: list[Decision]) -> list[Group]:
        """Decisions in the groups "what can I get?" shows (now, later, staff, workers, ...)."""
        return group_decisions(self.data, decisions)

    def interview(self, benefit_id: str | None = None, locale: str = DEFAULT_LOCALE,
                  known: dict[str, Any] | None = None, *, on: dt.date | None = None) -> Interview:
        """The questions for one benefit, or for all of them (None: "what can I get?")."""
        if benefit_id is not None:
            self.ruleset(benefit_id)
        return Interview(self.data, benefit_id, locale, known, on=on)

    def estimate(self, benefit_id: str, monthly_wage_riel: int, days: int | None = None,
                 locale: str = DEFAULT_LOCALE, *, on: dt.date | None = None) -> Estimate:
        """What NSSF pays for the benefit's allowance (KioskError if it has no estimate)."""
        spec = self.rulesets[benefit_id].estimate if benefit_id in self.rulesets else None
        return estimate.allowance(self.data, self.on(on), benefit_id, spec, monthly_wage_riel,
                                  days, locale)

    def contributions(self, monthly_wage_riel: int, locale: str = DEFAULT_LOCALE, *,
                      on: dt.date | None = None) -> Estimate:
        """What is paid to NSSF each month for one worker with this wage."""
        return estimate.contributions(self.data, self.on(on), monthly_wage_riel, locale)

    # --- texts ---------------------------------------------------------------------------------
    def fill(self, text: Bilingual, facts: dict[str, Any], *, on: dt.date | None = None
             ) -> Bilingual:
        """A text with its placeholders filled, in every locale."""
        return Wording(self.data, self.on(on)).fill(text, facts)

    def format_value(self, name: str, facts: dict[str, Any], locale: str, *,
                     on: dt.date | None = None) -> str:
        """A fact's value, a parameter or a computed value, as words or digits of the locale."""
        return Wording(self.data, self.on(on)).value(name, facts, locale)

