"""Which claim? The visitor's checklists (kiosk.pages.claims), each a big button to its
checklist."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QVBoxLayout

from kiosk.pages.claims import ClaimsPage, ClaimTile, claims_page
from ui.screens.base import Screen
from ui.widgets.buttons import BigButton
from ui.widgets.cards import CardArea
from ui.widgets.rows import RowPool, named, put
from ui.widgets.text import text_label

if TYPE_CHECKING:
    from ui.context import AppContext


class ClaimsScreen(Screen):
    name = "claims"

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 0)
        layout.setSpacing(8)
        self.title = text_label("", "title", name="claims-title")
        self.intro = text_label("", "body", name="claims-intro")
        self.area = CardArea()
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addWidget(self.area, 1)
        self.scrolls_in(layout, self.area)  # on a compact screen: ui/screens/base.py
        self.claims: RowPool[BigButton] = RowPool(self._button, columns=2, item_width=320)
        self.area.add(self.claims)
        self._tiles: dict[BigButton, ClaimTile] = {}

    def _button(self) -> BigButton:
        button = BigButton("", "help-circle-outline", role="secondary", icon_size=48)
        button.setProperty("touch", "tall")
        button.clicked.connect(lambda _=False, b=button: self.follow(self._tiles[b].route))
        return button

    def _show_tile(self, button: BigButton, tile: ClaimTile) -> None:
        self._tiles[button] = tile
        named(button, f"claim-{tile.id}")
        put(button, tile.title)
        button.set_icon(tile.icon)

    def make_page(self) -> ClaimsPage:
        return claims_page(self.ctx.library, self.ctx.visit.audience, self.ctx.locale)

    def show_page(self, page: ClaimsPage) -> None:
        put(self.title, page.title)
        put(self.intro, page.intro)
        self.claims.fill(page.claims, self._show_tile)
