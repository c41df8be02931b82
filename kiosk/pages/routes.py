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
