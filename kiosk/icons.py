"""Icon names used by content, resolved to code points of the bundled Material Design Icons font.

Qt and reportlab draw the same font, so the picture of a document is the same on screen and
on paper.
"""
from __future__ import annotations

import json
from functools import cache

from kiosk.paths import ICON_CHARMAP


@cache
def charmap() -> dict[str, str]:
    return json.loads(ICON_CHARMAP.read_text(encoding="utf-8"))


def glyph(name: str) -> str:
    """The character that draws icon `name` in the icon font (KeyError if unknown)."""
    return chr(int(charmap()[name], 16))


def exists(name: str) -> bool:
    return name in charmap()
