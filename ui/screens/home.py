"""Home: large tiles with pictures for everything the kiosk can do (kiosk.pages.home decides
which, in which order for this visitor: a worker's "Asked to pay?" first, an employer's own
home). As many columns as the screen's width takes (4 on a landscape screen, 2 in portrait or
on a small panel: ui.sizing.columns_for); the tiles fill the screen when there is room and
scroll when there is not. Tiles are made once per key and kept; a visitor's page shows those
it names."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QSizePolicy, QVBoxLayout, QWidget

from kiosk.pages.home import HomePage, home_page
from ui.screens.base import Screen
from ui.sizing import columns_for, current
from ui.style import LARGE_TEXT_SCALE
from ui.widgets.buttons import Tile
from ui.widgets.cards import CardArea
from ui.widgets.rows import put, show_if
from ui.widgets.text import ZWSP, text_label

if TYPE_CHECKING:
    from ui.context import AppContext

# design pixels a tile needs for its picture and two lines of words (on a low screen the tiles
# have smaller pictures: four columns, two rows fit a 10" panel without scrolling)
TILE_WIDTH = {False: 250, True: 180}
MAX_COLUMNS = 4


class HomeScreen(Screen):
    name = "home"

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 24, 40, 24)
        layout.setSpacing(16)
        self.title = text_label(role="title", name="home-title")
        layout.addWidget(self.title)
        self.area = CardArea()
        self.area.setObjectName("home-area")
        self.area.column.setContentsMargins(0, 0, 0, 0)
        self.tiles_widget = tiles = QWidget()
        tiles.setObjectName("home-tiles")
        self.grid = QGridLayout(tiles)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(20)
        self.area.add(tiles, stretch=1)  # the tiles fill the screen when they fit
        layout.addWidget(self.area, 1)
        self.scrolls_in(layout, self.area)  # on a compact screen: ui/screens/base.py
        self.columns = MAX_COLUMNS
        self.hotline = text_label(role="note", name="home-hotline")
        if current().compact:  # under the tiles, so that they have the screen's height
            self.area.add(self.hotline)
        else:
            layout.addWidget(self.hotline)
        self.tiles: dict[str, Tile] = {}
        self.low = current().low
        self._order: list[str] = []
        self._placed: tuple[list[str], int] = ([], 0)

    def _tile(self, key: str) -> Tile:
        """The tile of `key`, made the first time a page names it (content adds some: guides,
        an employer's checklists)."""
        if key not in self.tiles:
            button = Tile("", "help-circle-outline", icon_size=48 if self.low else 64,
                          parent=self.tiles_widget)
            button.setObjectName(f"home-tile-{key}")
            # equal columns whatever the label's length
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
            button.clicked.connect(lambda _=False, k=key: self._open(k))
            show_if(button, False)
            self.tiles[key] = button
        return self.tiles[key]

    def _open(self, key: str) -> None:
        tile = next((t for t in self.page.tiles if t.key == key), None) if self.page else None
        if tile is not None:
            self.follow(tile.route)

    def make_page(self) -> HomePage:
        return home_page(self.ctx.visit.audience, self.ctx.locale, self.ctx.library)

    def show_page(self, page: HomePage) -> None:
        put(self.title, page.title)
        put(self.hotline, page.hotline)
        for tile in page.tiles:
            button = self._tile(tile.key)
            put(button, tile.text)
            button.set_icon(tile.icon)
            if (button.property("tone") or "") != tile.tone:  # style.qss: Tile[tone="guide"]
                button.setProperty("tone", tile.tone)
                for widget in (button, button.label, button.icon_label):
                    if widget is not None:
                        widget.style().unpolish(widget)
                        widget.style().polish(widget)
        self._place([t.key for t in page.tiles], self.columns)
        self._fit_columns()

    def _place(self, order: list[str], columns: int) -> None:
        """The tiles in this order, in this many columns (only if either changed); the tiles
        this page does not name are hidden."""
        if (order, columns) == self._placed:
            return
        for button in self.tiles.values():
            self.grid.removeWidget(button)
        for column in range(max(self.grid.columnCount(), columns)):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)
        for index, key in enumerate(order):
            self.grid.addWidget(self.tiles[key], index // columns, index % columns)
        for key, button in self.tiles.items():
            show_if(button, key in order)
        self._order, self.columns = order, columns
        self._placed = (order, columns)

    def _widest_word(self) -> float:
        """The design width a tile needs for the longest word shown on one ("contributions"):
        content names some tiles, and a word is never cut."""
        widest = 0
        for key in self._order:
            button = self.tiles[key]
            metrics = button.label.fontMetrics()
            margins = button.layout().contentsMargins()
            words = button.label.text().replace(ZWSP, " ").split()
            widest = max([widest, *(metrics.horizontalAdvance(w) + margins.left() + margins.right()
                                    for w in words)])
        return widest / current().scale

    def _fit_columns(self) -> None:
        """As many columns as tiles of TILE_WIDTH fit (wider tiles in large text, and wide
        enough for their longest word)."""
        width = max(TILE_WIDTH[self.low] * (LARGE_TEXT_SCALE if self.ctx.large_text else 1),
                    self._widest_word())
        columns = columns_for(self.area.viewport().width() or self.width(), width,
                              self.grid.horizontalSpacing(), MAX_COLUMNS)
        if columns != self.columns and self._order:
            self._place(self._order, columns)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit_columns()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.StyleChange:  # large text on or off
            self._fit_columns()
