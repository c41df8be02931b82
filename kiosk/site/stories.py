"""Real stories on the phone, from the kiosk's stories page model (kiosk.pages.stories): all of
them (`stories.html`, as the screen lists them) and each on a page of its own
(`story-<id>.html`: what a link to one story, and the index, open).
"""
from __future__ import annotations

from kiosk.content.library import Library
from kiosk.pages import icons
from kiosk.pages.stories import StoryCard, stories_page
from kiosk.site.html import Writer, attr, item_page, join
from kiosk.site.pages import SitePage, kind_line, title_line


def _picture(card: StoryCard, media: dict[str, str]) -> str:
    if card.image and card.image in media:
        return f'<img src="{attr(media[card.image])}" alt="" loading="lazy" decoding="async">'
    return ""


def _benefits(w: Writer, card: StoryCard) -> str:
    return f'<p class="actions">{join(w.button(link, "btn") for link in card.benefits)}</p>'


def stories_site_page(library: Library, locale: str, media: dict[str, str]) -> SitePage:
    w = Writer(locale)
    page = stories_page(library, locale)
    parts = [title_line(w, icons.STORY, page.title)]
    for card in page.stories:
        parts.append(f'<article class="card" id="{attr(card.id)}">{_picture(card, media)}'
                     f"{w.item_heading(2, 'stories', card.id, card.icon, card.title)}"
                     f"{w.pieces(card.pieces, card.text)}{_benefits(w, card)}</article>")
    return SitePage("stories", page.title, join(parts), w.icons, "stories")


def story_site_page(library: Library, story_id: str, locale: str,
                    media: dict[str, str]) -> SitePage:
    w = Writer(locale)
    page = stories_page(library, locale, first=story_id)
    card = page.stories[0]
    parts = [kind_line(w, icons.STORY, page.title), _picture(card, media),
             title_line(w, card.icon, card.title), w.pieces(card.pieces, card.text, "lead"),
             _benefits(w, card),
             f'<nav class="actions">{w.tile("stories.html", icons.STORY, page.title)}</nav>']
    return SitePage(item_page("stories", card.id), card.title, join(parts), w.icons, "story",
                    library.story(card.id))
