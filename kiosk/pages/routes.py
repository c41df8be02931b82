"""Where a record opens: the route of a content record by its kind (a search hit, a link in a
story, a phone page's links). A glossary term has no screen of its own: it is shown in place.
"""
from __future__ import annotations

from kiosk.pages.parts import Route, route

SCREEN_OF_KIND: dict[str, str] = {
    "benefits": "benefit",
    "checklists": "checklist",
    "stories": "stories",
    "schemes": "benefits",
    "duties": "employer",
    "offices": "contacts",
}
# the param naming the record on that screen (None: the screen shows all of that kind)
PARAM_OF_KIND: dict[str, str | None] = {
    "benefits": "id", "checklists": "id", "stories": "id", "schemes": "scheme",
    "duties": None, "offices": None,
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
# {benefit: "" for all}; stories {id?}; print {kind, id, ticks?, facts?}.
SCREEN_NAMES: frozenset[str] = frozenset({
    "attract", "start", "home", "benefits", "benefit", "claims", "checklist", "interview",
    "decision", "employer", "stories", "contacts", "search", "print", "staff",
})


def rehearsal_routes(library) -> list[Route]:  # noqa: ANN001 - a Library
    """One route per content screen to its fullest page (the record with the most rows), for a
    kiosk making its screens ahead while nobody is there: the rows a visitor will need exist
    before the first one arrives. No interview, decision, search or print: those need a visit."""
    routes = [route("benefits"), route("claims"), route("employer"), route("stories"),
              route("contacts")]
    benefits = library.benefits()
    if benefits:
        fullest = max(benefits, key=lambda b: sum(
            getattr(b, f) is not None for f in ("amount", "gaps", "legal_basis"))
            + len(library.stories(b.id)))
        routes.append(route("benefit", id=fullest.id))
    checklists = library.checklists()
    if checklists:
        fullest = max(checklists, key=lambda c: len(c.documents) + len(c.steps))
        routes.append(route("checklist", id=fullest.id))
    return routes
