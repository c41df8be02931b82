"""The site's Khmer web font: Noto Sans Khmer (the font the kiosk ships), cut down with the
fontTools subsetter to exactly the characters the site's pages use, as WOFF2.

Phones without a Khmer font show boxes; with the font the browser shapes Khmer itself (the
subset keeps the shaping tables: GSUB and GPOS for the characters kept). Latin text uses the
phone's own font, so the subset holds Khmer and the few marks the two scripts share.
"""
from __future__ import annotations

import io
from collections.abc import Iterable

from kiosk.paths import KHMER_FONT, KHMER_FONT_BOLD

# the Khmer blocks; a character outside them is drawn by the phone's own fonts
KHMER_RANGES = ((0x1780, 0x17FF), (0x19E0, 0x19FF))
SHARED = "\u200b\u200c\u200d\u25cc"  # zero-width space and joiners, the dotted circle
UNICODE_RANGE = "U+1780-17FF, U+19E0-19FF, U+200B-200D, U+25CC"


def khmer_characters(texts: Iterable[str]) -> str:
    found = set(SHARED)
    for text in texts:
        found.update(ch for ch in text if any(lo <= ord(ch) <= hi for lo, hi in KHMER_RANGES))
    return "".join(sorted(found))


def subset_woff2(characters: str, *, bold: bool = False) -> bytes:
    """The font with only `characters` (and what shaping them needs), as WOFF2 bytes."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]  # every shaping feature: Khmer needs many
    options.name_IDs = [1, 2]  # family and style: the licence travels in the site's notice
    options.notdef_outline = True
    options.hinting = False  # phones' screens are dense; hints are a third of the bytes
    options.desubroutinize = True
    # no new timestamp in the head table: the same characters give the same bytes
    font = TTFont(KHMER_FONT_BOLD if bold else KHMER_FONT, lazy=False, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out)
    return out.getvalue()
