"""A claim checklist: the papers (held or still to bring), what is left to bring, the steps in
order with who does what, where and by when, what happens if it is not done, and what is not
known here. The screen, the printout and the phone page of a
checklist are all made from this one page.

`checklist_page(library, id, locale, ticks=...)`: `id` is a checklist id or a benefit id (its
claim checklist); `ticks` the ids of the papers the visitor said they have.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kiosk.content.library import Library, NotFound
from kiosk.content.model import Checklist, Step
from kiosk.i18n import native_digits, tr
from kiosk.pages import icons
from kiosk.pages.parts import Line, Link, Route, Section, route


@dataclass(frozen=True)
class Paper:
    """One paper of a checklist, and whether the visitor has it."""

    id: str
    name: str
    where: str  # "Where to get it: ..."
    note: str | None
    icon: str
    have: bool

    @property
    def mark(self) -> str:
        return "have" if self.have else "need"

    @property
    def mark_icon(self) -> str:
        return icons.MARKS[self.mark]

    @property
    def details(self) -> tuple[str, ...]:
        return (self.where,) if self.note is None else (self.where, self.note)


@dataclass(frozen=True)
class PaperGroup:
    """Papers under one heading, as the paper lists them: every paper "to bring" while nothing
    is ticked, then "You have" and "Still to bring"."""

    key: str  # all | have | need
    heading: str
    icon: str
    papers: tuple[Paper, ...]


@dataclass(frozen=True)
class BringList:
    """What the visitor still has to bring: one line per paper not ticked, or `done`."""

    title: str
    icon: str
    lines: tuple[Line, ...]
    ids: tuple[str, ...]  # the papers of `lines`, in order
    done: str | None  # "You have all the papers on the list." once nothing is left


@dataclass(frozen=True)
class StepView:
    number: str  # in the locale's digits
    text: str
    who: Line  # the actor's picture and "Who: Employer"
    details: tuple[Line, ...]  # where, by when
    icon: str | None  # the content's picture of the step

    @property
    def lines(self) -> tuple[Line, ...]:
        return (self.who, *self.details)


@dataclass(frozen=True)
class ChecklistPage:
    id: str
    locale: str
    benefit: str | None
    title: str
    icon: str
    label: str  # what kind of paper this is: "Claim checklist"
    intro: str | None
    papers_heading: str
    papers: tuple[Paper, ...]
    groups: tuple[PaperGroup, ...]
    bring: BringList
    steps_heading: str
    steps_icon: str
    steps: tuple[StepView, ...]
    penalty: Section | None  # what happens if it is not done
    gaps: Section | None  # what is not known here: ask staff
    about: Link | None  # the benefit it claims
    print: Link

    @property
    def ticks(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.papers if p.have)


def papers(checklist: Checklist, locale: str, ticks: Iterable[str] = ()) -> tuple[Paper, ...]:
    held = set(ticks)
    where = tr("Where to get it: {where}", locale)
    return tuple(Paper(d.id, d.name.get(locale), where.format(where=d.where.get(locale)),
                       d.note.get(locale) if d.note is not None else None, d.icon, d.id in held)
                 for d in checklist.documents)


def paper_groups(items: tuple[Paper, ...], locale: str) -> tuple[PaperGroup, ...]:
    if not any(p.have for p in items):
        return (PaperGroup("all", tr("Documents to bring", locale), icons.BRING, items),)
    groups = []
    have = tuple(p for p in items if p.have)
    need = tuple(p for p in items if not p.have)
    if have:
        groups.append(PaperGroup("have", tr("You have", locale), icons.HAVE_HEADING, have))
    if need:
        groups.append(PaperGroup("need", tr("Still to bring", locale), icons.BRING, need))
    return tuple(groups)


def bring_list(items: tuple[Paper, ...], locale: str) -> BringList:
    missing = tuple(p for p in items if not p.have)
    done = None if missing else tr("You have all the papers on the list.", locale)
    return BringList(tr("What to bring", locale), icons.BRING,
                     tuple(Line(p.icon, p.name) for p in missing), tuple(p.id for p in missing),
                     done)


def step_view(number: int, step: Step, locale: str) -> StepView:
    actor = icons.ACTORS.get(step.who)
    who_text = tr(actor.label, locale) if actor else step.who
    who = Line(actor.icon if actor else icons.UNKNOWN_ACTOR,
               tr("Who: {who}", locale).format(who=who_text))
    details = []
    if step.where is not None:
        details.append(Line(icons.WHERE, tr("Where: {where}", locale).format(
            where=step.where.get(locale))))
    if step.deadline is not None:
        details.append(Line(icons.WHEN, tr("By when: {deadline}", locale).format(
            deadline=step.deadline.get(locale))))
    return StepView(native_digits(str(number), locale), step.text.get(locale), who,
                    tuple(details), step.icon)


def checklist_icon(library: Library, checklist: Checklist) -> str:
    """A checklist's picture: that of the benefit it claims, else the claim picture."""
    if checklist.benefit:
        try:
            return library.benefit(checklist.benefit).icon
        except NotFound:
            pass
    return icons.CLAIM


def print_route(checklist_id: str, ticks: Iterable[str]) -> Route:
    return route("print", kind="checklist", id=checklist_id, ticks=sorted(ticks))


def checklist_page(library: Library, rid: str, locale: str, *,
                   ticks: Iterable[str] = ()) -> ChecklistPage:
    checklist = library.checklist(rid)
    items = papers(checklist, locale, ticks)
    held = [p.id for p in items if p.have]
    about = None
    if checklist.benefit is not None:
        about = Link(tr("About this benefit", locale), icons.ABOUT,
                     route("benefit", id=checklist.benefit))
    return ChecklistPage(
        id=checklist.id, locale=locale, benefit=checklist.benefit, title=checklist.title.get(locale),
        icon=checklist_icon(library, checklist), label=tr("Claim checklist", locale),
        intro=checklist.intro.get(locale) if checklist.intro is not None else None,
        papers_heading=tr("Papers: tap the ones you already have", locale), papers=items,
        groups=paper_groups(items, locale), bring=bring_list(items, locale),
        steps_heading=tr("Steps", locale), steps_icon=icons.STEPS,
        steps=tuple(step_view(n, s, locale) for n, s in enumerate(checklist.steps, start=1)),
        penalty=Section("penalty", tr("If it is not done", locale), checklist.penalty.get(locale),
                        icons.PENALTY, "gap") if checklist.penalty is not None else None,
        gaps=Section("gaps", tr("Ask to be sure", locale), checklist.gaps.get(locale),
                     icons.SECTIONS["gaps"], "gap") if checklist.gaps is not None else None,
        about=about,
        print=Link(tr("Print / take it with you", locale), icons.PRINT, print_route(checklist.id, held)),
    )
