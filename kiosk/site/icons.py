"""Icons for the phone site: the same Material Design Icons glyphs the screen and paper draw,
turned into SVG paths from the font we ship (assets/icons) with fontTools. Never drawn by hand:
a glyph the font lacks is the table's fallback picture.

A page carries each icon it uses once, as a <symbol>, and draws it with <use>: a list of twelve
papers with the same mark costs one path.
"""
from __future__ import annotations

from functools import cache

from kiosk.paths import ICON_FONT

EM = 512  # the icon font's units per em; its baseline is 448 below the top


@cache
def _font():  # noqa: ANN202 - fontTools' glyph set and cmap
    from fontTools.ttLib import TTFont

    font = TTFont(ICON_FONT, lazy=True)
    return font.getGlyphSet(), font.getBestCmap(), font["hhea"].ascent


def _number(value: float) -> str:
    return str(round(value))


@cache
def icon_path(name: str) -> str:
    """The SVG path data of icon `name` in a 512-unit square, y down (KeyError if unknown)."""
    from fontTools.pens.svgPathPen import SVGPathPen
    from fontTools.pens.transformPen import TransformPen

    from kiosk.icons import glyph

    glyphs, cmap, ascent = _font()
    pen = SVGPathPen(glyphs, ntos=_number)
    glyphs[cmap[ord(glyph(name))]].draw(TransformPen(pen, (1, 0, 0, -1, 0, ascent)))
    return pen.getCommands()


def known(name: str) -> str:
    """`name` if the font has it, else the fallback picture (as screen and paper do)."""
    from kiosk.icons import exists
    from kiosk.pages.icons import FALLBACK

    return name if name and exists(name) else FALLBACK


def symbols(names: set[str]) -> str:
    """The <svg> block of <symbol>s a page needs (hidden; drawn with `use_icon`)."""
    if not names:
        return ""
    body = "".join(f'<symbol id="i-{n}" viewBox="0 0 {EM} {EM}"><path d="{icon_path(n)}"/></symbol>'
                   for n in sorted(names))
    return f'<svg class="defs" aria-hidden="true">{body}</svg>'


def use_icon(name: str, css: str = "i") -> str:
    return f'<svg class="{css}" aria-hidden="true"><use href="#i-{name}"/></svg>'
