"""Search as the visitor types: results as tiles that open their record's screen, a glossary
term's definition shown in place. It searches the UI's language, and also the other one when the
query is typed in the other script (Khmer typed on the English side).

`search_page(library, text, locale)`; the search itself is `Library.search` (kiosk.content).
"""
from __future__ import annotations

from dataclasses import dataclass

from kiosk.content.library import Library, NotFound, SearchHit
from kiosk.content.model import Record, Text
from kiosk.i18n import LOCALES, tr
from kiosk.pages import icons
from kiosk.pages.parts import Route
from kiosk.pages.routes import record_route

MAX_RESULTS = 12


def typed_locale(text: str) -> str | None:
    """The language a query is typed in, by its script: km for Khmer letters, en for Latin."""
    if any("\u1780" <= ch <= "\u17ff" or "\u19e0" <= ch <= "\u19ff" for ch in text):
        return "km"
    if any(ch.isascii() and ch.isalpha() for ch in text):
        return "en"
    return None


def keyboard_for(locale: str) -> str:
    """The keyboard a visitor starts with: Khmer on the Khmer side, Latin on the English."""
    return "khmer" if locale == "km" else "latin"


@dataclass(frozen=True)
class Result:
    kind: str  # the record's kind: benefits, checklists, glossary ...
    id: str
    title: str
    icon: str
    route: Route | None  # None: shown in place (a glossary term)
    definition: str | None = None  # a glossary term's

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.id}"


@dataclass(frozen=True)
class SearchPage:
    query: str
    placeholder: str
    status: str | None  # the hint, or "nothing found"; None when there are results
    results: tuple[Result, ...]  # best first
    hide_keyboard: str
    show_keyboard: str


def search(library: Library, text: str, locale: str) -> list[SearchHit]:
    """Hits in `locale`, then (if the query is typed in the other script) in that language too,
    each record once."""
    locales = [locale]
    typed = typed_locale(text)
    if typed is not None and typed != locale and typed in LOCALES:
        locales.append(typed)
    seen: set[tuple[str, str]] = set()
    hits: list[SearchHit] = []
    for loc in locales:
        for hit in library.search(text, loc, limit=MAX_RESULTS):
            if (hit.kind, hit.id) not in seen:
                seen.add((hit.kind, hit.id))
                hits.append(hit)
    return hits[:MAX_RESULTS]


def _find(records: list[Record], rid: str) -> Record:
    return next(r for r in records if r.id == rid)


def result(library: Library, hit: SearchHit, locale: str) -> Result | None:
    """The record behind a hit, in the visitor's language; None if it is gone."""
    try:
        title: Text
        definition = None
        match hit.kind:
            case "benefits":
                b = library.benefit(hit.id)
                title, icon = b.title, b.icon
            case "checklists":
                c = library.checklist(hit.id)
                title, icon = c.title, icons.CHECKLIST
            case "stories":
                st = library.story(hit.id)
                title, icon = st.title, st.icon
            case "schemes":
                sc = _find(library.schemes(), hit.id)
                title, icon = sc.name, sc.icon
            case "duties":
                d = _find(library.duties(), hit.id)
                title, icon = d.title, d.icon
            case "offices":
                o = _find(library.offices(), hit.id)
                title, icon = o.name, o.icon
            case "guides":
                g = library.guide(hit.id)
                title, icon = g.title, g.icon
            case "glossary":
                t = _find(library.glossary(), hit.id)
                title, icon, definition = t.term, icons.GLOSSARY, t.definition.get(locale)
            case _:
                return None
    except (NotFound, StopIteration):
        return None
    return Result(hit.kind, hit.id, title.get(locale), icon, record_route(hit.kind, hit.id),
                  definition)


def search_page(library: Library, text: str, locale: str) -> SearchPage:
    query = text.strip()
    results: tuple[Result, ...] = ()
    status: str | None = tr("Type a word, for example: មាតុភាព or card", locale)
    if query:
        found = (result(library, hit, locale) for hit in search(library, query, locale))
        results = tuple(r for r in found if r is not None)
        status = None if results else tr("Nothing found. Try a shorter word, or ask NSSF staff.",
                                         locale)
    return SearchPage(text, tr("Type a word", locale), status, results,
                      tr("Hide the keyboard", locale), tr("Show the keyboard", locale))
