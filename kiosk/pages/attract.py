"""The attract loop: one short line at a time from the content's messages and stories, with its
icon, in Khmer and English both (the next visitor has not chosen a language yet)."""
from __future__ import annotations

from dataclasses import dataclass

from kiosk.content.library import Library
from kiosk.i18n import N_, tr

BRAND = N_("National Social Security Fund")
FALLBACK_LINE = N_("Social security for every worker in Cambodia")
TOUCH = N_("Touch to start")
FALLBACK_ICON = "shield-account"


@dataclass(frozen=True)
class Slide:
    icon: str
    km: str
    en: str


@dataclass(frozen=True)
class AttractPage:
    brand: str  # both languages on one line
    slides: tuple[Slide, ...]  # never empty
    touch_km: str
    touch_en: str


def attract_page(library: Library) -> AttractPage:
    texts = [(m.icon, m.text) for m in library.messages()]
    texts += [(s.icon, s.title) for s in library.stories()]
    slides = tuple(Slide(icon, text.km, text.en) for icon, text in texts)
    if not slides:  # content without messages still gets a friendly loop
        slides = (Slide(FALLBACK_ICON, tr(FALLBACK_LINE, "km"), FALLBACK_LINE),)
    return AttractPage(f"{tr(BRAND, 'km')}  ·  {BRAND}", slides, tr(TOUCH, "km"), TOUCH)
