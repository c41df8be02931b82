"""One benefit: what you get, how much (with a worked example in the money the visitor thinks
in, where the rules estimate an allowance), who can get it, how to claim, what is not known
here, when the content was checked, its story (the one the content chose for it), and for staff
the staff view (conditions, how sure the sources are, legal basis, review status:
kiosk/content/staff.py) in the same language. Links in its texts ("see Medical care") are real
links. Previous and Next walk through the visitor's benefits; the page leads on to the
interview, the checklist and the printout. The printed benefit is made from this page too (with
the papers of its claim checklist).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.content.library import Library
from kiosk.content.model import Benefit, Story, Text
from kiosk.errors import KioskError
from kiosk.i18n import N_, format_date, format_number, tr
from kiosk.pages import icons
from kiosk.pages.audience import benefit_walk, sees_staff_detail
from kiosk.pages.checklist import PaperGroup, paper_groups, papers
from kiosk.pages.linking import pieces
from kiosk.pages.parts import Link, Route, Section, route

if TYPE_CHECKING:
    from kiosk.eligibility import RuleBook
    from kiosk.money import Wage

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
    example: Section | None  # "If you earn US$200 a month: about ..." (an allowance)
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


def story_teaser(library: Library, story: Story, locale: str, *,
                 here: Route | None = None) -> StoryTeaser:
    """A story told on another page (`here`: a benefit, a guide), with the way to all the
    stories."""
    heading = tr("A true story: {title}", locale).format(title=story.title.get(locale))
    return StoryTeaser(story.id, Section("story", heading, story.text.get(locale), story.icon,
                                         "story", pieces(library, story.text, locale, here=here)),
                       Link(tr("More stories", locale), icons.STORY, route("stories", id=story.id)))


def example_section(rules: RuleBook | None, benefit_id: str, wage: Wage | None,
                    locale: str) -> Section | None:
    """What the allowance means for a wage ("If you earn US$200 a month: about ..."), from the
    rules' own estimate; None where the rules estimate no allowance (or cannot)."""
    if rules is None:
        return None
    from kiosk.money import worked_example
    from kiosk.pages.wage import example_wage

    ruleset = rules.rulesets.get(benefit_id)
    if ruleset is None or ruleset.estimate is None:
        return None
    try:
        example = worked_example(benefit_id, wage or example_wage(rules), locale, book=rules)
    except KioskError:
        return None
    return Section("example", tr("For example", locale), example.text, icons.CALCULATOR)


def benefit_page(library: Library, benefit_id: str, locale: str, *, audience: str | None = None,
                 ticks: Iterable[str] = (), rules: RuleBook | None = None,
                 wage: Wage | None = None) -> BenefitPage:
    """`rules` (with `wage`, the visitor's, else a typical one) add the worked example."""
    benefit = library.benefit(benefit_id)
    here = route("benefit", id=benefit.id)
    scheme = next((s for s in library.schemes() if s.id == benefit.scheme), None)
    sections = tuple(Section(key, tr(heading, locale), text.get(locale), icons.SECTIONS[key],
                             pieces=pieces(library, text, locale, here=here))
                     for key, heading, attr in PARTS
                     if (text := getattr(benefit, attr)) is not None)
    gaps = None
    if benefit.gaps is not None:
        gaps = Section("gaps", tr("Ask to be sure", locale), benefit.gaps.get(locale),
                       icons.SECTIONS["gaps"], "gap",
                       pieces(library, benefit.gaps, locale, here=here))
    found = library.story_for(benefit.id)
    story = story_teaser(library, found, locale, here=here) if found is not None else None
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
        summary=benefit.summary.get(locale), sections=sections,
        example=example_section(rules, benefit.id, wage, locale), gaps=gaps, story=story,
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
