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
    # the first screen painted: its lines come without the content models (pydantic), which
    # load after the first paint (Library.slides reads the records' JSON)
    slides = tuple(Slide(icon, km, en) for icon, km, en in library.slides())
    if not slides:  # content without messages still gets a friendly loop
        slides = (Slide(FALLBACK_ICON, tr(FALLBACK_LINE, "km"), FALLBACK_LINE),)
    return AttractPage(f"{tr(BRAND, 'km')}  ·  {BRAND}", slides, tr(TOUCH, "km"), TOUCH)
