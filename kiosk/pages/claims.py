"""Which claim? The checklists of the visitor's audience, in the order of the benefits they
claim, each leading to its checklist."""
from __future__ import annotations

from dataclasses import dataclass

from kiosk.content.library import Library
from kiosk.i18n import tr
from kiosk.pages.audience import checklists_for
from kiosk.pages.checklist import checklist_icon
from kiosk.pages.parts import Route, route


@dataclass(frozen=True)
class ClaimTile:
    id: str
    title: str
    icon: str
    route: Route


@dataclass(frozen=True)
class ClaimsPage:
    title: str
    intro: str
    claims: tuple[ClaimTile, ...]


def claims_page(library: Library, audience: str | None, locale: str) -> ClaimsPage:
    claims = tuple(ClaimTile(c.id, c.title.get(locale), checklist_icon(library, c),
                             route("checklist", id=c.id))
                   for c in checklists_for(library, audience))
    return ClaimsPage(
        tr("What to bring, and the steps", locale),
        tr("Choose your claim. You will see the papers to bring and who does what.", locale),
        claims)
