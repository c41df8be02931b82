"""A guide: a short path for one situation ("Asked to pay?"), from the home screen.

Its sections (why it happens, what is free, what to do at the counter) with a picture for every
point and numbers on the steps to take in order, what this kiosk does not know (ask staff or
call 1286), its story, and the check of the visitor's own case: the interview of the benefit
the guide names ("Is my card working?"). Printable, and a phone page can render it too.
"""
from __future__ import annotations

from dataclasses import dataclass

from kiosk.content.library import Library, NotFound
from kiosk.content.model import Text
from kiosk.i18n import format_date, native_digits, tr
from kiosk.pages import icons
from kiosk.pages.benefit import StoryTeaser, story_teaser
from kiosk.pages.linking import pieces
from kiosk.pages.parts import Link, Pieces, Section, links_of, route


@dataclass(frozen=True)
class GuidePoint:
    number: str | None  # "១", "2": a step to take in order; None for a reason or a fact
    text: str
    icon: str
    pieces: Pieces = ()  # the text with its links ("More about it: Medical care")

    @property
    def links(self) -> tuple[Link, ...]:
        return links_of(self.pieces)


@dataclass(frozen=True)
class GuideSection:
    key: str  # "section-1": names it for screens and tests
    heading: str
    icon: str
    numbered: bool
    points: tuple[GuidePoint, ...]


@dataclass(frozen=True)
class GuidePage:
    id: str
    locale: str
    title: str
    icon: str
    label: str  # what kind of paper this is: "Guide"
    intro: str
    sections: tuple[GuideSection, ...]
    gaps: Section | None  # what this kiosk does not know: ask staff or call 1286
    story: StoryTeaser | None
    check: Link | None  # "Is my card working?": the benefit's interview
    print: Link
    reviewed: str
    speech: Text  # what the speaker reads aloud


def guide_page(library: Library, guide_id: str, locale: str) -> GuidePage:
    guide = library.guide(guide_id)
    here = route("guide", id=guide.id)
    sections = []
    for index, section in enumerate(guide.sections, start=1):
        points = tuple(
            GuidePoint(native_digits(str(n), locale) if section.numbered else None,
                       point.text.get(locale), point.icon,
                       pieces(library, point.text, locale, here=here))
            for n, point in enumerate(section.points, start=1))
        sections.append(GuideSection(f"section-{index}", section.heading.get(locale),
                                     section.icon, section.numbered, points))
    gaps = None
    if guide.gaps is not None:
        gaps = Section("gaps", tr("Ask to be sure", locale), guide.gaps.get(locale),
                       icons.SECTIONS["gaps"], "gap", pieces(library, guide.gaps, locale,
                                                             here=here))
    story = None
    for sid in guide.stories:
        try:
            story = story_teaser(library, library.story(sid), locale, here=here)
        except NotFound:
            continue
        break
    check = None
    if guide.check is not None and guide.check in library.ids("benefits"):
        label = (guide.check_label.get(locale) if guide.check_label is not None
                 else tr("Can I get it?", locale))
        check = Link(label, icons.INTERVIEW, route("interview", benefit=guide.check))
    checked = tr("Checked on {date}. Rules change: check with NSSF staff or call 1286.", locale)
    return GuidePage(
        id=guide.id, locale=locale, title=guide.title.get(locale), icon=guide.icon,
        label=tr("Guide", locale), intro=guide.intro.get(locale), sections=tuple(sections),
        gaps=gaps, story=story, check=check,
        print=Link(tr("Print / take it with you", locale), icons.PRINT,
                   route("print", kind="guide", id=guide.id)),
        reviewed=checked.format(date=format_date(guide.reviewed_on, locale)),
        speech=guide.intro)

