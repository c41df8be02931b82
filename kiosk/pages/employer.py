"""What I must do (an employer): the duties with deadlines and penalties, what is paid into each
scheme, the way to the monthly total (what he pays for his workers, and by when), and the
registration checklist (the checklist of the first duty that has one; the other duties'
checklists are opened from them). Printable.

A search hit on a duty opens this page at its card (`card`: the duty's id), which the screen
scrolls to and marks.
"""
from __future__ import annotations

from dataclasses import dataclass

from kiosk.content.library import Library
from kiosk.i18n import tr
from kiosk.pages import icons
from kiosk.pages.audience import registration_checklist
from kiosk.pages.parts import Line, Link, route

PRINT_ID = "employer"


@dataclass(frozen=True)
class DutyCard:
    id: str
    title: Line  # the duty's picture and name
    text: str
    deadline: Line
    penalty: Line | None
    checklist: Link | None  # its own papers and steps (not the registration's: that is below)
    marked: bool = False  # the card a search hit asked for


@dataclass(frozen=True)
class ContributionCard:
    id: str
    title: str
    rate: str
    who_pays: Line
    wage_base: Line


@dataclass(frozen=True)
class EmployerPage:
    locale: str
    title: str
    icon: str
    label: str  # what kind of paper this is
    duties_heading: str
    duties: tuple[DutyCard, ...]
    contributions_heading: str
    contributions: tuple[ContributionCard, ...]
    monthly: Link  # what I pay each month, for my workers
    register: Link | None  # the registration checklist
    print: Link
    card: str | None  # the duty a search hit opened this page at


def employer_page(library: Library, locale: str, *, card: str | None = None) -> EmployerPage:
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
                deadline=duty.deadline.get(locale))), penalty, own, duty.id == card))
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
    return EmployerPage(
        locale, tr("What I must do", locale), icons.EMPLOYER, tr("For employers", locale),
        tr("Your duties as an employer", locale), tuple(duties),
        tr("What you pay each month", locale), contributions,
        Link(tr("Work out what I pay for my workers each month", locale), icons.CALCULATOR,
             route("monthly")),
        register,
        Link(tr("Print / take it with you", locale), icons.PRINT,
             route("print", kind="employer", id=PRINT_ID)),
        card if any(d.id == card for d in duties) else None)
