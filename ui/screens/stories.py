"""Real stories (kiosk.pages.stories): people who used NSSF, each with the benefits it is about.
Params: `id` (optional): that story comes first (from a benefit card or a search hit).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QVBoxLayout

from kiosk.pages.parts import Link, links_of
from kiosk.pages.stories import StoriesPage, StoryCard, stories_page
from ui.screens.base import Screen
from ui.widgets.buttons import BigButton
from ui.widgets.cards import Card, CardArea
from ui.widgets.icon import IconLabel
from ui.widgets.linked_text import LinkedLabel
from ui.widgets.rows import RowPool, named, put, put_icon, show_if
from ui.widgets.text import text_label

if TYPE_CHECKING:
    from ui.context import AppContext

IMAGE_WIDTH = 220


class StoryView(Card):
    def __init__(self, screen: StoriesScreen) -> None:
        super().__init__("story", row=True, spacing=20)
        self.image = QLabel()
        self.box.addWidget(self.image, 0, Qt.AlignmentFlag.AlignTop)
        self.icon = IconLabel("help-circle-outline", 72)
        self.box.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout()
        column.setSpacing(8)
        self.title = text_label("", "subtitle")
        self.text = LinkedLabel("body")
        self.text.followed.connect(screen.follow)
        column.addWidget(self.title)
        column.addWidget(self.text)
        self.benefits: RowPool[BigButton] = RowPool(lambda: self._button(screen), spacing=8)
        column.addWidget(self.benefits)
        self.box.addLayout(column, 1)
        self.story: StoryCard | None = None
        self._image = ""
        self._links: dict[BigButton, Link] = {}

    def _button(self, screen: StoriesScreen) -> BigButton:
        button = BigButton("", "help-circle-outline", role="secondary", icon_size=36)
        button.clicked.connect(lambda _=False, b=button: screen.follow(self._links[b].route))
        return button

    def show_story(self, story: StoryCard) -> None:
        self.story = story
        if story.image != self._image:  # a picture is read once per story shown here
            self._image = story.image or ""
            picture = QPixmap(story.image_file) if story.image_file else QPixmap()
            if not picture.isNull():
                picture = picture.scaledToWidth(IMAGE_WIDTH,
                                                Qt.TransformationMode.SmoothTransformation)
            self.image.setPixmap(picture)
        has_picture = self.image.pixmap() is not None and not self.image.pixmap().isNull()
        show_if(self.image, has_picture)
        show_if(self.icon, not has_picture)
        put_icon(self.icon, story.icon)
        named(self.title, f"story-{story.id}")
        put(self.title, story.title)
        named(self.text, f"story-text-{story.id}")
        self.text.show_text(story.text, story.pieces)

        def show(button: BigButton, link: Link) -> None:
            self._links[button] = link
            named(button, f"story-{story.id}-{link.route.screen}-{link.route.params['id']}")
            put(button, link.text)
            button.set_icon(link.icon)
        # the benefits it is about, then what its text links to (a finger-sized way there too)
        linked = [link for link in links_of(story.pieces) if link.route is not None
                  and link.route not in [b.route for b in story.benefits]]
        self.benefits.fill([*story.benefits, *linked], show)


class StoriesScreen(Screen):
    name = "stories"

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.setSpacing(8)
        self.title = text_label("", "title", name="stories-title")
        layout.addWidget(self.title)
        self.area = CardArea()
        layout.addWidget(self.area, 1)
        self.scrolls_in(layout, self.area)  # on a compact screen: ui/screens/base.py
        self.cards: RowPool[StoryView] = RowPool(lambda: StoryView(self), spacing=16)
        self.area.add(self.cards)

    def make_page(self) -> StoriesPage:
        return stories_page(self.ctx.library, self.ctx.locale, first=self.params.get("id"))

    def show_page(self, page: StoriesPage) -> None:
        if self.page is None or [s.id for s in self.page.stories] != [s.id for s in page.stories]:
            self.area.scroll_to_top()
        put(self.title, page.title)
        self.cards.fill(page.stories, StoryView.show_story)
