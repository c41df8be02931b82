"""Home: large tiles for everything the kiosk can do, and the hotline. The tile set is data; an
employer sees "Register and pay" first."""
from __future__ import annotations

from dataclasses import dataclass

from kiosk.i18n import N_, native_digits, tr
from kiosk.pages.parts import Route, route

HOTLINE = "1286"


@dataclass(frozen=True)
class HomeTile:
    key: str  # stable: the screen it opens ("benefits", "claims" ...)
    text: str
    icon: str
    route: Route


@dataclass(frozen=True)
class HomePage:
    title: str
    tiles: tuple[HomeTile, ...]  # in the order this visitor sees them
    hotline: str


@dataclass(frozen=True)
class _Tile:
    screen: str
    label: str  # English msgid
    icon: str
    params: tuple[tuple[str, str], ...] = ()
    first_for: str | None = None  # the audience that sees this tile first


TILES: tuple[_Tile, ...] = (
    _Tile("benefits", N_("What NSSF gives me"), "gift-outline"),
    _Tile("claims", N_("Make a claim"), "file-document-edit-outline"),
    _Tile("interview", N_("Can I get it?"), "help-circle-outline", (("benefit", ""),)),
    _Tile("employer", N_("Register and pay (employer)"), "domain", first_for="employer"),
    _Tile("stories", N_("Stories"), "comment-quote"),
    _Tile("contacts", N_("Contact and offices"), "phone-in-talk"),
    _Tile("search", N_("Search"), "magnify"),
)
TILE_KEYS: tuple[str, ...] = tuple(t.screen for t in TILES)


def home_page(audience: str | None, locale: str) -> HomePage:
    order = sorted(TILES, key=lambda t: 0 if audience and t.first_for == audience else 1)
    tiles = tuple(HomeTile(t.screen, tr(t.label, locale), t.icon, route(t.screen, **dict(t.params)))
                  for t in order)
    hotline = tr("Questions? Call the NSSF hotline {number}", locale).format(
        number=native_digits(HOTLINE, locale))
    return HomePage(tr("How can we help you?", locale), tiles, hotline)
