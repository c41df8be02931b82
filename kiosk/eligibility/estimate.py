"""Estimates: what an allowance pays, and what an employer owes, for a monthly wage in riel.

All arithmetic is Decimal. Each shown figure is rounded to whole riel before it is used in the
next line, so every line of the formula checks out on a calculator (800,000 ÷ 30 = 26,667;
70% × 26,667 = 18,667; 18,667 × 90 = 1,680,030): a visitor who checks must not find a sum that
is off by a few riel. The result is always called an estimate; NSSF staff confirm the amount.

Choices where the brief is silent (also in `data/rules/parameters.yaml`):
- allowances use the monthly wage within the contributory floor and cap, without the band
  midpoint (the issue's worked example: 800,000 riel -> 26,667 a day);
- contribution bands are 50,000 riel wide from 0, lower bound inclusive: 800,000 falls in
  800,000 to under 850,000 and counts as 825,000; under the floor counts as the floor, the cap
  or more counts as the cap.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from kiosk.eligibility.facts import validate_fact
from kiosk.errors import KioskError
from kiosk.i18n import DEFAULT_LOCALE, LOCALES, check_locale, format_percent, format_riel, format_usd
from kiosk.i18n import format_number as _format_number

if TYPE_CHECKING:
    from kiosk.eligibility.book import RuleBook

RATE_PARAM = {
    "sickness-allowance": "sickness_allowance_rate",
    "maternity-allowance": "maternity_allowance_rate",
    "injury-daily-allowance": "injury_allowance_rate",
}
ALLOWANCE_BENEFITS = tuple(RATE_PARAM)
REQUIRED_PARAMS = (
    *RATE_PARAM.values(),
    "days_per_month", "maternity_days", "maternity_employer_rate", "sickness_max_days",
    "injury_allowance_from_day", "contribution_wage_floor", "pension_wage_floor",
    "contribution_wage_cap", "wage_band", "occupational_risk_rate", "health_care_rate",
    "pension_employer_rate", "pension_worker_rate", "riel_per_usd",
)
# Formula texts (in estimates.yaml) and the placeholders each may use.
TEXTS: dict[str, tuple[str, ...]] = {
    "wage": ("wage",),
    "wage_cap": ("cap", "counted"),
    "wage_floor": ("floor", "counted"),
    "daily_wage": ("counted", "days_per_month", "daily_wage"),
    "daily": ("rate", "daily_wage", "daily"),
    "sickness_cap": ("max_days", "days"),
    "injury_day_one": ("first_day", "paid_days"),
    "total": ("days", "daily", "total", "total_usd"),
    "maternity_employer": ("rate", "days", "amount"),
    "band": ("scheme", "low", "high", "base"),
    "band_floor": ("scheme", "floor", "base"),
    "band_cap": ("scheme", "cap", "base"),
    "scheme_risk_health": (),
    "scheme_pension": (),
    "contribution": ("scheme", "rate", "base", "amount"),
    "scheme_occupational_risk": (),
    "scheme_health_care": (),
    "scheme_pension_employer": (),
    "scheme_pension_worker": (),
    "contribution_total": ("employer_total", "employer_usd", "worker_total", "total"),
    "exchange": ("riel_per_usd",),
    "note": (),
}


@dataclass(frozen=True)
class Estimate:
    """An amount with the formula that gave it, in both languages."""

    kind: str  # a benefit id, or "employer-contribution"
    amount_riel: int  # NSSF's payment; for contributions, the employer's own share a month
    amount_usd: Decimal
    locale: str
    formula: dict[str, list[str]]  # locale -> lines
    parts: dict[str, int] = field(default_factory=dict)
    per_day_riel: int | None = None
    days: int | None = None

    @property
    def lines(self) -> list[str]:
        return self.formula[self.locale]

    def text(self, locale: str | None = None) -> str:
        return "\n".join(self.formula[locale or self.locale])

    def to_json(self, locale: str | None = None) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "amount_riel": self.amount_riel,
            "amount_usd": str(self.amount_usd),
            "per_day_riel": self.per_day_riel,
            "days": self.days,
            "parts": self.parts,
            "lines": self.formula[locale or self.locale],
        }


def _riel(amount: Decimal) -> int:
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


class _Formula:
    """Collects formula lines in every locale from the texts in estimates.yaml."""

    def __init__(self, book: RuleBook) -> None:
        self.book = book
        self.lines: dict[str, list[str]] = {locale: [] for locale in LOCALES}

    def add(self, text_id: str, **values: Callable[[str], str]) -> None:
        from kiosk.eligibility.text import render

        text = self.book.estimate_texts[text_id]
        for locale in LOCALES:
            self.lines[locale].append(render(text, locale, lambda n, loc=locale: values[n](loc)))

    def word(self, text_id: str) -> Callable[[str], str]:
        return lambda locale: self.book.estimate_texts[text_id][locale]


def riel(amount: Decimal | int) -> Callable[[str], str]:
    return lambda locale: format_riel(amount, locale)


def usd(amount: Decimal) -> Callable[[str], str]:
    return lambda locale: format_usd(amount, locale)


def percent(value: Decimal) -> Callable[[str], str]:
    return lambda locale: format_percent(value, locale)


def number(value: Decimal | int) -> Callable[[str], str]:
    return lambda locale: _format_number(value, locale)


def _book(book: RuleBook | None) -> RuleBook:
    if book is not None:
        return book
    from kiosk.eligibility import load_rules

    return load_rules()


def to_usd(amount_riel: int, book: RuleBook) -> Decimal:
    return (Decimal(amount_riel) / book.param("riel_per_usd")).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def estimate_allowance(benefit_id: str, monthly_wage_riel: int, days: int | None = None,
                       locale: str = DEFAULT_LOCALE, *, book: RuleBook | None = None) -> Estimate:
    """NSSF's allowance for `days` off work (maternity: always its fixed number of days)."""
    book = _book(book)
    check_locale(locale)
    if benefit_id not in RATE_PARAM:
        raise KioskError(f"no estimate for {benefit_id!r}: only {', '.join(RATE_PARAM)}",
                         f"គ្មានការប៉ាន់ស្មានសម្រាប់ {benefit_id!r} ទេ")
    wage = Decimal(validate_fact("monthly_wage_riel", monthly_wage_riel))
    p = book.param
    out = _Formula(book)
    floor, cap = p("contribution_wage_floor"), p("contribution_wage_cap")
    counted = min(max(wage, floor), cap)
    out.add("wage", wage=riel(wage))
    if wage > cap:
        out.add("wage_cap", cap=riel(cap), counted=riel(counted))
    elif wage < floor:
        out.add("wage_floor", floor=riel(floor), counted=riel(counted))
    daily_wage = _riel(counted / p("days_per_month"))
    out.add("daily_wage", counted=riel(counted), days_per_month=number(p("days_per_month")),
            daily_wage=riel(daily_wage))
    rate = p(RATE_PARAM[benefit_id])
    daily = _riel(daily_wage * rate / 100)
    out.add("daily", rate=percent(rate), daily_wage=riel(daily_wage), daily=riel(daily))

    if benefit_id == "maternity-allowance":
        paid_days = int(p("maternity_days"))
    else:
        if days is None:
            raise KioskError(f"{benefit_id}: the number of days off work is needed",
                             f"{benefit_id}: ត្រូវការចំនួនថ្ងៃដែលមិនអាចធ្វើការបាន")
        days = validate_fact("unable_to_work_days", days)
        paid_days = days
        if benefit_id == "sickness-allowance" and days > p("sickness_max_days"):
            paid_days = int(p("sickness_max_days"))
            out.add("sickness_cap", max_days=number(paid_days), days=number(days))
        if benefit_id == "injury-daily-allowance":
            first_day = int(p("injury_allowance_from_day"))
            paid_days = max(0, days - (first_day - 1))  # the employer pays the days before
            out.add("injury_day_one", first_day=number(first_day), paid_days=number(paid_days))
    total = daily * paid_days
    total_usd = to_usd(total, book)
    out.add("total", days=number(paid_days), daily=riel(daily), total=riel(total),
            total_usd=usd(total_usd))
    parts = {"nssf": total}
    if benefit_id == "maternity-allowance":
        employer_rate = p("maternity_employer_rate")
        # The employer's half is of the wage itself, not of NSSF's capped contributory wage.
        employer = _riel(wage / p("days_per_month") * employer_rate / 100) * paid_days
        parts["employer"] = employer
        out.add("maternity_employer", rate=percent(employer_rate), days=number(paid_days),
                amount=riel(employer))
    out.add("exchange", riel_per_usd=number(p("riel_per_usd")))
    out.add("note")
    return Estimate(benefit_id, total, total_usd, locale, out.lines, parts, daily, paid_days)


def contributory_wage(wage: Decimal, floor: Decimal, cap: Decimal, band: Decimal) -> Decimal:
    """The wage NSSF counts: the middle of its band, between the floor and the cap."""
    if wage < floor:
        return floor
    if wage >= cap:
        return cap
    return (wage // band) * band + band / 2


def employer_contribution(monthly_wage_riel: int, locale: str = DEFAULT_LOCALE, *,
                          book: RuleBook | None = None) -> Estimate:
    """What is paid to NSSF each month for one worker with this wage."""
    book = _book(book)
    check_locale(locale)
    wage = Decimal(validate_fact("monthly_wage_riel", monthly_wage_riel))
    p = book.param
    out = _Formula(book)
    cap, band = p("contribution_wage_cap"), p("wage_band")
    out.add("wage", wage=riel(wage))
    bases = {}
    for scheme, floor_name in (("scheme_risk_health", "contribution_wage_floor"),
                               ("scheme_pension", "pension_wage_floor")):
        floor = p(floor_name)
        base = contributory_wage(wage, floor, cap, band)
        bases[scheme] = base
        name = out.word(scheme)
        if wage < floor:
            out.add("band_floor", scheme=name, floor=riel(floor), base=riel(base))
        elif wage >= cap:
            out.add("band_cap", scheme=name, cap=riel(cap), base=riel(base))
        else:
            low = (wage // band) * band
            out.add("band", scheme=name, low=riel(low), high=riel(low + band), base=riel(base))
    amounts: dict[str, int] = {}
    for scheme, rate_name, base_name in (
        ("scheme_occupational_risk", "occupational_risk_rate", "scheme_risk_health"),
        ("scheme_health_care", "health_care_rate", "scheme_risk_health"),
        ("scheme_pension_employer", "pension_employer_rate", "scheme_pension"),
        ("scheme_pension_worker", "pension_worker_rate", "scheme_pension"),
    ):
        rate, base = p(rate_name), bases[base_name]
        amount = _riel(base * rate / 100)
        amounts[scheme.removeprefix("scheme_")] = amount
        out.add("contribution", scheme=out.word(scheme), rate=percent(rate), base=riel(base),
                amount=riel(amount))
    worker = amounts["pension_worker"]
    employer = sum(amounts.values()) - worker
    employer_usd = to_usd(employer, book)
    out.add("contribution_total", employer_total=riel(employer), employer_usd=usd(employer_usd),
            worker_total=riel(worker), total=riel(employer + worker))
    out.add("exchange", riel_per_usd=number(p("riel_per_usd")))
    out.add("note")
    parts = {**amounts, "employer": employer, "worker": worker, "total": employer + worker}
    return Estimate("employer-contribution", employer, employer_usd, locale, out.lines, parts)
