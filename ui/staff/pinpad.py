"""The staff PIN pad: digits as big buttons, dots for what was typed, a line for the answer.

It only collects digits (shown in the visitor's numerals, typed in either); checking them, and
the lockout, is `Device.check_pin`'s job. The words stand beside the keys, so that the keys and
OK stay on a landscape screen, 800x480 as 1280x800, without scrolling.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.i18n import latin_digits, native_digits
from ui.sizing import current, px
from ui.widgets.buttons import BigButton
from ui.widgets.text import text_label

if TYPE_CHECKING:
    from collections.abc import Callable

MAX_DIGITS = 12


class PinPad(QWidget):
    entered = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, prefix: str = "pin") -> None:
        super().__init__(parent)
        self.digits = ""
        # the words beside the keys; above them on a compact screen, where the keys need the
        # whole width for "Clear" and "OK" (ui/sizing.py)
        direction = (QBoxLayout.Direction.TopToBottom if current().compact
                     else QBoxLayout.Direction.LeftToRight)
        self.box = QBoxLayout(direction, self)
        self.box.setSpacing(24)
        layout = QVBoxLayout()
        layout.setSpacing(14)
        self.title = text_label(role="title", name=f"{prefix}-title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.title)
        self.display = QLabel()
        self.display.setObjectName("pin-display")  # styled by this name: the same on every pad
        self.display.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.display.setMinimumHeight(px(72))
        layout.addWidget(self.display)
        self.message = text_label(role="body", name=f"{prefix}-message")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.message)

        layout.addStretch(1)
        self.box.addLayout(layout, 1)
        grid = QGridLayout()
        grid.setSpacing(10)
        for column in range(3):
            grid.setColumnStretch(column, 1)
        keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "ok"]
        self.buttons: dict[str, QPushButton] = {}
        for index, key in enumerate(keys):
            if key in ("clear", "ok"):  # a small icon and tight margins: the word fits a key
                button: QPushButton = BigButton("", "backspace-outline" if key == "clear"
                                                else "check", icon_size=28,
                                                role="secondary" if key == "clear" else "primary")
                button.layout().setContentsMargins(8, 4, 8, 4)
                button.layout().setSpacing(6)
            else:
                button = QPushButton(key)
                button.setProperty("role", "digit")
            button.setObjectName(f"{prefix}-{key}" if key in ("clear", "ok")
                                 else f"{prefix}-digit-{key}")
            # equal columns whatever the digit; Clear and OK never narrower than their word
            across = QSizePolicy.Policy.Ignored if key.isdigit() else QSizePolicy.Policy.Preferred
            button.setSizePolicy(across, QSizePolicy.Policy.Preferred)
            button.clicked.connect(lambda _=False, k=key: self.press(k))
            grid.addWidget(button, index // 3, index % 3)
            self.buttons[key] = button
        self.box.addLayout(grid, 1)
        self._show_digits()

    def retranslate(self, tr: Callable[[str], str], locale: str = "en") -> None:
        self.title.setText(tr("Staff PIN"))
        self.buttons["clear"].set_text(tr("Clear"))
        self.buttons["ok"].set_text(tr("OK"))
        for digit in "0123456789":  # ០-៩ in Khmer: the same PIN either way (kiosk.pin)
            self.buttons[digit].setText(native_digits(digit, locale))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """A keyboard plugged in for staff: Latin or Khmer digits, Backspace, Enter."""
        text = event.text()
        if text and text in "0123456789០១២៣៤៥៦៧៨៩":
            self.press(latin_digits(text))
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.press("ok")
        elif event.key() in (Qt.Key.Key_Backspace, Qt.Key.Key_Escape):
            self.press("clear")
        else:
            super().keyPressEvent(event)

    def press(self, key: str) -> None:
        if key == "clear":
            self.digits = ""
        elif key == "ok":
            pin, self.digits = self.digits, ""
            self._show_digits()
            if pin:
                self.entered.emit(pin)
            return
        elif len(self.digits) < MAX_DIGITS:
            self.digits += key
        self._show_digits()

    def clear(self) -> None:
        self.digits = ""
        self.message.clear()
        self._show_digits()

    def set_locked(self, locked: bool) -> None:
        for button in self.buttons.values():
            button.setEnabled(not locked)

    def _show_digits(self) -> None:
        self.display.setText("●" * len(self.digits) if self.digits else "—")
