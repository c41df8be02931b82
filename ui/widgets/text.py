"""Labels in the kiosk's text roles. The stylesheet sizes each role (`QLabel[role="title"]` ...),
and large-text mode scales them all, so screens never set font sizes themselves.

Roles: "title" (screen heading), "subtitle", "body" (running text), "note" (small print, still
at least 20 pt), "bilingual" (the second language on the attract loop).
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

# ZWSP re-exported: screens read words out of labels without importing the core
from kiosk.text.breaks import ZWSP as ZWSP
from kiosk.text.breaks import with_break_hints
from ui.widgets.icon import IconLabel
from ui.widgets.label_sizes import SizeCachedLabel


class WrapLabel(SizeCachedLabel):  # remembers its sizes: ui/widgets/label_sizes.py
    """A label whose Khmer wraps at words: Qt finds no line break inside a Khmer run (no spaces
    between words), so a zero-width space marks each break opportunity of the kiosk's one word
    breaker (kiosk/text/breaks.py, which the printouts use too). `text()` gives back the text
    as it was set."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._plain = ""
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        self._plain = text
        super().setText(with_break_hints(text))

    def clear(self) -> None:
        self._plain = ""
        super().clear()

    def text(self) -> str:
        return self._plain


def text_label(text: str = "", role: str = "body", *, name: str = "",
               parent: QWidget | None = None) -> QLabel:
    label = WrapLabel(text, parent)
    label.setProperty("role", role)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)  # content is text, never markup
    if name:
        label.setObjectName(name)
    return label


def icon_heading(icon: str, name: str) -> tuple[QHBoxLayout, QLabel]:
    """A screen's heading row: its icon, then its title label (named `name`), which it returns."""
    head = QHBoxLayout()
    head.setSpacing(16)
    head.addWidget(IconLabel(icon, 64), 0, Qt.AlignmentFlag.AlignTop)
    title = text_label("", "title", name=name)
    head.addWidget(title, 1)
    return head, title
