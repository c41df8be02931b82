"""The first screen of a visit: the language, then who the visitor is (worker, employer, or
someone helping a claimant), which decides what home puts first and which benefits they see."""
from __future__ import annotations

from dataclasses import dataclass

from kiosk.i18n import LOCALE_NAMES, LOCALES, N_, tr
from kiosk.pages import icons
from kiosk.pages.parts import Route, route

AUDIENCE_LABELS: dict[str, str] = {
    "worker": N_("I am a worker"),
    "employer": N_("I am an employer"),
    "staff": N_("I help someone (staff)"),
}
LANGUAGE_ICON = "translate"
LANGUAGES: tuple[tuple[str, str], ...] = tuple((loc, LOCALE_NAMES[loc]) for loc in LOCALES)


@dataclass(frozen=True)
class LanguageChoice:
    locale: str
    name: str  # in its own language, so a visitor finds theirs
    chosen: bool


@dataclass(frozen=True)
class AudienceChoice:
    key: str
    text: str
    icon: str
    route: Route  # where choosing it leads (home)


@dataclass(frozen=True)
class StartPage:
    language_title: str
    languages: tuple[LanguageChoice, ...]
    audience_title: str
    audiences: tuple[AudienceChoice, ...]


def start_page(locale: str) -> StartPage:
    return StartPage(
        tr("Choose your language", locale),
        tuple(LanguageChoice(loc, LOCALE_NAMES[loc], loc == locale) for loc in LOCALES),
        tr("Who are you?", locale),
        tuple(AudienceChoice(key, tr(label, locale), icons.AUDIENCES[key], route("home"))
              for key, label in AUDIENCE_LABELS.items()),
    )
