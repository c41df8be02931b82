"""`RuleBook`: the loaded rules, and the one door the UI, the CLI and printing go through."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.eligibility import engine
from kiosk.eligibility.facts import FACTS, validate_facts
from kiosk.eligibility.loader import Loaded
from kiosk.eligibility.model import Bilingual, Question, RuleSet
from kiosk.eligibility.text import NOT_GIVEN, format_param, render
from kiosk.errors import KioskError
from kiosk.i18n import DEFAULT_LOCALE, LOCALES, check_locale, format_number, native_digits

if TYPE_CHECKING:
    from kiosk.eligibility.engine import Decision
    from kiosk.eligibility.estimate import Estimate
    from kiosk.eligibility.interview import Interview


class RuleBook:
    def __init__(self, loaded: Loaded, directory: Path) -> None:
        self.directory = directory
        self.params = loaded.params
        self.values: dict[str, Decimal] = {n: p.value for n, p in loaded.params.items()}
        self.questions: dict[str, Question] = loaded.questions  # by fact, in asking order
        self.outcomes = loaded.outcomes
        self.texts = loaded.texts
        self.next_steps = loaded.next_steps
        self.estimate_texts = loaded.estimate_texts
        self.rulesets: dict[str, RuleSet] = loaded.rulesets  # in display order

    @property
    def benefits(self) -> list[str]:
        return list(self.rulesets)

    def ruleset(self, benefit_id: str) -> RuleSet:
        try:
            return self.rulesets[benefit_id]
        except KeyError:
            raise KioskError(
                f"unknown benefit {benefit_id!r} (known: {', '.join(self.rulesets)})",
                f"មិនស្គាល់អត្ថប្រយោជន៍ {benefit_id!r} ទេ",
            ) from None

    def param(self, name: str) -> Decimal:
        return self.values[name]

    def question(self, fact: str) -> Question:
        return self.questions[fact]

    # --- deciding ------------------------------------------------------------------------------
    def decide(self, benefit_id: str, facts: dict[str, Any],
               locale: str = DEFAULT_LOCALE) -> Decision:
        check_locale(locale)
        ruleset = self.ruleset(benefit_id)
        return engine.decide(self, ruleset, validate_facts(facts), locale)

    def decide_all(self, facts: dict[str, Any], locale: str = DEFAULT_LOCALE) -> list[Decision]:
        check_locale(locale)
        checked = validate_facts(facts)
        return [engine.decide(self, ruleset, checked, locale) for ruleset in self.rulesets.values()]

    def interview(self, benefit_id: str | None = None, locale: str = DEFAULT_LOCALE,
                  known: dict[str, Any] | None = None) -> Interview:
        """The questions for one benefit, or for all of them (None: "what can I get?")."""
        from kiosk.eligibility.interview import Interview

        if benefit_id is not None:
            self.ruleset(benefit_id)
        return Interview(self, benefit_id, locale, known)

    def estimate(self, benefit_id: str, monthly_wage_riel: int, days: int | None = None,
                 locale: str = DEFAULT_LOCALE) -> Estimate:
        from kiosk.eligibility.estimate import estimate_allowance

        return estimate_allowance(benefit_id, monthly_wage_riel, days, locale, book=self)

    # --- texts ---------------------------------------------------------------------------------
    def fill(self, text: Bilingual, facts: dict[str, Any]) -> Bilingual:
        """A text with its placeholders filled, in every locale."""
        return {locale: render(text, locale, lambda name, loc=locale: self.format_value(name, facts, loc))
                for locale in LOCALES}

    def format_value(self, name: str, facts: dict[str, Any], locale: str) -> str:
        """A fact's value or a parameter, as words or digits of the locale."""
        if name in FACTS:
            if name not in facts:
                return NOT_GIVEN
            value = facts[name]
            if isinstance(value, bool) or FACTS[name].kind == "enum":
                question = self.questions.get(name)
                if isinstance(value, bool):
                    return self.texts["yes" if value else "no"][locale]
                return question.label(value, locale) if question else str(value)
            return format_number(value, locale)
        if name in self.params:
            return format_param(self.params[name], locale)
        return native_digits(NOT_GIVEN, locale)
