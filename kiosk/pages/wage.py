"""A monthly wage typed on a keypad, in US dollars or riel: the part of a page that shows it.

People know their pay as "about US$200 a month" or "800,000 riel": the keypad has a currency
switch, and the field says what the other currency makes (about, at the rules' round rate).
What was typed is the visitor's (the kiosk keeps it in its Visit); `key(digits, name)` is what a
key does to it, `wage_field(...)` what the field then shows, and `wage_of(...)` the parsed
`Wage` (kiosk.money) the estimates use, or None.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from kiosk.errors import KioskError
from kiosk.i18n import N_, format_riel, native_digits, tr
from kiosk.pages.parts import Choice

if TYPE_CHECKING:
    from kiosk.eligibility import RuleBook
    from kiosk.money import Wage

CURRENCIES: tuple[tuple[str, str], ...] = (("usd", N_("US dollars")), ("riel", N_("Riel")))
DEFAULT_CURRENCY = "usd"  # the worker in the content brief knows her pay as "about US$200"
EXAMPLE_WAGE_USD = 200  # the example wage where the visitor typed none (content brief persona)
MAX_DIGITS = 10  # a billion riel: the rules' own bound on a monthly wage
DIGIT_KEYS: tuple[str, ...] = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "000")
BACK, CLEAR = "back", "clear"


@dataclass(frozen=True)
class TypedWage:
    """What a visitor typed on the wage keypad: the digits and the currency switch. What a key
    or the switch does makes a new one (`key`, `with_currency`)."""

    digits: str = ""
    currency: str = DEFAULT_CURRENCY

    def key(self, name: str) -> TypedWage:
        return TypedWage(key(self.digits, name), self.currency)

    def with_currency(self, currency: str) -> TypedWage:
        return TypedWage(self.digits, currency if currency in dict(CURRENCIES) else self.currency)

    def wage(self, rules: RuleBook) -> Wage | None:
        return wage_of(self.digits, self.currency, rules)

    def riel(self, rules: RuleBook) -> int:
        wage = self.wage(rules)
        return wage.riel if wage is not None else 0


def typed_wage_of_riel(riel: int) -> TypedWage:
    """A wage known in riel (a printout's facts) as if typed."""
    return TypedWage(str(riel), "riel") if riel > 0 else TypedWage()


@dataclass(frozen=True)
class WageKey:
    key: str  # "0".."9", "000", back, clear: names the button
    text: str  # in the locale's digits; for back and clear their words (with a picture)
    icon: str | None = None


@dataclass(frozen=True)
class WageField:
    title: str  # "Your monthly wage"
    digits: str  # as typed, Latin digits ("" nothing yet)
    currency: str
    shown: str  # "US$200" / "២០០ ដុល្លារ", or the hint while nothing is typed
    other: str | None  # "about 800,000 riel a month", a problem with the number; None: empty
    riel: int  # the wage in riel (0: none yet, or not a wage)
    currencies: tuple[Choice, ...]  # keys usd, riel
    keys: tuple[WageKey, ...]
    locale: str

    @property
    def empty(self) -> bool:
        return not self.digits


def key(digits: str, name: str) -> str:
    """What a keypad key does to the digits typed so far (no leading zeros, at most 10)."""
    if name == CLEAR:
        return ""
    if name == BACK:
        return digits[:-1]
    if not name.isdigit() or not name.isascii():
        return digits
    typed = (digits + name).lstrip("0")
    return typed[:MAX_DIGITS] if len(typed) > MAX_DIGITS else typed


def wage_of(digits: str, currency: str, rules: RuleBook) -> Wage | None:
    """The wage the digits are in that currency, or None (nothing typed, or not a wage)."""
    from kiosk.money import parse_wage

    if not digits:
        return None
    try:
        return parse_wage(digits, "usd" if currency == "usd" else "riel", book=rules)
    except KioskError:
        return None


def example_wage(rules: RuleBook) -> Wage:
    """The wage of a worked example when the visitor typed none: about US$200 a month."""
    from kiosk.money import parse_wage

    return parse_wage(str(EXAMPLE_WAGE_USD), "usd", book=rules)


def wage_field(digits: str, currency: str, locale: str, rules: RuleBook, *,
               title: str | None = None) -> WageField:
    from kiosk.money import dollars_for_reading, format_dollars, parse_wage, round_for_reading

    currency = currency if currency in dict(CURRENCIES) else DEFAULT_CURRENCY
    riel, other = 0, None
    if not digits:
        shown = tr("Type your wage", locale)
    else:
        amount = Decimal(digits)
        shown = (format_dollars(amount, locale) if currency == "usd"
                 else format_riel(amount, locale))
        try:
            wage = parse_wage(digits, currency, book=rules)  # type: ignore[arg-type]
        except KioskError as exc:
            other = exc.message(locale)
        else:
            riel = wage.riel
            # what it makes in the other currency, rounded for reading: always "about"
            if currency == "usd":
                amount = format_riel(round_for_reading(riel), locale)
            else:
                amount = format_dollars(dollars_for_reading(riel, rules), locale)
            other = tr("{amount} a month", locale).format(
                amount=tr("about {amount}", locale).format(amount=amount))
    keys = tuple(WageKey(k, native_digits(k, locale)) for k in DIGIT_KEYS)
    keys += (WageKey(BACK, tr("Delete", locale), "backspace-outline"),
             WageKey(CLEAR, tr("Clear", locale), "close-circle-outline"))
    return WageField(
        title if title is not None else tr("Your monthly wage", locale), digits, currency, shown,
        other, riel,
        tuple(Choice(k, tr(label, locale), k == currency) for k, label in CURRENCIES),
        keys, locale)
