"""The first screen of a visit: the language, then who the visitor is (kiosk.pages.start).

On a compact screen (a small panel) the language is chosen in the top bar, as on every screen,
and this screen asks only who the visitor is; it scrolls if large text needs more room."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.pages.start import AUDIENCE_LABELS, LANGUAGE_ICON, LANGUAGES, StartPage, start_page
from ui.screens.base import Screen
from ui.sizing import current, px
from ui.widgets.buttons import BigButton
from ui.widgets.cards import CardArea
from ui.widgets.rows import put
from ui.widgets.text import text_label

if TYPE_CHECKING:
    from ui.context import AppContext


class StartScreen(Screen):
    name = "start"

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        compact = current().compact
        outer = QVBoxLayout(self)
        outer.setContentsMargins(*((24, 8, 24, 8) if compact else (96, 32, 96, 40)))
        self.area = CardArea()
        self.area.setObjectName("start-area")
        self.area.column.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.area)
        column = QWidget()
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8 if compact else 18)
        self.area.add(column)

        self.language_title = text_label(role="title", name="start-language-title")
        layout.addWidget(self.language_title)
        row = QHBoxLayout()
        row.setSpacing(24)
        self.language_buttons: dict[str, BigButton] = {}
        for locale, own_name in LANGUAGES:
            button = BigButton(own_name, LANGUAGE_ICON, role="choice")
            button.setObjectName(f"start-lang-{locale}")
            button.setCheckable(True)
            button.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            button.clicked.connect(lambda _=False, loc=locale: self.choose_language(loc))
            self.language_buttons[locale] = button
            row.addWidget(button)
        layout.addLayout(row)
        if current().short:  # a 7" panel: the top bar's language buttons do it
            self.language_title.hide()
            for button in self.language_buttons.values():
                button.hide()
        else:
            layout.addSpacing(px(24))

        self.audience_title = text_label(role="title", name="start-audience-title")
        layout.addWidget(self.audience_title)
        self.audience_buttons: dict[str, BigButton] = {}
        for audience in AUDIENCE_LABELS:
            button = BigButton("", "help-circle-outline", role="primary", icon_size=48)
            button.setObjectName(f"start-audience-{audience}")
            button.clicked.connect(lambda _=False, aud=audience: self.choose_audience(aud))
            self.audience_buttons[audience] = button
            layout.addWidget(button)

    def make_page(self) -> StartPage:
        return start_page(self.ctx.locale)

    def show_page(self, page: StartPage) -> None:
        put(self.language_title, page.language_title)
        put(self.audience_title, page.audience_title)
        for choice in page.languages:
            button = self.language_buttons[choice.locale]
            put(button, choice.name)
            if button.isChecked() != choice.chosen:
                button.setChecked(choice.chosen)
        for choice in page.audiences:
            button = self.audience_buttons[choice.key]
            put(button, choice.text)
            button.set_icon(choice.icon)

    def choose_language(self, locale: str) -> None:
        self.ctx.set_locale(locale)  # the shell shows this screen again in the new language
        self.language_buttons[locale].setChecked(True)

    def choose_audience(self, audience: str) -> None:
        self.ctx.visit.audience = audience
        self.ctx.log_step(self.name, f"audience-{audience}")
        choice = next(c for c in self.page.audiences if c.key == audience)
        self.follow(choice.route)
