"""Home: large tiles with pictures for everything the kiosk can do. The tile set is data; an
employer sees "Register and pay" first."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QGridLayout, QSizePolicy, QVBoxLayout

from kiosk.i18n import N_, native_digits
from ui.screens.base import Screen
from ui.widgets.buttons import Tile
from ui.widgets.text import text_label

COLUMNS = 4
HOTLINE = "1286"


@dataclass(frozen=True)
class HomeTile:
    screen: str
    label: str  # English; translated when shown
    icon: str
    params: tuple[tuple[str, str], ...] = ()
    first_for: str | None = None  # the audience that sees this tile first


TILES: tuple[HomeTile, ...] = (
    HomeTile("benefits", N_("What NSSF gives me"), "gift-outline"),
    HomeTile("claims", N_("Make a claim"), "file-document-edit-outline"),
    HomeTile("interview", N_("Can I get it?"), "help-circle-outline", (("benefit", ""),)),
    HomeTile("employer", N_("Register and pay (employer)"), "domain", first_for="employer"),
    HomeTile("stories", N_("Stories"), "comment-quote"),
    HomeTile("contacts", N_("Contact and offices"), "phone-in-talk"),
    HomeTile("search", N_("Search"), "magnify"),
)


def tiles_for(audience: str | None) -> list[HomeTile]:
    """The tiles in the order this audience sees them."""
    return sorted(TILES, key=lambda t: 0 if audience and t.first_for == audience else 1)


class HomeScreen(Screen):
    name = "home"

    def __init__(self, ctx) -> None:  # noqa: ANN001 - AppContext
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 24, 40, 24)
        layout.setSpacing(16)
        self.title = text_label(role="title", name="home-title")
        layout.addWidget(self.title)
        self.grid = QGridLayout()
        self.grid.setSpacing(20)
        for column in range(COLUMNS):
            self.grid.setColumnStretch(column, 1)
        layout.addLayout(self.grid, 1)
        self.hotline = text_label(role="note", name="home-hotline")
        layout.addWidget(self.hotline)
        self.tiles: dict[str, Tile] = {}
        for tile in TILES:
            button = Tile("", tile.icon)
            button.setObjectName(f"home-tile-{tile.screen}")
            # equal columns whatever the label's length
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
            button.clicked.connect(lambda _=False, t=tile: self.go.emit(t.screen, dict(t.params)))
            self.tiles[tile.screen] = button
        self._order: list[str] = []

    def render(self) -> None:
        self.title.setText(self.tr("How can we help you?"))
        hotline = self.tr("Questions? Call the NSSF hotline {number}")
        self.hotline.setText(hotline.format(number=native_digits(HOTLINE, self.ctx.locale)))
        order = tiles_for(self.ctx.visit.audience)
        if [t.screen for t in order] != self._order:
            for button in self.tiles.values():
                self.grid.removeWidget(button)
            for index, tile in enumerate(order):
                self.grid.addWidget(self.tiles[tile.screen], index // COLUMNS, index % COLUMNS)
            self._order = [t.screen for t in order]
        for tile in TILES:
            self.tiles[tile.screen].set_text(self.tr(tile.label))
