"""The attract loop: what the kiosk shows while nobody uses it.

One short line at a time from the content's messages and stories, with its icon, in Khmer and
English both (the next visitor has not chosen a language yet), and "Touch to start" below. Any
touch starts a visit.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QHideEvent, QKeyEvent, QMouseEvent, QShowEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout

from kiosk.pages.attract import AttractPage, Slide, attract_page
from ui.navigation import FIRST_SCREEN
from ui.screens.base import Screen
from ui.sizing import current
from ui.widgets.icon import IconLabel
from ui.widgets.rows import put, put_icon
from ui.widgets.text import text_label

if TYPE_CHECKING:
    from ui.context import AppContext

SLIDE_MS = 6000


class AttractScreen(Screen):
    name = "attract"

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.slides: list[Slide] = []
        self.index = 0
        self.timer = QTimer(self, interval=SLIDE_MS)
        self.timer.timeout.connect(self.next_slide)

        # a low screen: the picture beside the words, smaller; a 7" one: smaller words too
        compact = current().low
        if current().short:
            self.setProperty("fit", "short")  # style.qss
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*((32, 16, 32, 16) if compact else (64, 40, 64, 48)))
        layout.setSpacing(12 if compact else 20)
        self.brand = text_label("", "body", name="attract-brand")
        self.brand.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.brand)
        layout.addStretch(1)
        self.icon = IconLabel("shield-account", 96 if compact else 180)
        self.icon.setObjectName("attract-icon")
        self.km = text_label("", "body", name="attract-km")
        self.en = text_label("", "body", name="attract-en")
        if compact:  # the picture beside the words: the height is what a small panel lacks
            slide = QHBoxLayout()
            slide.setSpacing(24)
            slide.addWidget(self.icon, 0)
            words = QVBoxLayout()
            slide.addLayout(words, 1)
            layout.addLayout(slide)
        else:
            layout.addWidget(self.icon)
            words = layout
        for label in (self.km, self.en):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            words.addWidget(label)
        layout.addStretch(1)

        touch = QFrame()
        touch.setObjectName("attract-touch")
        row = QHBoxLayout(touch)
        row.setContentsMargins(*((24, 8, 24, 8) if compact else (32, 16, 32, 16)))
        row.setSpacing(24)
        row.addStretch(1)
        row.addWidget(IconLabel("gesture-tap", 48 if compact else 64))
        self.touch_km = text_label("", "body", name="attract-touch-km")
        self.touch_en = text_label("", "body", name="attract-touch-en")
        for label in (self.touch_km, self.touch_en):
            label.setWordWrap(False)
            row.addWidget(label)
        row.addStretch(1)
        layout.addWidget(touch)

    def make_page(self) -> AttractPage:
        return attract_page(self.ctx.library)

    def show_page(self, page: AttractPage) -> None:
        self.slides = list(page.slides)
        self.index %= len(self.slides)
        put(self.brand, page.brand)
        put(self.touch_km, page.touch_km)
        put(self.touch_en, page.touch_en)
        self.show_slide()

    def show_slide(self) -> None:
        slide = self.slides[self.index]
        put_icon(self.icon, slide.icon)
        put(self.km, slide.km)
        put(self.en, slide.en)

    def next_slide(self) -> None:
        if self.slides:
            self.index = (self.index + 1) % len(self.slides)
            self.show_slide()

    def reset(self) -> None:
        super().reset()
        self.index = 0

    # --- any touch starts a visit ----------------------------------------------------------
    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self.go.emit(FIRST_SCREEN, {})

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        self.go.emit(FIRST_SCREEN, {})

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        self.timer.start()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt override
        self.timer.stop()
        super().hideEvent(event)
