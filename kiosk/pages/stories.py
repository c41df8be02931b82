"""Real stories: people who used NSSF, each with the benefits it is about (and the links in its
text, drawn as links). The story asked for
(from a benefit's card or a search hit) comes first; the speaker reads it."""
from __future__ import annotations

from dataclasses import dataclass

from kiosk.content.library import Library, NotFound
from kiosk.content.model import Text
from kiosk.i18n import tr
from kiosk.pages.linking import pieces
from kiosk.pages.parts import Link, Pieces, route
from kiosk.paths import ASSETS


@dataclass(frozen=True)
class StoryCard:
    id: str
    title: str
    text: str
    icon: str
    image: str | None  # path under assets/, or None: the icon
    benefits: tuple[Link, ...]  # the benefits it is about
    pieces: Pieces = ()  # the text with its links ("read Asked to pay?")

    @property
    def image_file(self) -> str | None:
        """The picture's file on this machine (None: no picture)."""
        return str(ASSETS / self.image) if self.image else None


@dataclass(frozen=True)
class StoriesPage:
    title: str
    stories: tuple[StoryCard, ...]
    speech: Text | None  # the first story, read aloud


def stories_page(library: Library, locale: str, *, first: str | None = None) -> StoriesPage:
    stories = sorted(library.stories(), key=lambda s: s.id != first)  # the rest keep their order
    cards = []
    for story in stories:
        links = []
        for benefit_id in story.benefits:
            try:
                benefit = library.benefit(benefit_id)
            except NotFound:
                continue
            links.append(Link(benefit.title.get(locale), benefit.icon,
                              route("benefit", id=benefit_id)))
        cards.append(StoryCard(story.id, story.title.get(locale), story.text.get(locale),
                               story.icon, story.image, tuple(links),
                               pieces(library, story.text, locale)))
    return StoriesPage(tr("Real stories", locale), tuple(cards),
                       stories[0].text if stories else None)
