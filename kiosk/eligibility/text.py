"""Texts with `{name}` placeholders: checked when rules load, filled in for one visitor.

Only bare names are allowed (no `{x.attr}`, no format specs): `str.format` on content that came
over a network could reach attributes, so placeholders are substituted by a regex, by hand.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from decimal import Decimal

from kiosk.i18n import LOCALES, format_number, format_percent, format_riel

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_NAME = re.compile(r"[a-z][a-z0-9_]*")
NOT_GIVEN = "—"
Bilingual = dict[str, str]


def placeholders(text: str) -> list[str]:
    return PLACEHOLDER.findall(text)


def check_template(text: Bilingual, allowed: Iterable[str]) -> list[str]:
    """Problems with the placeholders of a bilingual text (both languages checked)."""
    names = set(allowed)
    problems: list[str] = []
    for locale in LOCALES:
        body = text.get(locale, "")
        for name in placeholders(body):
            if not _NAME.fullmatch(name):
                problems.append(f"{locale}: placeholder {{{name}}} must be a plain name")
            elif name not in names:
                problems.append(f"{locale}: unknown placeholder {{{name}}}")
        stray = PLACEHOLDER.sub("", body)
        if "{" in stray or "}" in stray:
            problems.append(f"{locale}: unbalanced brace")
    return problems


def render(text: Bilingual, locale: str, value: Callable[[str], str]) -> str:
    """`text` in `locale`, each `{name}` replaced by `value(name)` (already formatted)."""
    return PLACEHOLDER.sub(lambda m: value(m.group(1)), text[locale])


def format_param(value: Decimal, unit: str, locale: str) -> str:
    """A parameter's value as the visitor reads it: 70%, 1,200,000 riel, 9."""
    if unit == "percent":
        return format_percent(value, locale)
    if unit == "riel":
        return format_riel(value, locale)
    return format_amount(value, locale)


def format_amount(value: Decimal | int, locale: str) -> str:
    """A plain number: whole numbers without decimals, others with up to two."""
    number = Decimal(value)
    if number == number.to_integral_value():
        return format_number(number, locale)
    exponent = number.normalize().as_tuple().exponent
    decimals = min(2, -exponent) if isinstance(exponent, int) else 2
    return format_number(number, locale, decimals=decimals)
