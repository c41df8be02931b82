"""HTML pieces of the phone site, from the parts page models are made of (Line, Section,
Link, Route), in one language: text escaped and broken at Khmer words, icons collected for the
page's <symbol> block, routes turned into the site's own addresses.
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterable

from kiosk.content import links
from kiosk.content.model import Text
from kiosk.pages.parts import Line, Link, Pieces, Route, Section
from kiosk.site.breaks import break_points
from kiosk.site.icons import known, use_icon
from kiosk.text.breaks import ZWSP

# the site's own pages (a content id may not take these names: build.py checks)
OWN_PAGES = ("index", "employer", "monthly-total", "stories", "contacts", "glossary",
             "what-you-can-get", "offline")

# A duty, a story and an office each have a page of their own too, named with the kind in
# front: their ids live in other folders of the content than benefits, checklists and guides
# (the story and the guide "asked-to-pay" share one), so the prefix keeps them apart.
ITEM_PAGES: dict[str, str] = {"duties": "duty-{id}", "stories": "story-{id}",
                              "offices": "office-{id}"}

# where a content link [label](kind:id) leads on the site
KIND_PAGES: dict[str, str] = {"benefits": "{id}.html", "checklists": "{id}.html",
                              "guides": "{id}.html", "stories": "story-{id}.html",
                              "duties": "duty-{id}.html", "offices": "office-{id}.html",
                              "schemes": "index.html#{id}", "glossary": "glossary.html#{id}"}


def item_page(kind: str, rid: str) -> str:
    """The page name (no .html) of one duty, story or office."""
    return ITEM_PAGES[kind].format(id=rid)


def item_href(kind: str, rid: str) -> str:
    """The address, relative to its language's folder, of one duty, story or office's page."""
    return f"{item_page(kind, rid)}.html"


def route_href(route: Route | None) -> str | None:
    """A page model's route as a site address, or None where the phone has no such page (the
    interview and printing happen at the kiosk)."""
    if route is None:
        return None
    rid = str(route.params.get("id") or "")
    card = str(route.params.get("card") or "")
    match route.screen:
        case "benefit" | "checklist" | "guide" if rid:
            return f"{rid}.html"
        case "stories":  # a story is a page of its own; "more stories" is a link of the page
            return item_href("stories", rid) if rid else "stories.html"
        case "employer":  # a duty (a search hit, a link in a text) opens its own page
            return item_href("duties", card) if card else "employer.html"
        case "contacts":
            return item_href("offices", card) if card else "contacts.html"
        case "monthly":  # the phone has no wage keypad: what is paid each month, and how
            return "monthly-total.html"
        case "benefits" | "home":
            return "index.html"
        case "glossary":
            return "glossary.html"
    return None


def link_href(link: links.Link) -> str:
    return KIND_PAGES.get(link.kind, "index.html").format(id=link.id)


class Writer:
    """Writes one page's HTML, remembering the icons it drew."""

    def __init__(self, locale: str) -> None:
        self.locale = locale
        self.icons: set[str] = set()

    # --- words ---------------------------------------------------------------------------
    def words(self, text: str) -> str:
        """Escaped, with <wbr> where a Khmer line may break (the breaker the kiosk uses), and
        each Khmer word of more than one syllable in <w> (no break inside: site.css), since a
        browser also breaks Khmer at its own dictionary's points (Chromium: ប្រាក់|បំណាច់,
        កិច្ច|សន្យា, អេ|ស៊ីលីដា, which the kiosk's lexicon keeps whole)."""
        if not (self.locale == "km" or _has_khmer(text)):
            return html.escape(text)
        pieces, at = [], 0
        for point in break_points(text):
            pieces.append(_kept_whole(text[at:point]))
            at = point
        pieces.append(_kept_whole(text[at:]))
        return "<wbr>".join(pieces)

    def lines(self, text: str) -> str:
        return "<br>".join(self.words(line) for line in text.split("\n"))

    def paras(self, text: str, css: str = "") -> str:
        cls = f' class="{css}"' if css else ""
        return "".join(f"<p{cls}>{self.lines(p.strip())}</p>"
                       for p in text.split("\n\n") if p.strip())

    def rich(self, source: Text | None, shown: str, css: str = "") -> str:
        """Paragraphs of a content text with its links ([label](kind:id)) as links of the
        site; `shown` (the page model's text) when the content text is not at hand."""
        if source is None or "](" not in (source.km if self.locale == "km" else source.en):
            return self.paras(shown or (source.get(self.locale) if source else ""), css)
        out = []
        for piece in source.parts(self.locale):
            if isinstance(piece, links.Link):
                out.append(f'<a href="{html.escape(link_href(piece))}">{self.words(piece.label)}</a>')
            else:
                out.append(self.lines(piece).replace("<br><br>", "</p><p>"))
        cls = f' class="{css}"' if css else ""
        return f"<p{cls}>{''.join(out)}</p>"

    def pieces(self, pieces: Pieces, shown: str, css: str = "") -> str:
        """A page model's text with its links (`Pieces`, each link's route made a site
        address; one the phone has no page for stays words), or `shown` when it has none."""
        if not pieces:
            return self.paras(shown, css)
        out = []
        for piece in pieces:
            if isinstance(piece, Link):
                href = route_href(piece.route)
                label = self.words(piece.text)
                out.append(f'<a href="{html.escape(href)}">{label}</a>' if href else label)
            else:
                out.append(self.lines(piece).replace("<br><br>", "</p><p>"))
        cls = f' class="{css}"' if css else ""
        return f"<p{cls}>{''.join(out)}</p>"

    # --- pictures ------------------------------------------------------------------------
    def icon(self, name: str | None, css: str = "i") -> str:
        found = known(name or "")
        self.icons.add(found)
        return use_icon(found, css)

    def line(self, line: Line, css: str = "line") -> str:
        return f'<p class="{css}">{self.icon(line.icon)}<span>{self.words(line.text)}</span></p>'

    def heading(self, level: int, icon: str | None, text: str, attrs: str = "") -> str:
        pic = self.icon(icon) if icon else ""
        return f"<h{level}{attrs}>{pic}<span>{self.words(text)}</span></h{level}>"

    def item_heading(self, level: int, kind: str, rid: str, icon: str, text: str) -> str:
        """A card's title as a link to the item's own page (a duty, story or office)."""
        return (f'<h{level}>{self.icon(icon)}<a href="{attr(item_href(kind, rid))}">'
                f"{self.words(text)}</a></h{level}>")

    def section(self, section: Section | None, body: str | None = None, attrs: str = "") -> str:
        if section is None:
            return ""
        tone = f" tone-{section.tone}" if section.tone else ""
        inner = body if body is not None else self.paras(section.text)
        return (f'<section class="sec{tone}" data-key="{html.escape(section.key)}"{attrs}>'
                f"{self.heading(2, section.icon, section.heading)}{inner}</section>")

    def button(self, link: Link | None, css: str = "btn", href: str | None = None) -> str:
        """A page model's link as a button to its route's page (`href`: to this one)."""
        if href is None and link is not None:
            href = route_href(link.route)
        if link is None or href is None:
            return ""
        return (f'<a class="{css}" href="{html.escape(href)}">{self.icon(link.icon)}'
                f"<span>{self.words(link.text)}</span></a>")

    def tile(self, href: str, icon: str, title: str, text: str = "", attrs: str = "") -> str:
        more = f"<small>{self.words(text)}</small>" if text else ""
        return (f'<a class="tile" href="{html.escape(href)}"{attrs}>{self.icon(icon, "i big")}'
                f"<span><strong>{self.words(title)}</strong>{more}</span></a>")


def _has_khmer(text: str) -> bool:
    return any("\u1780" <= ch <= "\u17ff" for ch in text)


# where a Khmer syllable starts: a consonant or an independent vowel not under a coeng
_SYLLABLE = re.compile("(?<!\u17d2)[\u1780-\u17b3]")


def _kept_whole(piece: str) -> str:
    """One piece between two break points, escaped; in <w> when a browser could break inside
    it (more than one Khmer syllable), its trailing spaces outside (a line may end there)."""
    word = piece.rstrip()
    if len(_SYLLABLE.findall(word)) < 2:
        return html.escape(piece)
    return f"<w>{html.escape(word)}</w>{html.escape(piece[len(word):])}"


def hinted(text: str) -> str:
    """`text` with a zero-width space at each break point, for site.js to insert (it draws
    the pieces as `words` does)."""
    out, at = [], 0
    for point in break_points(text):
        out += [text[at:point], ZWSP]
        at = point
    return "".join(out) + text[at:]


def attr(value: str) -> str:
    return html.escape(value, quote=True)


def join(parts: Iterable[str]) -> str:
    return "".join(p for p in parts if p)
