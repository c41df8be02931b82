"""Home: large tiles for everything the kiosk can do, and the hotline. The tile set is data.

- A worker sees the guides for their situation first ("Asked to pay?": its own short path),
  then what NSSF gives, claims, "can I get it?", stories, contacts and search.
- An employer's home speaks to an employer: "What my workers get", "What I must do", "What I
  pay each month", then the papers and steps of each duty (paying every month, registering,
  reporting an accident), contacts and search.
- Staff, and a visitor who has not said who they are, see everything.
"""
from __future__ import annotations

from dataclasses import dataclass

from kiosk.content.library import Library, NotFound
from kiosk.i18n import N_, native_digits, tr
from kiosk.pages import icons
from kiosk.pages.parts import Route, route

HOTLINE = "1286"
EMPLOYER = "employer"
WORKER = "worker"


@dataclass(frozen=True)
class HomeTile:
    key: str  # stable: names the tile ("benefits", "guide-asked-to-pay", "checklist-...")
    text: str
    icon: str
    route: Route
    tone: str = ""  # "guide": a short path for one situation, which stands out


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
    key: str = ""  # when one screen has two tiles

    @property
    def name(self) -> str:
        return self.key or self.screen


TILES: tuple[_Tile, ...] = (
    _Tile("benefits", N_("What NSSF gives me"), "gift-outline"),
    _Tile("claims", N_("Make a claim"), "file-document-edit-outline"),
    _Tile("interview", N_("Can I get it?"), "help-circle-outline", (("benefit", ""),)),
    _Tile("employer", N_("Register and pay (employer)"), "domain"),
    _Tile("stories", N_("Stories"), "comment-quote"),
    _Tile("contacts", N_("Contact and offices"), "phone-in-talk"),
    _Tile("search", N_("Search"), "magnify"),
)
EMPLOYER_TILES: tuple[_Tile, ...] = (
    _Tile("benefits", N_("What my workers get"), "account-hard-hat", key="workers-get"),
    _Tile("employer", N_("What I must do"), "domain"),
    _Tile("monthly", N_("What I pay each month"), icons.CALCULATOR),
)
LAST_TILES = ("contacts", "search")  # after an employer's checklists
WORKER_SKIPS = frozenset({"employer"})  # a worker has no employer's duties
TILE_KEYS: tuple[str, ...] = tuple(t.name for t in (*TILES, *EMPLOYER_TILES))


def _tile(tile: _Tile, locale: str) -> HomeTile:
    return HomeTile(tile.name, tr(tile.label, locale), tile.icon,
                    route(tile.screen, **dict(tile.params)))


def _guide_tiles(library: Library | None, audience: str | None, locale: str) -> list[HomeTile]:
    if library is None:
        return []
    return [HomeTile(f"guide-{g.id}", g.title.get(locale), g.icon, route("guide", id=g.id),
                     "guide")
            for g in library.guides(audience if audience in (WORKER, EMPLOYER) else None)]


def _duty_checklist_tiles(library: Library | None, locale: str) -> list[HomeTile]:
    """The papers and steps of the employer's duties, each checklist once, in duty order, with
    the picture of the (first) duty it is for."""
    if library is None:
        return []
    seen: dict[str, str] = {}  # checklist id -> its duty's picture
    for duty in library.duties():
        if duty.checklist and duty.checklist not in seen:
            seen[duty.checklist] = duty.icon
    tiles = []
    for cid, icon in seen.items():
        try:
            checklist = library.checklist(cid)
        except NotFound:  # an old bundle: the duty names a list it does not have
            continue
        tiles.append(HomeTile(f"checklist-{cid}", checklist.title.get(locale), icon,
                              route("checklist", id=cid)))
    return tiles


def home_page(audience: str | None, locale: str, library: Library | None = None) -> HomePage:
    """`library` adds the tiles content decides (guides, an employer's checklists)."""
    if audience == EMPLOYER:
        tiles = [_tile(t, locale) for t in EMPLOYER_TILES]
        tiles += _duty_checklist_tiles(library, locale)
        tiles += [_tile(t, locale) for t in TILES if t.name in LAST_TILES]
    else:
        tiles = _guide_tiles(library, audience, locale)
        tiles += [_tile(t, locale) for t in TILES
                  if not (audience == WORKER and t.name in WORKER_SKIPS)]
        if audience != WORKER:  # staff, or not said: the employer's monthly sum too
            tiles.insert(len(tiles) - len(LAST_TILES), _tile(EMPLOYER_TILES[-1], locale))
    hotline = tr("Questions? Call the NSSF hotline {number}", locale).format(
        number=native_digits(HOTLINE, locale))
    return HomePage(tr("How can we help you?", locale), tuple(tiles), hotline)
