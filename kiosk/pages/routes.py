"""Where a record opens: the route of a content record by its kind (a search hit, a link in a
story, a phone page's links). A glossary term has no screen of its own: it is shown in place. A
record that is one card among others on its screen (a duty, an office) opens that screen at its
card (`card`: the screen scrolls to it and marks it), not at the top.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kiosk.pages.parts import Route, route

if TYPE_CHECKING:
    from kiosk.content.library import Library
    from kiosk.eligibility.book import RuleBook
    from kiosk.eligibility.interview import Interview

SCREEN_OF_KIND: dict[str, str] = {
    "benefits": "benefit",
    "checklists": "checklist",
    "stories": "stories",
    "schemes": "benefits",
    "duties": "employer",
    "offices": "contacts",
    "guides": "guide",
}
# the param naming the record on that screen (None: the screen shows all of that kind)
PARAM_OF_KIND: dict[str, str | None] = {
    "benefits": "id", "checklists": "id", "stories": "id", "schemes": "scheme",
    "duties": "card", "offices": "card", "guides": "id",
}


def record_route(kind: str, rid: str) -> Route | None:
    """The route that opens record `rid` of `kind` ("benefits", "checklists" ...); None for a
    kind shown in place (glossary) or not known."""
    screen = SCREEN_OF_KIND.get(kind)
    if screen is None:
        return None
    param = PARAM_OF_KIND.get(kind)
    return route(screen, **{param: rid}) if param else route(screen)


HOME = route("home")

# Every screen a route may name (ui/navigation.py maps each to its class; a test checks both
# lists agree). Params: benefit {id}; benefits {scheme?}; checklist {id}; interview/decision
# {benefit: "" for all}; stories {id?}; guide {id}; employer {card?}; contacts {card?};
# monthly {}; print {kind, id, ticks?, facts?, wages?}.
SCREEN_NAMES: frozenset[str] = frozenset({
    "attract", "start", "home", "benefits", "benefit", "claims", "checklist", "interview",
    "decision", "employer", "stories", "contacts", "search", "print", "staff", "guide",
    "monthly",
})


@dataclass(frozen=True)
class Rehearsal:
    """A pretend visit to one screen, for a kiosk making its screens ahead while nobody is
    there: the route, the interviews the visit would hold, the search it would have typed."""

    route: Route
    interviews: Mapping[str, Any] = field(default_factory=dict)  # benefit ("" all) -> Interview
    search_text: str = ""


def finished_interview(rules: RuleBook, benefit: str | None) -> Interview:
    """An interview answered to its end the longest way (yes, the first choice, the middle of a
    range): the fullest decision page."""
    from kiosk.eligibility import Question

    interview = rules.interview(benefit)
    for _ in range(len(rules.questions) + 1):
        question = interview.current()
        if not isinstance(question, Question):
            break
        if question.kind == "yes_no":
            value: Any = True
        elif question.kind == "choice":
            value = question.choices[0][0]
        else:
            low, high = question.min or 0, question.max if question.max is not None else 100
            value = (low + high) // 2
        interview.answer(value)
    return interview


def common_word(library: Library, locale: str = "km") -> str:
    """The word most titles share (a search that finds the most results)."""
    words: dict[str, int] = {}
    for record in [*library.benefits(), *library.checklists(), *library.stories()]:
        for word in record.title.get(locale).split():
            if len(word) >= 3:
                words[word] = words.get(word, 0) + 1
    return max(words, key=lambda w: words[w], default="")


def rehearsals(library: Library, rules: RuleBook) -> list[Rehearsal]:
    """The pretend visits that fill each content screen with its fullest page (the record with
    the most rows). No print: that would print."""
    out = [Rehearsal(route(name)) for name in ("benefits", "claims", "employer", "stories",
                                                "contacts", "monthly")]
    guides = library.guides()
    if guides:
        fullest = max(guides, key=lambda g: sum(len(s.points) for s in g.sections))
        out.append(Rehearsal(route("guide", id=fullest.id)))
    benefits = library.benefits()
    if benefits:
        fullest = max(benefits, key=lambda b: sum(
            getattr(b, f) is not None for f in ("amount", "gaps", "legal_basis"))
            + len(library.stories(b.id)))
        out.append(Rehearsal(route("benefit", id=fullest.id)))
    checklists = library.checklists()
    if checklists:
        fullest = max(checklists, key=lambda c: len(c.documents) + len(c.steps))
        out.append(Rehearsal(route("checklist", id=fullest.id)))
    out.append(Rehearsal(route("search"), search_text=common_word(library)))
    if rules is not None:
        every = finished_interview(rules, None)
        out.append(Rehearsal(route("decision", benefit=""), {"": every}))
        paid = next((b for b in rules.benefits if rules.ruleset(b).estimate), None)
        if paid is not None:
            out.append(Rehearsal(route("decision", benefit=paid),
                                 {paid: finished_interview(rules, paid)}))
        out.append(Rehearsal(route("interview", benefit=""), {"": rules.interview(None)}))
    return out
