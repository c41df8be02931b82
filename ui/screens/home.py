"""Home: large tiles with pictures for everything the kiosk can do (kiosk.pages.home decides
which, in which order for this visitor)."""
from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QSizePolicy, QVBoxLayout

from kiosk.pages.home import TILE_KEYS, HomePage, home_page
from ui.screens.base import Screen
from ui.widgets.buttons import Tile
from ui.widgets.rows import put
from ui.widgets.text import text_label

COLUMNS = 4


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
        for key in TILE_KEYS:
            button = Tile("", "help-circle-outline")
            button.setObjectName(f"home-tile-{key}")
            # equal columns whatever the label's length
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
            button.clicked.connect(lambda _=False, k=key: self._open(k))
            self.tiles[key] = button
        self._order: list[str] = []

    def _open(self, key: str) -> None:
        tile = next(t for t in self.page.tiles if t.key == key)
        self.follow(tile.route)

    def make_page(self) -> HomePage:
        return home_page(self.ctx.visit.audience, self.ctx.locale)

    def show_page(self, page: HomePage) -> None:
        put(self.title, page.title)
        put(self.hotline, page.hotline)
        order = [t.key for t in page.tiles]
        if order != self._order:
            for button in self.tiles.values():
                self.grid.removeWidget(button)
            for index, key in enumerate(order):
                self.grid.addWidget(self.tiles[key], index // COLUMNS, index % COLUMNS)
            self._order = order
        for tile in page.tiles:
            button = self.tiles[tile.key]
            put(button, tile.text)
            button.set_icon(tile.icon)
