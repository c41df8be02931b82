"""Icon names used by content, resolved to code points of the bundled Material Design Icons font.

Qt and reportlab draw the same font, so the picture of a document is the same on screen and
on paper.

The charmap has some 7,400 names; as a dict of strings it was ~1.2 MiB of the kiosk's memory all
day, for the hundred or so icons content uses. So it is kept as the file's text (one string) and
each name is looked up in it when first asked for.
"""
from __future__ import annotations

import re
from functools import cache, lru_cache

from kiosk.paths import ICON_CHARMAP


@cache
def _text() -> str:
    return ICON_CHARMAP.read_text(encoding="utf-8")


@lru_cache(maxsize=1024)
def _code(name: str) -> int | None:
    # names are lowercase words and digits joined by "-": anything else is no icon name
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", name):
        return None
    found = re.search(f'"{name}"\\s*:\\s*"0x([0-9a-fA-F]+)"', _text())
    return int(found.group(1), 16) if found else None


def charmap() -> dict[str, str]:
    """Every icon name and its code point (as the file writes it): for tools, not the kiosk."""
    import json

    return json.loads(_text())


def glyph(name: str) -> str:
    """The character that draws icon `name` in the icon font (KeyError if unknown)."""
    code = _code(name)
    if code is None:
        raise KeyError(name)
    return chr(code)


def exists(name: str) -> bool:
    return _code(name) is not None
