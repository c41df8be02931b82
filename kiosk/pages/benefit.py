"""One benefit: what you get, how much, who can get it, how to claim, what is not known here,
when the content was checked, a story where one fits, and for staff the staff view (conditions,
how sure the sources are, legal basis, review status: kiosk/content/staff.py) in the same language.
Previous and Next walk through the visitor's benefits; the page leads on to the interview, the
checklist and the printout. The printed benefit is made from this page too (with the papers of
its claim checklist).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kiosk.content.library import Library
from kiosk.content.model import Benefit, Text
from kiosk.i18n import N_, format_date, format_number, tr
from kiosk.pages import icons
from kiosk.pages.audience import benefit_walk, sees_staff_detail
from kiosk.pages.checklist import PaperGroup, paper_groups, papers
from kiosk.pages.parts import Link, Section, route

# (key, heading msgid, the benefit's field)
PARTS: tuple[tuple[str, str, str], ...] = (
    ("what", N_("What you get"), "what_you_get"),
    ("amount", N_("How much"), "amount"),
    ("who", N_("Who can get it"), "who_can_get"),
    ("claim", N_("How to claim"), "how_to_claim"),
)


@dataclass(frozen=True)
class StoryTeaser:
    id: str
    section: Section  # "A true story: ...", its text
    more: Link  # to the stories, this one first


@dataclass(frozen=True)
class StaffCard:
    """What a front-office officer reads about the benefit, in the visitor's language
    (`Library.staff_detail`): conditions, legal basis, how sure the sources are, where they
    disagree, the sources as written, the review status. One part per line of the view."""

    heading: str
    icon: str
    parts: tuple[Section, ...]

    def part(self, key: str) -> Section | None:
        return next((part for part in self.parts if part.key == key), None)

    def text(self) -> str:
        return "\n".join(f"{part.heading}: {part.text}" for part in self.parts)


@dataclass(frozen=True)
class BenefitPage:
    id: str
    locale: str
    title: str
    icon: str
    label: str  # what kind of paper this is: "Benefit"
    scheme: str  # the scheme's name ("" if the content has none)
    summary: str
    sections: tuple[Section, ...]  # what, amount, who, claim: those the content has
    gaps: Section | None  # what is not known here: ask staff
    story: StoryTeaser | None
    staff: StaffCard | None  # conditions, confidence, legal basis, review: for staff only
    legal_basis: str | None  # "Legal basis: ..." (small print on A4 for any visitor)
    reviewed: str  # "Checked on ... Rules change: ..."
    position: str  # "3 / 9"
    previous: Link
    next: Link
    interview: Link
    checklist: Link
    print: Link
    checklist_id: str
    paper_groups: tuple[PaperGroup, ...]  # the claim checklist's papers, for the printout
    speech: Text  # what the speaker reads aloud (content text, with its recordings)


def _staff(library: Library, benefit: Benefit, locale: str) -> StaffCard:
    view = library.staff_detail(benefit.id, locale)
    return StaffCard(view.heading, icons.SECTIONS["staff"],
                     tuple(Section(line.key, line.label, line.text, line.icon, "staff")
                           for line in view.lines))


def benefit_page(library: Library, benefit_id: str, locale: str, *, audience: str | None = None,
                 ticks: Iterable[str] = ()) -> BenefitPage:
    benefit = library.benefit(benefit_id)
    scheme = next((s for s in library.schemes() if s.id == benefit.scheme), None)
    sections = tuple(Section(key, tr(heading, locale), text.get(locale), icons.SECTIONS[key])
                     for key, heading, attr in PARTS
                     if (text := getattr(benefit, attr)) is not None)
    gaps = None
    if benefit.gaps is not None:
        gaps = Section("gaps", tr("Ask to be sure", locale), benefit.gaps.get(locale),
                       icons.SECTIONS["gaps"], "gap")
    story = None
    for found in library.stories(benefit.id)[:1]:
        heading = tr("A true story: {title}", locale).format(title=found.title.get(locale))
        story = StoryTeaser(found.id, Section("story", heading, found.text.get(locale), found.icon,
                                              "story"),
                            Link(tr("More stories", locale), icons.STORY,
                                 route("stories", id=found.id)))
    ids = benefit_walk(library, audience, benefit.id)
    at = ids.index(benefit.id)
    checked = tr("Checked on {date}. Rules change: check with NSSF staff or call 1286.", locale)
    checklist = library.checklist(benefit.checklist)
    legal = None
    if benefit.legal_basis is not None:
        legal = tr("Legal basis", locale) + ": " + benefit.legal_basis.get(locale)
    return BenefitPage(
        id=benefit.id, locale=locale, title=benefit.title.get(locale), icon=benefit.icon,
        label=tr("Benefit", locale), scheme=scheme.name.get(locale) if scheme else "",
        summary=benefit.summary.get(locale), sections=sections, gaps=gaps, story=story,
        staff=_staff(library, benefit, locale) if sees_staff_detail(audience) else None,
        legal_basis=legal,
        reviewed=checked.format(date=format_date(benefit.reviewed_on, locale)),
        position=f"{format_number(at + 1, locale)} / {format_number(len(ids), locale)}",
        previous=Link(tr("Previous", locale), icons.PREVIOUS,
                      route("benefit", id=ids[at - 1]) if at > 0 else None),
        next=Link(tr("Next", locale), icons.NEXT,
                  route("benefit", id=ids[at + 1]) if at < len(ids) - 1 else None),
        interview=Link(tr("Can I get it?", locale), icons.INTERVIEW,
                       route("interview", benefit=benefit.id)),
        checklist=Link(tr("What to bring", locale), icons.CHECKLIST,
                       route("checklist", id=benefit.checklist)),
        print=Link(tr("Print / take it with you", locale), icons.PRINT,
                   route("print", kind="benefit", id=benefit.id)),
        checklist_id=checklist.id,
        paper_groups=paper_groups(papers(checklist, locale, ticks), locale),
        speech=benefit.summary,
    )
