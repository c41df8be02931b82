"""Rule texts filled in for one visitor: facts, parameters on the day, computed values.

A `{name}` in a rule text is a fact (in words: "an accident at work", "Yes", 38), a parameter
(its value in force on the day: 8%, 1,200,000 riel) or a computed value of common.yaml
(`years_to_pension_age`). What is not known shows as a dash; an answer "I don't know" as those
words.
"""
from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from functools import lru_cache
from typing import Any

from kiosk.eligibility.dated import ParamsOn
from kiosk.eligibility.facts import DONT_KNOW
from kiosk.eligibility.model import Bilingual, Rules
from kiosk.eligibility.text import NOT_GIVEN, format_amount, format_param, placeholders, render
from kiosk.eligibility.tree import UNKNOWN
from kiosk.i18n import LOCALES, format_number, native_digits


class Wording:
    def __init__(self, rules: Rules, values: ParamsOn) -> None:
        self.rules, self.values = rules, values

    def fill(self, text: Bilingual, facts: Mapping[str, Any]) -> Bilingual:
        """A text with its placeholders filled, in every locale."""
        return {locale: render(text, locale,
                               lambda name, loc=locale: self.value(name, facts, loc))
                for locale in LOCALES}

    def value(self, name: str, facts: Mapping[str, Any], locale: str) -> str:
        rules = self.rules
        if name in rules.facts:
            if name not in facts:
                return NOT_GIVEN
            value = facts[name]
            if value == DONT_KNOW:
                return rules.texts["dont_know"][locale]
            if isinstance(value, bool):
                return rules.texts["yes" if value else "no"][locale]
            if rules.facts[name].kind == "enum":
                question = rules.questions.get(name)
                return question.label(value, locale) if question else str(value)
            return _number(value, locale)
        if name in rules.values:
            number, _ = rules.values[name].evaluate(facts, self.values)
            return NOT_GIVEN if number is UNKNOWN else _amount(number, locale)
        if name in rules.params:
            return _param(self.values[name], rules.params[name].unit, locale)
        return native_digits(NOT_GIVEN, locale)

    def params_of(self, *texts: Bilingual | None) -> list[str]:
        """The parameters the texts show, directly or through a computed value."""
        out: list[str] = []
        for text in texts:
            for name in placeholders(text["en"]) if text else ():
                if name in self.rules.params:
                    out.append(name)
                elif name in self.rules.values:
                    out.extend(self.rules.values[name].params)
        return out


# babel takes ~50 µs a number, and every tap of an interview decides every benefit in both
# languages: the same few numbers (9 months, 70%) are formatted once
@lru_cache(maxsize=4096)
def _number(value: int, locale: str) -> str:
    return format_number(value, locale)


@lru_cache(maxsize=4096)
def _amount(value: Decimal, locale: str) -> str:
    return format_amount(value, locale)


@lru_cache(maxsize=1024)
def _param(value: Decimal, unit: str, locale: str) -> str:
    return format_param(value, unit, locale)
