"""An employer's month: how many workers and what they earn (one typical wage, or each one's)
in, and out what he pays NSSF per scheme, what he takes from the wages (the workers' pension
part), the total, and the day it is due ("by the 15th of the next month", with the date).

The sums are the rules' own (kiosk.money.monthly_total, at the rates in force for that month's
wages). The employer pays these amounts, so they are shown to the riel, with dollars beside
them as "about". What was typed is the visitor's: `MonthlyInput`, kept in the kiosk's Visit;
each tap makes a new one. Printable (no number of the visitor goes into its QR link).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from kiosk.errors import KioskError
from kiosk.i18n import N_, format_date, format_number, format_riel, native_digits, tr
from kiosk.pages import icons
from kiosk.pages.parts import Choice, Line, Link, Stepper, route
from kiosk.pages.wage import TypedWage, WageField, wage_field

if TYPE_CHECKING:
    from kiosk.eligibility.book import RuleBook

TYPICAL, EACH = "typical", "each"
MODES: tuple[tuple[str, str], ...] = ((TYPICAL, N_("All about the same wage")),
                                      (EACH, N_("Each worker's wage")))
MAX_WORKERS = 10_000
MAX_EACH = 50  # wages typed one by one up to this many workers; more: one typical wage
EMPLOYER_CURRENCY = "riel"  # payrolls are kept in riel
PRINT_ID = "monthly-total"


@dataclass(frozen=True)
class MonthlyInput:
    """What the employer typed: the number of workers, the way wages are given, the wages."""

    workers: int = 1
    mode: str = TYPICAL
    typical: TypedWage = TypedWage(currency=EMPLOYER_CURRENCY)
    each: tuple[TypedWage, ...] = ()
    chosen: int = 0  # the worker whose wage the keypad types (mode each)

    @property
    def typing(self) -> TypedWage:
        """The wage the keypad types now."""
        if self.mode == EACH:
            return self._each()[self.chosen]
        return self.typical

    def _each(self) -> tuple[TypedWage, ...]:
        have = self.each[: self.workers]
        currency = self.typical.currency
        return have + (TypedWage(currency=currency),) * (self.workers - len(have))

    def _typed(self, wage: TypedWage) -> MonthlyInput:
        if self.mode != EACH:
            return replace(self, typical=wage)
        each = list(self._each())
        each[self.chosen] = wage
        return replace(self, each=tuple(each))

    def key(self, name: str) -> MonthlyInput:
        return self._typed(self.typing.key(name))

    def with_currency(self, currency: str) -> MonthlyInput:
        return self._typed(self.typing.with_currency(currency))

    def with_workers(self, workers: int) -> MonthlyInput:
        workers = max(1, min(MAX_WORKERS, int(workers)))
        mode = self.mode if workers <= MAX_EACH else TYPICAL
        return replace(self, workers=workers, mode=mode, chosen=min(self.chosen, workers - 1))

    def with_mode(self, mode: str) -> MonthlyInput:
        if mode not in dict(MODES) or (mode == EACH and self.workers > MAX_EACH):
            return self
        return replace(self, mode=mode, chosen=min(self.chosen, self.workers - 1))

    def with_chosen(self, index: int) -> MonthlyInput:
        return replace(self, chosen=max(0, min(self.workers - 1, int(index))))

    def wages_riel(self, rules: RuleBook) -> list[int]:
        """Each worker's wage in riel; 0 for a worker whose wage is not typed (or not a wage)."""
        if self.mode == EACH:
            return [w.riel(rules) for w in self._each()]
        return [self.typical.riel(rules)] * self.workers


@dataclass(frozen=True)
class WorkerRow:
    index: int
    label: str  # "Worker 3"
    wage: str  # "1,000,000 riel", or "not typed yet"
    chosen: bool
    missing: bool


@dataclass(frozen=True)
class ShareLine:
    part: str  # occupational_risk, health_care, pension
    scheme: str
    employer: str  # what the employer pays, from their own money (riel: the column says so)
    withheld: str  # what is taken from the wages ("—": nothing)
    total: str


@dataclass(frozen=True)
class MonthlyResult:
    heading: str  # "For the wages of November 2026"
    summary: str  # "10 workers, 10,000,000 riel in wages"
    columns: tuple[str, str, str, str]  # scheme, you pay, from the wages, in all
    shares: tuple[ShareLine, ...]
    employer: Line  # from the employer's own money
    withheld: Line  # taken from the wages: the workers' pension part
    total: Line  # in all to NSSF, with dollars as "about"
    due: Line  # by the 15th of the next month: the date
    note: str
    in_view: Line  # the total and its date on one line: kept in view where the page scrolls


@dataclass(frozen=True)
class MonthlyPage:
    locale: str
    title: str
    icon: str
    label: str  # what kind of paper this is
    intro: str
    workers_heading: str
    workers: Stepper
    modes: tuple[Choice, ...]
    rows: tuple[WorkerRow, ...]  # mode each: one row per worker, tap to type its wage
    wage: WageField  # the typical wage, or the chosen worker's
    result: MonthlyResult | None  # None until every wage is given
    prompt: str | None  # shown instead of the result (None with a result)
    print: Link  # no route until there is a result


def _riel(amount: int, locale: str) -> str:
    return format_riel(amount, locale)


def _with_dollars(amount: int, locale: str, rules: RuleBook) -> str:
    from kiosk.money import dollars_for_reading, format_dollars

    dollars = format_dollars(dollars_for_reading(amount, rules), locale)
    return tr("{riel} (about {dollars})", locale).format(riel=_riel(amount, locale),
                                                          dollars=dollars)


def monthly_result(rules: RuleBook, wages: list[int], locale: str, today: dt.date
                   ) -> MonthlyResult:
    from kiosk.money import monthly_total

    total = monthly_total(wages, locale, today=today, book=rules)
    dash = "—"

    def number(amount: int) -> str:  # the unit is in the column's heading
        return format_number(amount, locale)
    shares = tuple(ShareLine(s.part, s.label, number(s.employer_riel),
                             number(s.withheld_riel) if s.withheld_riel else dash,
                             number(s.total_riel))
                   for s in total.shares)
    workers = tr("{count} workers", locale).format(count=format_number(total.workers, locale))
    return MonthlyResult(
        tr("For the wages of {month}", locale).format(month=total.month_text(locale)),
        tr("{workers}, {wages} in wages", locale).format(
            workers=workers, wages=_riel(total.wages_riel, locale)),
        (tr("Scheme (in riel)", locale), tr("You pay", locale), tr("From wages", locale),
         tr("In all", locale)),
        shares,
        Line(icons.EMPLOYER, tr("You pay from your own money: {amount}", locale).format(
            amount=_riel(total.employer_riel, locale))),
        Line(icons.WHO_PAYS, tr("You take from the wages (the workers' pension part): {amount}",
                                locale).format(amount=_riel(total.withheld_riel, locale))),
        Line(icons.ESTIMATE, tr("In all to NSSF: {amount}", locale).format(
            amount=_with_dollars(total.total_riel, locale, rules))),
        Line(icons.WHEN, tr("Pay by the 15th of the next month: {date}", locale).format(
            date=format_date(total.due, locale))),
        tr("Worked out from the rules NSSF publishes, at the rates for that month. "
           "NSSF confirms the amount.", locale),
        Line(icons.ESTIMATE, tr("In all: {amount}, {due}", locale).format(
            amount=_riel(total.total_riel, locale), due=total.due_text(locale))))


def monthly_page(rules: RuleBook, typed: MonthlyInput, locale: str, *,
                 today: dt.date | None = None) -> MonthlyPage:
    today = today or dt.date.today()
    modes = tuple(Choice(key, tr(text, locale), typed.mode == key,
                         key != EACH or typed.workers <= MAX_EACH) for key, text in MODES)
    rows: tuple[WorkerRow, ...] = ()
    wages = typed.wages_riel(rules)
    if typed.mode == EACH:
        worker = tr("Worker {number}", locale)
        rows = tuple(
            WorkerRow(i, worker.format(number=native_digits(str(i + 1), locale)),
                      _riel(riel, locale) if riel else tr("not typed yet", locale),
                      i == typed.chosen, not riel)
            for i, riel in enumerate(wages))
    if typed.mode == EACH:
        title = tr("Wage of worker {number}", locale).format(
            number=native_digits(str(typed.chosen + 1), locale))
    else:
        title = tr("The monthly wage of one worker", locale)
    field = wage_field(typed.typing.digits, typed.typing.currency, locale, rules, title=title)
    result, prompt = None, None
    missing = sum(1 for riel in wages if not riel)
    if missing and typed.mode == EACH:
        prompt = tr("Type the wage of every worker: {count} still to type.", locale).format(
            count=format_number(missing, locale))
    elif missing:
        prompt = field.other or tr("Type the wage to see what you pay each month.", locale)
    else:
        try:
            result = monthly_result(rules, wages, locale, today)
        except KioskError as exc:
            prompt = exc.message(locale)
    printing = None
    if result is not None:
        printing = route("print", kind="monthly", id=PRINT_ID, facts={"wages_riel": wages})
    return MonthlyPage(
        locale=locale, title=tr("What I pay each month", locale), icon=icons.CALCULATOR,
        label=tr("Monthly contributions", locale),
        intro=tr("Give the number of workers and their wages: you see what you pay NSSF, what "
                 "you take from the wages, and by when.", locale),
        workers_heading=tr("How many workers?", locale),
        workers=Stepper(1, MAX_WORKERS, 1, typed.workers, tr("workers", locale), locale, 10),
        modes=modes, rows=rows, wage=field, result=result, prompt=prompt,
        print=Link(tr("Print / take it with you", locale), icons.PRINT, printing))


def monthly_page_for_wages(rules: RuleBook, wages: list[int], locale: str, *,
                           today: dt.date | None = None) -> MonthlyPage:
    """The page for wages known in riel (a printout): one typical wage if they are all the
    same, else each one."""
    wages = [int(w) for w in wages]
    if not wages:
        raise KioskError("no wages to work out")
    if len(set(wages)) == 1:
        typed = MonthlyInput(len(wages), TYPICAL, TypedWage(str(wages[0]), "riel"))
    else:
        typed = MonthlyInput(len(wages), EACH, TypedWage(currency="riel"),
                             tuple(TypedWage(str(w), "riel") for w in wages))
    return monthly_page(rules, typed, locale, today=today)
