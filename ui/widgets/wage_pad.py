"""A wage typed on the screen: a keypad of digits (in the visitor's numerals) with a currency
switch, US dollars or riel, and the amount as typed above it with what it makes in the other
currency (kiosk.pages.wage decides all the words and what a key does).

It only reports taps: `key_pressed(name)` ("0".."9", "000", "back", "clear") and
`currency_chosen("usd"|"riel")`; the screen makes the new page part and gives it back with
`show_field`. Built once; a key changes the two lines of text, nothing else. Sizes come from the
stylesheet (its keys are those of the on-screen keyboard: #keyboard QPushButton), none here.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.pages.wage import BACK, CLEAR, CURRENCIES, DIGIT_KEYS, WageField
from ui.widgets.buttons import BigButton
from ui.widgets.rows import put
from ui.widgets.text import text_label

COLUMNS = 3  # as a phone's keypad: 1 2 3 / 4 5 6 / 7 8 9 / 000 0 delete, then Clear


class WagePad(QWidget):
    key_pressed = Signal(str)
    currency_chosen = Signal(str)

    def __init__(self, name: str = "wage", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setProperty("role", "wage-pad")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(8)
        self.title = text_label("", "subtitle", name=f"{name}-title")
        outer.addWidget(self.title)
        line = QHBoxLayout()
        line.setSpacing(16)
        self.shown = text_label("", "title", name=f"{name}-shown")
        self.shown.setProperty("role", "wage-value")
        line.addWidget(self.shown, 1)
        self.other = text_label("", "note", name=f"{name}-other")
        self.other.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        line.addWidget(self.other, 1)
        outer.addLayout(line)

        self.switch = switch = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        switch.setSpacing(12)
        self.currencies: dict[str, BigButton] = {}
        group = QButtonGroup(self)
        group.setExclusive(True)
        for key, _ in CURRENCIES:
            button = BigButton("", "cash" if key == "riel" else "currency-usd", role="secondary",
                               icon_size=32)
            button.setObjectName(f"{name}-currency-{key}")
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, k=key: self.currency_chosen.emit(k))
            group.addButton(button)
            switch.addWidget(button, 1)
            self.currencies[key] = button
        outer.addLayout(switch)

        keys = QWidget()
        keys.setObjectName("keyboard")  # the on-screen keyboard's key look and sizes
        grid = QGridLayout(keys)
        grid.setContentsMargins(8, 6, 8, 6)
        grid.setSpacing(6)
        self.keys: dict[str, QPushButton] = {}
        places = {k: divmod(i, COLUMNS) for i, k in enumerate(DIGIT_KEYS[:9])}
        places.update({"000": (3, 0), "0": (3, 1), BACK: (3, 2)})
        for key in (*DIGIT_KEYS, BACK, CLEAR):
            button = QPushButton()
            button.setObjectName(f"{name}-key-{key}")
            button.setProperty("role", "key" if key not in (BACK, CLEAR) else "key-control")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _=False, k=key: self.key_pressed.emit(k))
            if key == CLEAR:  # a row of its own: its word, whatever its length
                grid.addWidget(button, 4, 0, 1, COLUMNS)
            else:
                grid.addWidget(button, *places[key])
            self.keys[key] = button
        for column in range(COLUMNS):
            grid.setColumnStretch(column, 1)
        outer.addWidget(keys)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit_switch(event.size().width())

    def _fit_switch(self, width: int) -> None:
        """The two currencies side by side where their words fit, else one above the other."""
        needed = self.switch.spacing() * (len(self.currencies) - 1)
        for button in self.currencies.values():
            metrics = button.label.fontMetrics()
            word = max((metrics.horizontalAdvance(w) for w in button.text().split()), default=0)
            margins = button.layout().contentsMargins()
            icon = button.icon_label.sizeHint().width() if button.icon_label else 0
            needed += word + icon + button.layout().spacing() + margins.left() + margins.right()
        direction = QBoxLayout.Direction.LeftToRight if width >= needed else \
            QBoxLayout.Direction.TopToBottom
        if self.switch.direction() != direction:
            self.switch.setDirection(direction)

    def show_field(self, field: WageField) -> None:
        put(self.title, field.title)
        put(self.shown, field.shown)
        put(self.other, field.other or "")
        for choice in field.currencies:
            button = self.currencies[choice.key]
            put(button, choice.text)
            if button.isChecked() != choice.chosen:
                button.setChecked(choice.chosen)
                button.sync_state()
        if self.width() > 0:  # the words may be another language's
            self._fit_switch(self.width())
        for key in field.keys:
            button = self.keys[key.key]
            text = "⌫" if key.key == BACK else key.text  # delete: its sign, named aloud
            if key.key in (BACK, CLEAR):
                button.setAccessibleName(key.text)
                button.setToolTip(key.text)
            if button.text() != text:
                button.setText(text)

    def show_other(self, field: WageField) -> None:
        """After a key: only the amount and what it makes change."""
        put(self.shown, field.shown)
        put(self.other, field.other or "")
