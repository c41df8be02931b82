"""The bar on top of every screen but the attract loop: Back, Home, Finish (the visit ends: every
answer, tick and search forgotten), the speaker, large text, and the language switch
(ខ្មែរ | English), which works at any moment of a visit.

It only reports what was touched (signals); the shell decides what that means. On a screen too
narrow for the words beside the pictures (a small panel), the buttons show their pictures alone,
each keeping its name for screen readers; the words come back when there is room.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QButtonGroup, QFrame, QHBoxLayout, QPushButton, QSizePolicy, QWidget

from kiosk.i18n import LOCALE_NAMES, LOCALES
from ui.sizing import current
from ui.widgets.buttons import BigButton
from ui.widgets.speaker import SpeakerButton


def _with_words(button: BigButton) -> int:
    """A bar button's width with its picture and its words side by side."""
    layout = button.layout()
    margins = layout.contentsMargins()
    button.label.ensurePolished()
    icon = button.icon_label.sizeHint().width() if button.icon_label is not None else 0
    return (margins.left() + margins.right() + icon + max(layout.spacing(), 0)
            + button.label.sizeHint().width())


class TopBar(QFrame):
    back_clicked = Signal()
    home_clicked = Signal()
    finish_clicked = Signal()
    locale_chosen = Signal(str)
    large_text_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("topbar")
        layout = QHBoxLayout(self)
        short = current().short  # a 7" panel: every pixel of height counts
        layout.setContentsMargins(*((8, 4, 8, 4) if short else (12, 8, 12, 8)))
        layout.setSpacing(8 if short else 12)

        self.back = BigButton("Back", "arrow-left", role="bar", icon_size=36)
        self.back.setObjectName("topbar-back")
        self.back.clicked.connect(self.back_clicked)
        self.home = BigButton("Home", "home", role="bar", icon_size=36)
        self.home.setObjectName("topbar-home")
        self.home.clicked.connect(self.home_clicked)
        self.finish = BigButton("Finish", "exit-run", role="bar", icon_size=36)
        self.finish.setObjectName("topbar-finish")
        self.finish.clicked.connect(self.finish_clicked)
        for button in (self.back, self.home, self.finish):
            button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
            layout.addWidget(button)
        layout.addStretch(1)

        self.speaker = SpeakerButton(self)
        layout.addWidget(self.speaker)

        self.large_text = BigButton("Large text", "format-size", role="bar", icon_size=36)
        self.large_text.setObjectName("topbar-large-text")
        self.large_text.setCheckable(True)
        self.large_text.toggled.connect(self.large_text_toggled)
        layout.addWidget(self.large_text)

        self.languages = QButtonGroup(self)
        self.languages.setExclusive(True)
        self.language_buttons: dict[str, QPushButton] = {}
        for locale in LOCALES:
            # each language is named in itself, so a visitor finds their own
            button = QPushButton(LOCALE_NAMES[locale])
            button.setObjectName(f"topbar-lang-{locale}")
            button.setProperty("role", "language")
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, loc=locale: self.locale_chosen.emit(loc))
            self.languages.addButton(button)
            self.language_buttons[locale] = button
            layout.addWidget(button)

    def retranslate(self, tr: Callable[[str], str]) -> None:
        self.back.set_text(tr("Back"))
        self.home.set_text(tr("Home"))
        self.finish.set_text(tr("Finish"))
        self.large_text.set_text(tr("Large text"))
        self.speaker.setAccessibleName(tr("Listen"))
        self.fit_labels()

    # --- words or pictures alone ----------------------------------------------------------------
    def _labelled(self) -> list[BigButton]:
        return [b for b in self.findChildren(BigButton) if b.icon_label is not None]

    def width_with_labels(self) -> int:
        """The width the bar needs with every button's words shown."""
        layout = self.layout()
        margins = layout.contentsMargins()
        widths = []
        for index in range(layout.count()):
            widget = layout.itemAt(index).widget()
            if widget is None or widget.isHidden():
                continue
            widget.ensurePolished()  # its stylesheet font, not the app's
            if isinstance(widget, BigButton) and widget.text():
                widths.append(max(widget.minimumWidth(), _with_words(widget)))
            else:
                widths.append(widget.sizeHint().width())
        return (margins.left() + margins.right() + sum(widths)
                + max(layout.spacing(), 0) * max(len(widths) - 1, 0))

    def fit_labels(self) -> None:
        """Words beside the pictures if the bar has room for them, else the pictures alone."""
        if self.width() <= 0:
            return
        wanted = self.width_with_labels() <= self.width()
        for button in self._labelled():
            button.show_words(wanted)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.fit_labels()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.StyleChange:  # a new stylesheet: other widths
            self.fit_labels()

    def set_state(self, *, locale: str, large_text: bool, can_go_back: bool,
                  can_finish: bool = True) -> None:
        self.language_buttons[locale].setChecked(True)
        self.large_text.blockSignals(True)
        self.large_text.setChecked(large_text)
        self.large_text.blockSignals(False)
        self.large_text.sync_state()
        self.back.setEnabled(can_go_back)
        if self.finish.isHidden() == can_finish:
            self.finish.setVisible(can_finish)
