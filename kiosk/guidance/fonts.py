"""The fonts a printout uses, registered with reportlab once per process.

Noto Sans Khmer has no Latin letters and no Latin digits (not even `%`), so every text is drawn
in runs: Khmer (and whatever else the Khmer font covers) in Noto Sans Khmer, the rest in
Helvetica. Helvetica is one of PDF's standard fonts: every viewer and printer driver has it, so it
is never embedded and costs nothing. Icons come from the Material Design Icons font that the
screens use, so a document has the same picture on paper as on the kiosk.
"""
from __future__ import annotations

import threading
from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from kiosk import icons
from kiosk.paths import ICON_FONT, KHMER_FONT, KHMER_FONT_BOLD

KHMER = "NotoSansKhmer"
KHMER_BOLD = "NotoSansKhmer-Bold"
LATIN = "Helvetica"
LATIN_BOLD = "Helvetica-Bold"
ICONS = "MaterialDesignIcons"

# Material Design Icons draw each icon in a 448-unit square on a 512-unit em, 64 units below the
# baseline: these turn "an icon `size` points high" into a font size and a baseline shift.
ICON_EM = 512 / 448
ICON_DESCENT = 64 / 448

_lock = threading.Lock()
_registered = False


def register() -> None:
    """Register the bundled fonts with reportlab (idempotent, thread safe)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        # shapable=True: reportlab then shapes runs in this font with uharfbuzz (shaping.py)
        pdfmetrics.registerFont(TTFont(KHMER, str(KHMER_FONT), shapable=True))
        pdfmetrics.registerFont(TTFont(KHMER_BOLD, str(KHMER_FONT_BOLD), shapable=True))
        pdfmetrics.registerFont(TTFont(ICONS, str(ICON_FONT), shapable=False))
        _registered = True


@cache
def khmer_coverage() -> frozenset[int]:
    """Code points the Khmer font can draw."""
    register()
    font = pdfmetrics.getFont(KHMER)
    return frozenset(font.face.charToGlyph)


def family(bold: bool) -> tuple[str, str]:
    """(Khmer font, Latin font) for a weight."""
    return (KHMER_BOLD, LATIN_BOLD) if bold else (KHMER, LATIN)


def icon_char(name: str) -> str:
    """The icon font character for an MDI icon name; a plain document for an unknown name."""
    try:
        return icons.glyph(name)
    except KeyError:
        return icons.glyph("file-document-outline")
