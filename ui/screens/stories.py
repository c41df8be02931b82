"""Real stories: people who used NSSF, each with the benefits it is about.

Params: `id` (optional): that story comes first (from a benefit card or a search hit).
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout

from kiosk.content.library import NotFound
from kiosk.content.model import Story, Text
from kiosk.paths import ASSETS
from ui.screens.base import Screen
from ui.widgets.buttons import BigButton
from ui.widgets.cards import CardArea, card_frame
from ui.widgets.icon import IconLabel
from ui.widgets.text import text_label


class StoriesScreen(Screen):
    name = "stories"

    def __init__(self, ctx) -> None:  # noqa: ANN001 - AppContext
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.setSpacing(8)
        self.title = text_label("", "title", name="stories-title")
        layout.addWidget(self.title)
        self.area = CardArea()
        layout.addWidget(self.area, 1)

    def _stories(self) -> list[Story]:
        stories = self.ctx.library.stories()
        first = self.params.get("id")
        return sorted(stories, key=lambda s: s.id != first)  # stable: the rest keep their order

    def speech(self) -> Text | None:
        stories = self._stories()
        return stories[0].text if stories else None

    def reset(self) -> None:
        super().reset()
        self.area.clear()

    def render(self) -> None:
        self.title.setText(self.tr("Real stories"))
        self.area.clear()
        for story in self._stories():
            self.area.add(self._story(story))

    def _story(self, story: Story) -> QFrame:
        locale = self.ctx.locale
        frame, row = card_frame("story", row=True, spacing=20)
        picture = QPixmap(str(ASSETS / story.image)) if story.image else QPixmap()
        if not picture.isNull():
            image = QLabel()
            image.setPixmap(picture.scaledToWidth(220, Qt.TransformationMode.SmoothTransformation))
            row.addWidget(image, 0, Qt.AlignmentFlag.AlignTop)
        else:
            row.addWidget(IconLabel(story.icon, 72), 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout()
        column.setSpacing(8)
        column.addWidget(text_label(story.title.get(locale), "subtitle", name=f"story-{story.id}"))
        column.addWidget(text_label(story.text.get(locale), "body", name=f"story-text-{story.id}"))
        for benefit_id in story.benefits:
            try:
                benefit = self.ctx.library.benefit(benefit_id)
            except NotFound:
                continue
            button = BigButton(benefit.title.get(locale), benefit.icon, role="secondary",
                               icon_size=36)
            button.setObjectName(f"story-{story.id}-benefit-{benefit_id}")
            button.clicked.connect(lambda _=False, b=benefit_id: self.go.emit("benefit", {"id": b}))
            column.addWidget(button)
        row.addLayout(column, 1)
        return frame
