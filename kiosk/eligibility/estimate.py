"""Estimates: what an allowance pays, and what is paid for a worker, for a monthly wage in riel.

Which share, for how many days, and which schemes an employer pays are data (a benefit file's
`estimate:`, estimates.yaml's `contributions:`); the values are those in force on the day asked.
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
from typing import Any

from kiosk.eligibility.dated import ParamsOn, ParamUse
from kiosk.eligibility.facts import validate_fact
from kiosk.eligibility.model import AllowanceSpec, Rules
from kiosk.eligibility.text import render
from kiosk.errors import KioskError
from kiosk.i18n import LOCALES, check_locale, format_percent, format_riel, format_usd
from kiosk.i18n import format_number as _format_number

CONTRIBUTION_KIND = "employer-contribution"


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
    on: str = ""  # the day whose parameter values it used (YYYY-MM-DD)
    parameters: tuple[ParamUse, ...] = ()

    @property
    def lines(self) -> list[str]:
        return self.formula[self.locale]

    def text(self, locale: str | None = None) -> str:
        return "\n".join(self.formula[locale or self.locale])

    def to_json(self, locale: str | None = None) -> dict[str, Any]:
        locale = locale or self.locale
        return {
            "kind": self.kind,
            "amount_riel": self.amount_riel,
            "amount_usd": str(self.amount_usd),
            "per_day_riel": self.per_day_riel,
            "days": self.days,
            "parts": self.parts,
            "lines": self.formula[locale],
            "on": self.on,
            "parameters": [p.to_json(locale) for p in self.parameters],
        }


def _riel(amount: Decimal) -> int:
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


class _Formula:
    """Collects formula lines in every locale from the texts in estimates.yaml, and the
    parameters they used."""

    def __init__(self, rules: Rules, values: ParamsOn) -> None:
        self.rules, self.values = rules, values
        self.lines: dict[str, list[str]] = {locale: [] for locale in LOCALES}
        self.used: list[str] = []

    def p(self, name: str) -> Decimal:
        self.used.append(name)
        return self.values[name]

    def add(self, text_id: str, **values: Callable[[str], str]) -> None:
        text = self.rules.estimate_texts[text_id]
        for locale in LOCALES:
            self.lines[locale].append(render(text, locale, lambda n, loc=locale: values[n](loc)))

    def word(self, text_id: str) -> Callable[[str], str]:
        return lambda locale: self.rules.estimate_texts[text_id][locale]

    def parameters(self) -> tuple[ParamUse, ...]:
        return self.values.uses(self.used)


def riel(amount: Decimal | int) -> Callable[[str], str]:
    return lambda locale: format_riel(amount, locale)


def usd(amount: Decimal) -> Callable[[str], str]:
    return lambda locale: format_usd(amount, locale)


def percent(value: Decimal) -> Callable[[str], str]:
    return lambda locale: format_percent(value, locale)


def number(value: Decimal | int) -> Callable[[str], str]:
    return lambda locale: _format_number(value, locale)


def _to_usd(amount_riel: int, out: _Formula) -> Decimal:
    return (Decimal(amount_riel) / out.p("riel_per_usd")).quantize(Decimal("0.01"),
                                                                   rounding=ROUND_HALF_UP)


def allowance(rules: Rules, values: ParamsOn, benefit_id: str, spec: AllowanceSpec | None,
              monthly_wage_riel: int, days: int | None, locale: str) -> Estimate:
    """NSSF's allowance for `days` off work (or the benefit's fixed number of days)."""
    check_locale(locale)
    if spec is None:
        with_estimates = [b for b, rs in rules.rulesets.items() if rs.estimate is not None]
        raise KioskError("no estimate for {benefit!r}: only {known}", benefit=benefit_id,
                         known=", ".join(with_estimates))
    wage = Decimal(validate_fact("monthly_wage_riel", monthly_wage_riel))
    out = _Formula(rules, values)
    p = out.p
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
    rate = p(spec.rate)
    daily = _riel(daily_wage * rate / 100)
    out.add("daily", rate=percent(rate), daily_wage=riel(daily_wage), daily=riel(daily))
    if spec.days is not None:
        paid_days = int(p(spec.days))
    else:
        if days is None:
            raise KioskError("{benefit}: the number of days off work is needed",
                             benefit=benefit_id)
        days = validate_fact("unable_to_work_days", days)
        paid_days = days
        if spec.max_days is not None and days > p(spec.max_days):
            paid_days = int(p(spec.max_days))
            out.add("days_cap", max_days=number(paid_days), days=number(days))
        if spec.from_day is not None:
            first_day = int(p(spec.from_day))
            paid_days = max(0, paid_days - (first_day - 1))  # the employer pays the days before
            out.add("from_day", first_day=number(first_day), paid_days=number(paid_days))
    total = daily * paid_days
    total_usd = _to_usd(total, out)
    out.add("total", days=number(paid_days), daily=riel(daily), total=riel(total),
            total_usd=usd(total_usd))
    parts = {"nssf": total}
    if spec.employer_rate is not None:
        employer_rate = p(spec.employer_rate)
        # The employer's share is of the wage itself, not of NSSF's capped contributory wage.
        employer = _riel(wage / p("days_per_month") * employer_rate / 100) * paid_days
        parts["employer"] = employer
        out.add("employer_share", rate=percent(employer_rate), days=number(paid_days),
                amount=riel(employer))
    out.add("exchange", riel_per_usd=number(p("riel_per_usd")))
    out.add("note")
    return Estimate(benefit_id, total, total_usd, locale, out.lines, parts, daily, paid_days,
                    values.on.isoformat(), out.parameters())


def contributory_wage(wage: Decimal, floor: Decimal, cap: Decimal, band: Decimal) -> Decimal:
    """The wage NSSF counts: the middle of its band, between the floor and the cap."""
    if wage < floor:
        return floor
    if wage >= cap:
        return cap
    return (wage // band) * band + band / 2


def contributions(rules: Rules, values: ParamsOn, monthly_wage_riel: int,
                  locale: str) -> Estimate:
    """What is paid to NSSF each month for one worker with this wage, at the rates in force."""
    check_locale(locale)
    wage = Decimal(validate_fact("monthly_wage_riel", monthly_wage_riel))
    spec = rules.contributions
    if not spec.schemes:
        raise KioskError("the rules say nothing of what an employer pays (estimates.yaml)")
    out = _Formula(rules, values)
    p = out.p
    # a scheme not yet in force that day (the pension before October 2022) is not paid
    schemes = [s for s in spec.schemes if rules.params[s.rate].at(values.on) is not None]
    needed = {s.base for s in schemes}
    out.add("wage", wage=riel(wage))
    bases: dict[str, Decimal] = {}
    for base in (b for b in spec.bases if b.text in needed):
        floor, cap, band = p(base.floor), p(base.cap), p(base.band)
        counted = contributory_wage(wage, floor, cap, band)
        bases[base.text] = counted
        name = out.word(base.text)
        if wage < floor:
            out.add("band_floor", scheme=name, floor=riel(floor), base=riel(counted))
        elif wage >= cap:
            out.add("band_cap", scheme=name, cap=riel(cap), base=riel(counted))
        else:
            low = (wage // band) * band
            out.add("band", scheme=name, low=riel(low), high=riel(low + band),
                    base=riel(counted))
    parts: dict[str, int] = {}
    employer = worker = 0
    for scheme in schemes:
        rate, counted = p(scheme.rate), bases[scheme.base]
        amount = _riel(counted * rate / 100)
        parts[scheme.part] = amount
        out.add("contribution", scheme=out.word(scheme.text), rate=percent(rate),
                base=riel(counted), amount=riel(amount))
        if scheme.worker_share is None:
            employer += amount
            continue
        share = p(scheme.worker_share)
        from_wage = _riel(amount * share / 100)
        parts[f"{scheme.part}_worker"] = from_wage
        parts[f"{scheme.part}_employer"] = amount - from_wage
        out.add("contribution_split", scheme=out.word(scheme.text), share=percent(share),
                worker=riel(from_wage), employer=riel(amount - from_wage))
        worker += from_wage
        employer += amount - from_wage
    employer_usd = _to_usd(employer, out)
    out.add("contribution_total", employer_total=riel(employer), employer_usd=usd(employer_usd),
            worker_total=riel(worker), total=riel(employer + worker))
    out.add("exchange", riel_per_usd=number(p("riel_per_usd")))
    out.add("note")
    parts.update({"employer": employer, "worker": worker, "total": employer + worker})
    return Estimate(CONTRIBUTION_KIND, employer, employer_usd, locale, out.lines, parts,
                    on=values.on.isoformat(), parameters=out.parameters())
