"""Checks that a Khmer text is really Khmer, and well formed.

A badly ordered cluster (a vowel sign with no base, a stray coeng) is invisible in an editor but
shows a dotted circle on screen. HarfBuzz, shaping with the bundled font, inserts exactly that
dotted-circle glyph (U+25CC) for such clusters, so its presence in the shaped output is the test.
"""
from __future__ import annotations

import re
import unicodedata
from functools import cache

import uharfbuzz as hb

from kiosk.paths import KHMER_FONT

DOTTED_CIRCLE = 0x25CC
COENG = "\u17d2"
# HarfBuzz draws a coeng with no consonant after it as nothing at all, so check that one by hand.
_STRAY_COENG = re.compile(COENG + "(?![\u1780-\u17a2])")


def is_khmer_char(ch: str) -> bool:
    code = ord(ch)
    return 0x1780 <= code <= 0x17FF or 0x19E0 <= code <= 0x19FF


def khmer_share(text: str) -> float:
    """Share of the letters (and marks) in `text` that are Khmer; 1.0 for text with no letters."""
    letters = [ch for ch in text if unicodedata.category(ch)[0] in "LM"]
    if not letters:
        return 1.0
    return sum(is_khmer_char(ch) for ch in letters) / len(letters)


@cache
def _font() -> tuple[hb.Font, int]:
    blob = hb.Blob.from_file_path(str(KHMER_FONT))
    face = hb.Face(blob)
    font = hb.Font(face)
    dotted = font.get_nominal_glyph(DOTTED_CIRCLE) or 0
    return font, dotted


def _shaped(text: str) -> list[hb.GlyphInfo]:
    """`text` shaped with the bundled Khmer font."""
    font, _ = _font()
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    hb.shape(font, buf, {})
    return buf.glyph_infos


def broken_clusters(text: str) -> list[str]:
    """The bits of `text` around each cluster HarfBuzz had to patch with a dotted circle."""
    if chr(DOTTED_CIRCLE) in text:
        return []  # a text that names the dotted circle itself is not broken
    _, dotted = _font()
    if not dotted:
        return []
    found: list[str] = [text[max(0, m.start() - 2) : m.end() + 1] for m in _STRAY_COENG.finditer(text)]
    for info in _shaped(text):
        if info.codepoint == dotted:
            # cluster values are UTF-8 byte offsets by default for add_str; map back to chars
            start = len(text.encode("utf-8")[: info.cluster].decode("utf-8", errors="ignore"))
            found.append(text[max(0, start - 2) : start + 3])
    return found


# The longest cluster real Khmer writes is a consonant with two subscripts, a vowel and two
# signs (about 8 code points); a run far longer is a stack of marks made to break layout.
MAX_CLUSTER = 12
_JOINERS = {"\u200c", "\u200d"}  # ZWNJ, ZWJ: part of the cluster they sit in


def longest_cluster(text: str) -> int:
    """The length in code points of the longest run of a base and the marks, subscripts and
    joiners that stack on it (in any script: stacked Latin accents count too)."""
    longest = run = 0
    after_coeng = False
    for ch in text:
        joins = (after_coeng or ch in _JOINERS or ch == COENG
                 or unicodedata.category(ch) in ("Mn", "Mc", "Me"))
        run = run + 1 if joins and run else 1
        after_coeng = ch == COENG
        longest = max(longest, run)
    return longest


def is_invisible(text: str) -> bool:
    """True when `text` would show nothing: no letter, digit, punctuation or symbol at all
    (only spaces, zero-width characters, joiners or lone marks)."""
    return not any(unicodedata.category(ch)[0] in "LNPS" for ch in text)
