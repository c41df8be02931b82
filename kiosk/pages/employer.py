"""Register and pay: the employer's duties with deadlines and penalties, what is paid into each
scheme, a calculator for one worker's contributions, and the registration checklist (the
checklist of the first duty that has one; the other duties' checklists are opened from them).
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from kiosk.content.library import Library
from kiosk.eligibility import RuleBook, employer_contribution
from kiosk.errors import KioskError
from kiosk.i18n import format_riel, tr
from kiosk.pages import icons
from kiosk.pages.audience import registration_checklist
from kiosk.pages.parts import Line, Link, Stepper, route

WAGE_MAX, WAGE_STEP, WAGE_BIG_STEP = 10_000_000, 10_000, 100_000


@dataclass(frozen=True)
class DutyCard:
    id: str
    title: Line  # the duty's picture and name
    text: str
    deadline: Line
    penalty: Line | None
    checklist: Link | None  # its own papers and steps (not the registration's: that is below)


@dataclass(frozen=True)
class ContributionCard:
    id: str
    title: str
    rate: str
    who_pays: Line
    wage_base: Line


@dataclass(frozen=True)
class Calculator:
    title: Line
    note: str
    stepper: Stepper
    result: str


@dataclass(frozen=True)
class EmployerPage:
    title: str
    icon: str
    duties_heading: str
    duties: tuple[DutyCard, ...]
    contributions_heading: str
    contributions: tuple[ContributionCard, ...]
    calculator: Calculator
    register: Link | None  # the registration checklist


def contribution_result(rules: RuleBook, wage: int, locale: str) -> str:
    """What the employer pays for one worker with this monthly wage, worked out."""
    if wage <= 0:
        return tr("Set a wage to see what you pay.", locale)
    try:
        estimate = employer_contribution(wage, locale, book=rules)
    except KioskError as exc:
        return exc.message(locale)
    headline = tr("You pay about {amount} a month for this worker.", locale).format(
        amount=format_riel(estimate.amount_riel, locale))
    return headline + "\n\n" + estimate.text(locale)


def calculator(rules: RuleBook, wage: int, locale: str) -> Calculator:
    return Calculator(
        Line(icons.CALCULATOR, tr("Work it out for one worker", locale)),
        tr("Set the worker's monthly wage with − and +.", locale),
        Stepper(0, WAGE_MAX, WAGE_STEP, wage, tr("riel a month", locale), locale, WAGE_BIG_STEP),
        contribution_result(rules, wage, locale))


def employer_page(library: Library, rules: RuleBook, locale: str, *, wage: int = 0) -> EmployerPage:
    registration = registration_checklist(library)
    duties = []
    for duty in library.duties():
        own = None
        if duty.checklist and duty.checklist != registration:
            own = Link(tr("Papers and steps", locale), icons.CHECKLIST,
                       route("checklist", id=duty.checklist))
        penalty = None
        if duty.penalty is not None:
            penalty = Line(icons.PENALTY, tr("If not: {penalty}", locale).format(
                penalty=duty.penalty.get(locale)))
        duties.append(DutyCard(
            duty.id, Line(duty.icon, duty.title.get(locale)), duty.text.get(locale),
            Line(icons.WHEN, tr("By when: {deadline}", locale).format(
                deadline=duty.deadline.get(locale))), penalty, own))
    contributions = tuple(
        ContributionCard(c.id, c.title.get(locale), c.rate.get(locale),
                         Line(icons.WHO_PAYS, tr("Who pays: {who}", locale).format(
                             who=c.who_pays.get(locale))),
                         Line(icons.WAGE_BASE, tr("On what wage: {base}", locale).format(
                             base=c.wage_base.get(locale))))
        for c in library.contributions())
    register = None
    if registration is not None:
        register = Link(tr("How to register: papers and steps", locale), icons.CHECKLIST,
                        route("checklist", id=registration))
    return EmployerPage(tr("Register and pay", locale), icons.EMPLOYER,
                        tr("Your duties as an employer", locale), tuple(duties),
                        tr("What you pay each month", locale), contributions,
                        calculator(rules, wage, locale), register)


def wage_changed(page: EmployerPage, rules: RuleBook, wage: int, locale: str) -> EmployerPage:
    """The same page with the calculator worked out for a new wage."""
    return replace(page, calculator=calculator(rules, wage, locale))
