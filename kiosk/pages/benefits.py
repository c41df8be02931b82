"""The benefits walkthrough, first page: the schemes, each with the visitor's benefits in it.

`benefits_page(library, audience, locale, scheme=None)`: with `scheme`, that scheme alone (a
search hit on a scheme lands here) and a way back to all of them.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.content.library import Library
from kiosk.i18n import tr
from kiosk.pages import icons
from kiosk.pages.audience import benefits_for
from kiosk.pages.parts import Link, Route, route

if TYPE_CHECKING:
    from kiosk.content.model import Benefit


@dataclass(frozen=True)
class BenefitTile:
    id: str
    title: str
    summary: str  # one line: what it gives
    icon: str
    route: Route


@dataclass(frozen=True)
class SchemeCard:
    id: str
    name: str
    summary: str
    since: str
    icon: str
    benefits: tuple[BenefitTile, ...]


@dataclass(frozen=True)
class BenefitsPage:
    title: str
    intro: str
    walk: Link | None  # "one by one": the first of the visitor's benefits
    schemes: tuple[SchemeCard, ...]
    see_all: Link | None  # shown when one scheme is shown alone


def benefit_tile(benefit: Benefit, locale: str) -> BenefitTile:
    return BenefitTile(benefit.id, benefit.title.get(locale), benefit.summary.get(locale),
                       benefit.icon, route("benefit", id=benefit.id))


def benefits_page(library: Library, audience: str | None, locale: str, *,
                  scheme: str | None = None) -> BenefitsPage:
    benefits = benefits_for(library, audience)
    cards = tuple(
        SchemeCard(s.id, s.name.get(locale), s.summary.get(locale), s.since.get(locale), s.icon,
                   tuple(benefit_tile(b, locale) for b in benefits if b.scheme == s.id))
        for s in library.schemes() if not scheme or s.id == scheme)
    walk = (Link(tr("One by one", locale), icons.WALK, route("benefit", id=benefits[0].id))
            if benefits else None)
    see_all = Link(tr("See all the schemes", locale), icons.ALL, route("benefits")) if scheme else None
    return BenefitsPage(tr("What NSSF gives", locale),
                        tr("Tap a benefit to learn more, or see them one by one.", locale),
                        walk, cards, see_all)
