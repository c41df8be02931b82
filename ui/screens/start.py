"""The first screen of a visit: the language, then who the visitor is (worker, employer, or
someone helping a claimant), which decides what the home screen puts first."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from kiosk.i18n import LOCALE_NAMES, LOCALES, N_
from ui.navigation import HOME_SCREEN
from ui.screens.base import Screen
from ui.widgets.buttons import BigButton
from ui.widgets.text import text_label

# audience -> (label, icon)
AUDIENCES: dict[str, tuple[str, str]] = {
    "worker": (N_("I am a worker"), "account-hard-hat"),
    "employer": (N_("I am an employer"), "domain"),
    "staff": (N_("I help someone (staff)"), "face-agent"),
}


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
        for locale in LOCALES:
            button = BigButton(LOCALE_NAMES[locale], "translate", role="choice")
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
        for audience, (_label, icon) in AUDIENCES.items():
            button = BigButton("", icon, role="primary", icon_size=48)
            button.setObjectName(f"start-audience-{audience}")
            button.clicked.connect(lambda _=False, aud=audience: self.choose_audience(aud))
            self.audience_buttons[audience] = button
            layout.addWidget(button)
        layout.addStretch(1)

    def render(self) -> None:
        self.language_title.setText(self.tr("Choose your language"))
        self.audience_title.setText(self.tr("Who are you?"))
        for locale, button in self.language_buttons.items():
            button.setChecked(locale == self.ctx.locale)
        for audience, button in self.audience_buttons.items():
            button.set_text(self.tr(AUDIENCES[audience][0]))

    def choose_language(self, locale: str) -> None:
        self.ctx.set_locale(locale)  # the shell re-renders this screen in the new language
        self.language_buttons[locale].setChecked(True)

    def choose_audience(self, audience: str) -> None:
        self.ctx.visit.audience = audience
        self.ctx.log_step(self.name, f"audience-{audience}")
        self.go.emit(HOME_SCREEN, {})
