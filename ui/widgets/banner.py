"""The one place a visitor sees a problem: a banner with the translated message of a KioskError.

Shown by `Shell.show_error` only (DESIGN.md: one user-facing error type, shown by one function).
It hides itself after a while or when touched.
"""
from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QSizePolicy, QWidget

from ui.widgets.buttons import BigButton
from ui.widgets.icon import IconLabel
from ui.widgets.text import text_label

SHOW_MS = 12_000


class ErrorBanner(QFrame):
    def __init__(self, parent: QWidget | None = None, show_ms: int = SHOW_MS) -> None:
        super().__init__(parent)
        self.setObjectName("error-banner")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(20, 10, 12, 10)
        layout.setSpacing(16)
        layout.addWidget(IconLabel("alert-circle", 40))
        self.message = text_label(name="error-message")
        layout.addWidget(self.message, 1)
        self.ok = BigButton("OK", "check", role="bar", icon_size=32)
        self.ok.setObjectName("error-ok")
        self.ok.clicked.connect(self.hide)
        # as wide as its word: the message wraps instead (a word cut would be a word lost)
        self.ok.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.ok)
        self._timer = QTimer(self, singleShot=True, interval=show_ms)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def show_message(self, text: str, ok_label: str) -> None:
        self.message.setText(text)
        self.ok.set_text(ok_label)
        self.show()
        self._timer.start()
