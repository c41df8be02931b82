"""Links in content texts, made into page parts: `[Medical care](benefit:medical-care)` becomes
a `Link` with the target's own picture and the route that opens it (kiosk.pages.routes), so a
screen draws a real link and a tap follows it. Paper prints the plain text (the label alone).

A link to the page it is written on (the "asked to pay?" story, shown on that guide) stays
plain: it would lead nowhere new.
"""
from __future__ import annotations

from kiosk.content.library import Library, NotFound
from kiosk.content.links import Link as TextLink
from kiosk.content.model import Text
from kiosk.pages import icons
from kiosk.pages.parts import Link, Pieces, Route
from kiosk.pages.routes import record_route


def record_icon(library: Library, kind: str, rid: str) -> str:
    """The picture of record `rid` of `kind`, as its own screen shows it."""
    try:
        match kind:
            case "benefits":
                return library.benefit(rid).icon
            case "guides":
                return library.guide(rid).icon
            case "stories":
                return library.story(rid).icon
            case "checklists":
                return icons.CHECKLIST
            case "glossary":
                return icons.GLOSSARY
            case "offices" | "duties" | "schemes":
                found = {"offices": library.offices, "duties": library.duties,
                         "schemes": library.schemes}[kind]()
                return next((r.icon for r in found if r.id == rid), icons.ABOUT)
    except NotFound:
        pass
    return icons.ABOUT


def _link(library: Library, piece: TextLink, here: Route | None) -> Link | str:
    route = record_route(piece.kind, piece.id)
    if route is None or (here is not None and route == here):
        return piece.label
    return Link(piece.label, record_icon(library, piece.kind, piece.id), route)


def pieces(library: Library, text: Text | None, locale: str, *,
           here: Route | None = None) -> Pieces:
    """The text's pieces with its links resolved; () when it has none (draw the plain text)."""
    if text is None:
        return ()
    parts = text.parts(locale)
    if all(isinstance(p, str) for p in parts):
        return ()
    out: list[str | Link] = []
    for part in parts:
        item = _link(library, part, here) if isinstance(part, TextLink) else part
        if isinstance(item, str) and out and isinstance(out[-1], str):
            out[-1] += item  # a link left plain joins the words around it
        else:
            out.append(item)
    if all(isinstance(p, str) for p in out):
        return ()
    return tuple(out)
