"""The benefits walkthrough, first page: the schemes, each with the visitor's benefits as big
buttons (kiosk.pages.benefits). Params: `scheme` (optional): that scheme alone."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QVBoxLayout

from kiosk.pages.benefits import BenefitsPage, BenefitTile, SchemeCard, benefits_page
from ui.screens.base import Screen
from ui.widgets.buttons import BigButton, WrappingButton
from ui.widgets.cards import Card, CardArea
from ui.widgets.icon import IconLabel
from ui.widgets.rows import RowPool, named, put, put_icon, show_if
from ui.widgets.text import text_label

if TYPE_CHECKING:
    from ui.context import AppContext


class BenefitButton(WrappingButton):
    """A benefit to tap: its icon, its name, and the one line of what it gives."""

    def __init__(self) -> None:
        super().__init__()
        self.setProperty("role", "benefit")
        # QPushButton is vertically Fixed by default, which would cap it at the unwrapped height
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        row = QHBoxLayout(self)
        row.setContentsMargins(18, 12, 18, 12)
        row.setSpacing(16)
        self.icon = IconLabel("help-circle-outline", 56)
        self.icon.setObjectName("buttonIcon")
        row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout()
        column.setSpacing(2)
        self.title = text_label("", "subtitle", name="buttonLabel")
        self.summary = text_label("", "note", name="buttonNote")
        column.addWidget(self.title)
        column.addWidget(self.summary)
        column.addStretch(1)  # top-aligned when a taller neighbour stretches the grid row
        row.addLayout(column, 1)
        for child in (self.icon, self.title, self.summary):
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.tile: BenefitTile | None = None

    def show_tile(self, tile: BenefitTile) -> None:
        self.tile = tile
        named(self, f"benefit-tile-{tile.id}")
        put_icon(self.icon, tile.icon)
        put(self.title, tile.title)
        put(self.summary, tile.summary)
        self.setAccessibleName(tile.title)


class SchemeCardView(Card):
    """A scheme: its picture, name, what it covers and since when, and its benefits."""

    def __init__(self, screen: BenefitsScreen) -> None:
        super().__init__("scheme")
        head = QHBoxLayout()
        head.setSpacing(16)
        self.icon = IconLabel("help-circle-outline", 56)
        head.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        words = QVBoxLayout()
        self.name = text_label("", "subtitle")
        self.summary = text_label("", "body")
        self.since = text_label("", "note")
        for label in (self.name, self.summary, self.since):
            words.addWidget(label)
        head.addLayout(words, 1)
        self.box.addLayout(head)
        self.benefits: RowPool[BenefitButton] = RowPool(lambda: self._button(screen), columns=2,
                                                         item_width=360)
        self.box.addWidget(self.benefits)

    @staticmethod
    def _button(screen: BenefitsScreen) -> BenefitButton:
        button = BenefitButton()
        button.clicked.connect(lambda _=False, b=button: screen.follow(b.tile and b.tile.route))
        return button

    def show_card(self, card: SchemeCard) -> None:
        put_icon(self.icon, card.icon)
        named(self.name, f"scheme-{card.id}")
        put(self.name, card.name)
        put(self.summary, card.summary)
        put(self.since, card.since)
        self.benefits.fill(card.benefits, BenefitButton.show_tile)


class BenefitsScreen(Screen):
    name = "benefits"

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 0)
        layout.setSpacing(8)
        head = QHBoxLayout()
        self.title = text_label("", "title", name="benefits-title")
        head.addWidget(self.title, 1)
        self.walk = BigButton("", "play-circle", role="primary")
        self.walk.setObjectName("benefits-walk")
        self.walk.clicked.connect(lambda: self.follow(self.page.walk and self.page.walk.route))
        head.addWidget(self.walk, 0)
        layout.addLayout(head)
        self.intro = text_label("", "body", name="benefits-intro")
        layout.addWidget(self.intro)
        self.area = CardArea()
        layout.addWidget(self.area, 1)
        self.scrolls_in(layout, self.area)  # on a compact screen: ui/screens/base.py
        self.schemes: RowPool[SchemeCardView] = RowPool(lambda: SchemeCardView(self), spacing=16)
        self.area.add(self.schemes)
        self.see_all = BigButton("", "view-list", role="secondary")
        self.see_all.setObjectName("benefits-all")
        self.see_all.clicked.connect(
            lambda: self.follow(self.page.see_all and self.page.see_all.route))
        self.area.add(self.see_all)

    def make_page(self) -> BenefitsPage:
        return benefits_page(self.ctx.library, self.ctx.visit.audience, self.ctx.locale,
                             scheme=self.params.get("scheme"))

    def show_page(self, page: BenefitsPage) -> None:
        if self.page is not None and self.page.schemes and page.schemes and (
                [c.id for c in self.page.schemes] != [c.id for c in page.schemes]):
            self.area.scroll_to_top()
        put(self.title, page.title)
        put(self.intro, page.intro)
        show_if(self.walk, page.walk is not None)
        if page.walk is not None:
            put(self.walk, page.walk.text)
        self.schemes.fill(page.schemes, SchemeCardView.show_card)
        show_if(self.see_all, page.see_all is not None)
        if page.see_all is not None:
            put(self.see_all, page.see_all.text)
