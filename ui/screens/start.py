"""The first screen of a visit: the language, then who the visitor is (kiosk.pages.start)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from kiosk.pages.start import AUDIENCE_LABELS, LANGUAGE_ICON, LANGUAGES, StartPage, start_page
from ui.screens.base import Screen
from ui.widgets.buttons import BigButton
from ui.widgets.rows import put
from ui.widgets.text import text_label


class StartScreen(Screen):
    name = "start"

    def __init__(self, ctx) -> None:  # noqa: ANN001 - AppContext
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(96, 32, 96, 40)
        layout.setSpacing(18)

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
        layout.addSpacing(24)

        self.audience_title = text_label(role="title", name="start-audience-title")
        layout.addWidget(self.audience_title)
        self.audience_buttons: dict[str, BigButton] = {}
        for audience in AUDIENCE_LABELS:
            button = BigButton("", "help-circle-outline", role="primary", icon_size=48)
            button.setObjectName(f"start-audience-{audience}")
            button.clicked.connect(lambda _=False, aud=audience: self.choose_audience(aud))
            self.audience_buttons[audience] = button
            layout.addWidget(button)
        layout.addStretch(1)

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
