"""The idle warning laid over the whole window: "Are you still there?", a countdown, and one big
"I'm here" button. The shell owns the timing; this only shows it."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from kiosk.i18n import native_digits
from ui.sizing import current, px
from ui.widgets.buttons import BigButton
from ui.widgets.icon import IconLabel
from ui.widgets.text import text_label


class IdleOverlay(QWidget):
    stay = Signal()  # "I'm here"

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("idle-overlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        outer = QVBoxLayout(self)
        outer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        card = QFrame()
        card.setObjectName("idle-card")
        compact = current().compact  # a small panel: less room around, a smaller picture
        card.setMinimumWidth(px(480 if compact else 640))
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(*((24, 16, 24, 16) if compact else (40, 32, 40, 32)))
        layout.setSpacing(12 if compact else 20)
        layout.addWidget(IconLabel("timer-sand", 64 if compact else 96))
        self.title = text_label(role="title", name="idle-title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.countdown = text_label(role="body", name="idle-countdown")
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.here = BigButton("I'm here", "hand-wave", role="primary", icon_size=48)
        self.here.setObjectName("idle-here")
        self.here.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.here.clicked.connect(self.stay)
        for widget in (self.title, self.countdown, self.here):
            layout.addWidget(widget)
        self._tr: Callable[[str], str] = str
        self._locale = "en"
        self._seconds = 0
        parent.installEventFilter(self)  # follow the window's size
        self.hide()

    def show_countdown(self, seconds: int, tr: Callable[[str], str], locale: str) -> None:
        self._tr, self._locale = tr, locale
        self.title.setText(tr("Are you still there?"))
        self.here.set_text(tr("I'm here"))
        self.set_seconds(seconds)
        self.setGeometry(self.parentWidget().rect())
        self.show()
        self.raise_()

    def set_seconds(self, seconds: int) -> None:
        self._seconds = seconds
        tr = self._tr
        text = tr("Starting again for the next person in {seconds} seconds")
        self.countdown.setText(text.format(seconds=native_digits(str(seconds), self._locale)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self.setGeometry(self.parentWidget().rect())
        return False
