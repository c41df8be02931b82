"""Money as visitors think of it: wages typed in US dollars or riel, amounts rounded for reading,
worked examples of the allowances, and an employer's monthly total with its due date.

The sums come from the rules' own estimate functions (kiosk.eligibility); this module only reads
what people type, rounds what they read and says it in their language. The exchange rate is the
rules' `riel_per_usd` parameter, which is not in the content brief: a round kiosk setting,
marked approximate, so every dollar amount here is "about".
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Literal

from kiosk.errors import KioskError
from kiosk.i18n import (
    N_,
    format_date,
    format_month,
    format_number,
    format_riel,
    latin_digits,
    tr,
)

if TYPE_CHECKING:
    from kiosk.eligibility import Estimate, RuleBook

Currency = Literal["riel", "usd"]
MAX_WAGE_RIEL = 1_000_000_000  # the rules' own bound on monthly_wage_riel
# A number under this, typed without a currency, is dollars: no monthly wage is a few thousand
# riel (the smallest wage NSSF counts is 200,000), and US$200 is how many workers know their pay.
DOLLARS_BELOW = Decimal(10_000)
DUE_DAY = 15  # contributions are due by the 15th of the next month (content brief, H)

_USD_MARKS = ("us$", "usd", "$", "dollars", "dollar", "ដុល្លារ")
_RIEL_MARKS = ("riels", "riel", "៛", "រៀល")
_NUMBER = re.compile(r"^\d[\d.,]*$")


@dataclass(frozen=True)
class Wage:
    """A monthly wage as typed, and in riel (what the rules compute with)."""

    amount: Decimal
    currency: Currency
    riel: int
    guessed: bool = False  # no currency was typed or chosen: decided by the size of the number

    def typed(self, locale: str) -> str:
        """The wage as the visitor gave it: `US$200` or `800,000 riel`."""
        return format_dollars(self.amount, locale) if self.currency == "usd" else format_riel(
            self.amount, locale)


def _plain_number(text: str) -> Decimal:
    """A number with grouping marks of either convention: 1,000,000 and ១.០០០.០០០ and
    1 000 000 are a million; 200.50 and 200,50 are two hundred and a half."""
    digits = re.sub(r"[\s\u00a0\u202f_']", "", text)
    if not _NUMBER.match(digits):
        raise ValueError(text)
    marks = [ch for ch in digits if ch in ".,"]
    if not marks:
        return Decimal(digits)
    last = digits.rfind(marks[-1])
    tail = digits[last + 1:]
    if len(set(marks)) == 2:  # both: the last one is the decimal mark
        whole = re.sub(r"[.,]", "", digits[:last])
        return Decimal(f"{whole}.{tail}")
    if len(marks) > 1 or len(tail) == 3:  # 1,000,000 or 1.000: grouping
        return Decimal(re.sub(r"[.,]", "", digits))
    return Decimal(f"{digits[:last]}.{tail}")


def parse_wage(text: str, currency: Currency | None = None, *,
               book: RuleBook | None = None) -> Wage:
    """A monthly wage typed with Khmer or Latin digits, in dollars or riel.

    The currency is the one written in the text (`$200`, `800000 រៀល`), else `currency` (the
    screen's riel/dollar switch), else guessed from the size of the number."""
    raw = latin_digits(text or "").strip().casefold()
    found: set[str] = set()
    for marks, name in ((_USD_MARKS, "usd"), (_RIEL_MARKS, "riel")):
        for mark in marks:
            if mark in raw:
                found.add(name)
                raw = raw.replace(mark, " ")
    if len(found) > 1:
        raise KioskError("Type the wage in riel or in dollars, not both: {text}", text=text.strip())
    try:
        amount = _plain_number(raw.strip())
    except (ValueError, InvalidOperation):
        raise KioskError("Type the wage as a number, for example 800000 or $200: {text}",
                   text=text.strip()) from None
    if amount <= 0:
        raise KioskError("The wage must be more than zero.")
    chosen: Currency | None = found.pop() if found else currency  # type: ignore[assignment]
    guessed = chosen is None
    if chosen is None:
        chosen = "usd" if amount < DOLLARS_BELOW else "riel"
    riel = to_riel(amount, book) if chosen == "usd" else _whole(amount)
    if riel > MAX_WAGE_RIEL:
        raise KioskError("That wage is too large to be a monthly wage: {text}", text=text.strip())
    return Wage(amount, chosen, riel, guessed)


def parse_count(text: str, *, most: int = 100_000) -> int:
    """A number of workers, typed with Khmer or Latin digits."""
    raw = latin_digits(text or "").strip()
    try:
        value = _plain_number(raw)
    except (ValueError, InvalidOperation):
        raise KioskError("Type the number of workers, for example 10: {text}", text=text.strip()) \
            from None
    if value != value.to_integral() or not 1 <= value <= most:
        raise KioskError("The number of workers must be a whole number from 1 to {most}.", most=most)
    return int(value)


# --- the exchange rate and rounding -----------------------------------------------------------
def _book(book: RuleBook | None) -> RuleBook:
    if book is not None:
        return book
    from kiosk.eligibility import load_rules

    return load_rules()


def riel_per_usd(book: RuleBook | None = None) -> Decimal:
    """The rules' round exchange rate (a kiosk setting, not a rate of the day)."""
    return _book(book).param("riel_per_usd")


def _whole(amount: Decimal) -> int:
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def to_riel(dollars: Decimal, book: RuleBook | None = None) -> int:
    return _whole(dollars * riel_per_usd(book))


def round_for_reading(riel: int) -> int:
    """Three significant figures, and never finer than 100 riel (the smallest note people
    count in): 1,680,030 -> 1,680,000; 18,667 -> 18,700; 9,600 stays."""
    if riel == 0:
        return 0
    step = max(100, 10 ** (len(str(abs(riel))) - 3))
    return _whole(Decimal(riel) / step) * step


def format_dollars(amount: Decimal | int, locale: str) -> str:
    """Dollars as people say them: `US$200` / `២០០ ដុល្លារ` (cents only when there are any)."""
    value = Decimal(amount)
    decimals = 0 if value == value.to_integral() else 2
    number = format_number(value, locale, decimals=decimals)
    return tr("US${amount}", locale).format(amount=number)


def dollars_for_reading(riel: int, book: RuleBook | None = None) -> Decimal:
    """A riel amount in whole dollars (in dimes under US$10), at the rules' round rate."""
    dollars = Decimal(riel) / riel_per_usd(book)
    step = Decimal(1) if dollars >= 10 else Decimal("0.1")
    return (dollars / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step


def money_text(riel: int, locale: str, book: RuleBook | None = None) -> str:
    """`1,680,000 riel (US$420)`: rounded for reading; the caller says "about"."""
    return tr("{riel} ({dollars})", locale).format(
        riel=format_riel(round_for_reading(riel), locale),
        dollars=format_dollars(dollars_for_reading(riel, book), locale))


def about(riel: int, locale: str, book: RuleBook | None = None) -> str:
    """`about 1,680,000 riel (US$420)`."""
    return tr("about {amount}", locale).format(amount=money_text(riel, locale, book))


# --- worked examples of the allowances --------------------------------------------------------
# Which benefits pay an allowance, and how, is the rules' data (a benefit's `estimate:`), never a
# list of benefit ids here: the sentence follows the shape of the benefit's formula.
EXAMPLE_DAYS = 10  # days off in the example, for an allowance paid by the day off
EXAMPLE_TEXT: dict[str, str] = {
    "days_off": N_("If you earn {wage} a month and a doctor gives you {days} days off: "
                   "about {nssf} from NSSF ({per_day} a day)."),
    "fixed_days": N_("If you earn {wage} a month: about {nssf} for {days} days from "
                     "NSSF, and about {employer} from your employer."),
    "from_day": N_("If you earn {wage} a month and cannot work for {days} days "
                   "after a work injury: about {nssf} from NSSF for {paid} of those "
                   "days ({per_day} a day)."),
}


def _example_kind(spec: object) -> str:
    if getattr(spec, "days", None):
        return "fixed_days"
    return "from_day" if getattr(spec, "from_day", None) else "days_off"


@dataclass(frozen=True)
class WorkedExample:
    benefit: str
    text: str
    estimate: Estimate  # the rules' own estimate, with its formula lines


def worked_example(benefit_id: str, wage: Wage, locale: str, *, days: int | None = None,
                   book: RuleBook | None = None) -> WorkedExample:
    """One sentence that shows what an allowance means for this wage, from the rules' estimate."""
    from kiosk.eligibility import estimate_allowance

    book = _book(book)
    ruleset = book.rulesets.get(benefit_id)
    spec = ruleset.estimate if ruleset is not None else None
    if spec is None:
        raise KioskError("No worked example for {benefit}.", benefit=benefit_id)
    kind = _example_kind(spec)
    asked = days if days is not None else (None if kind == "fixed_days" else EXAMPLE_DAYS)
    estimate = estimate_allowance(benefit_id, wage.riel, asked, locale, book=book)
    nssf = estimate.parts.get("nssf", estimate.amount_riel)
    text = tr(EXAMPLE_TEXT[kind], locale).format(
        wage=wage.typed(locale),
        days=format_number(asked if asked is not None else estimate.days or 0, locale),
        paid=format_number(estimate.days or 0, locale),
        nssf=money_text(nssf, locale, book),
        per_day=format_riel(round_for_reading(estimate.per_day_riel or 0), locale),
        employer=money_text(estimate.parts.get("employer", 0), locale, book),
    )
    return WorkedExample(benefit_id, text, estimate)


def worked_examples(wage: Wage, locale: str, *, book: RuleBook | None = None
                    ) -> list[WorkedExample]:
    """One per benefit whose rules estimate an allowance, in the rules' order."""
    book = _book(book)
    return [worked_example(bid, wage, locale, book=book)
            for bid, ruleset in book.rulesets.items() if ruleset.estimate is not None]


# --- an employer's month ------------------------------------------------------------------------
SCHEMES: tuple[tuple[str, str], ...] = (  # the rules' part names, and how the screen says them
    ("occupational_risk", N_("Occupational risk")),
    ("health_care", N_("Health care")),
    ("pension", N_("Pension")),
)


def due_date(wage_month: dt.date) -> dt.date:
    """Contributions for the wages of a month are due by the 15th of the month after."""
    year, month = (wage_month.year + 1, 1) if wage_month.month == 12 else (
        wage_month.year, wage_month.month + 1)
    return dt.date(year, month, DUE_DAY)


def next_payment(today: dt.date) -> tuple[dt.date, dt.date]:
    """(wage month, due date) of the next payment from `today`: until the 15th it is last
    month's wages, after it this month's."""
    this_month = today.replace(day=1)
    if today.day <= DUE_DAY:
        last = (this_month - dt.timedelta(days=1)).replace(day=1)
        return last, due_date(last)
    return this_month, due_date(this_month)


@dataclass(frozen=True)
class SchemeShare:
    part: str  # occupational_risk, health_care, pension
    label: str
    employer_riel: int  # what the employer pays from their own money
    withheld_riel: int  # what the employer takes from the wages (the worker's part)

    @property
    def total_riel(self) -> int:
        return self.employer_riel + self.withheld_riel


@dataclass(frozen=True)
class MonthlyTotal:
    """What an employer sends NSSF for one month of wages, and by when."""

    workers: int
    wages_riel: int
    wage_month: dt.date
    due: dt.date
    shares: tuple[SchemeShare, ...]
    employer_riel: int
    withheld_riel: int
    total_riel: int
    locale: str

    def due_text(self, locale: str | None = None) -> str:
        """`by 15 January 2027` / `យ៉ាងយូរត្រឹម ១៥ មករា ២០២៧`."""
        loc = locale or self.locale
        return tr("by {date}", loc).format(date=format_date(self.due, loc))

    def month_text(self, locale: str | None = None) -> str:
        return format_month(self.wage_month, locale or self.locale)


def _share(parts: dict[str, int], part: str) -> tuple[int, int] | None:
    """(employer, withheld) of one scheme in an Estimate's parts, None when it is not paid (a
    scheme not in force that month)."""
    worker = parts.get(f"{part}_worker", 0)
    if f"{part}_employer" in parts:
        return parts[f"{part}_employer"], worker
    if part in parts:
        return parts[part] - worker, worker
    return None


def monthly_total(wages_riel: Sequence[int], locale: str, *, today: dt.date | None = None,
                  wage_month: dt.date | None = None, book: RuleBook | None = None
                  ) -> MonthlyTotal:
    """The month's contributions for these workers' wages (one wage per worker), from the
    rules' own contribution estimate; the wage month is the next one to pay from `today`."""
    from kiosk.eligibility import employer_contribution

    if not wages_riel:
        raise KioskError("Give at least one worker's wage.")
    book = _book(book)
    if wage_month is None:
        wage_month, due = next_payment(today or dt.date.today())
    else:
        wage_month = wage_month.replace(day=1)
        due = due_date(wage_month)
    per_wage: dict[int, dict[str, int]] = {}  # many workers share a wage: work it out once
    sums: dict[str, list[int]] = {}
    for wage in wages_riel:
        if wage not in per_wage:  # at the rates in force for that month's wages
            per_wage[wage] = employer_contribution(wage, locale, book=book, on=wage_month).parts
        for part, _ in SCHEMES:
            share = _share(per_wage[wage], part)
            if share is not None:
                total = sums.setdefault(part, [0, 0])
                total[0] += share[0]
                total[1] += share[1]
    shares = tuple(SchemeShare(part, tr(label, locale), *sums[part])
                   for part, label in SCHEMES if part in sums)
    employer = sum(s.employer_riel for s in shares)
    withheld = sum(s.withheld_riel for s in shares)
    return MonthlyTotal(len(wages_riel), sum(wages_riel), wage_month, due, shares, employer,
                        withheld, employer + withheld, locale)


def monthly_total_typical(workers: int, wage_riel: int, locale: str, **kwargs: object
                          ) -> MonthlyTotal:
    """The same, for `workers` workers who all earn about `wage_riel`."""
    return monthly_total([wage_riel] * workers, locale, **kwargs)  # type: ignore[arg-type]
