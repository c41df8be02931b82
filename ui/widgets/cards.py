"""A scrollable column of cards that a finger can drag (kinetic scrolling), for screens whose
content is longer than the screen.

`CardArea.add(widget)` appends any widget; `CardArea.add_card(title, body, icon)` appends a
standard card (a QFrame named "card") and returns it; `clear()` empties the column.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QScrollArea,
    QScroller,
    QScrollerProperties,
    QVBoxLayout,
    QWidget,
)

from ui.widgets.icon import IconLabel
from ui.widgets.text import text_label


def card_frame(role: str = "", *, row: bool = False, margins: tuple[int, int, int, int] = (24, 18, 24, 18),
               spacing: int = 8) -> tuple[QFrame, QBoxLayout]:
    """An empty card (a QFrame the stylesheet styles as "card", with its `role`) and its layout:
    a column, or a row (icon beside text) with `row=True`."""
    frame = QFrame()
    frame.setObjectName("card")
    if role:
        frame.setProperty("role", role)
    layout = QHBoxLayout(frame) if row else QVBoxLayout(frame)
    layout.setContentsMargins(*margins)
    layout.setSpacing(spacing)
    return frame, layout


def card(title: str, body: str = "", icon: str | None = None) -> QFrame:
    frame, row = card_frame(row=True, spacing=20)
    if icon:
        row.addWidget(IconLabel(icon, 56), 0, Qt.AlignmentFlag.AlignTop)
    column = QVBoxLayout()
    column.setSpacing(6)
    column.addWidget(text_label(title, "subtitle", name="card-title"))
    if body:
        column.addWidget(text_label(body, "body", name="card-body"))
    row.addLayout(column, 1)
    return frame


class CardArea(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card-area")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget()
        inner.setObjectName("card-column")
        self.column = QVBoxLayout(inner)
        self.column.setContentsMargins(24, 16, 24, 24)
        self.column.setSpacing(16)
        self.column.addStretch(1)
        self.setWidget(inner)
        # drag with a finger (or the mouse, which is how touch arrives on many kiosks)
        QScroller.grabGesture(self.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
        # Hand a press to the button under the finger at once: with Qt's default delay, a quick
        # tap on a button in a scrolled area lost its press and did nothing.
        scroller = QScroller.scroller(self.viewport())
        properties = scroller.scrollerProperties()
        properties.setScrollMetric(QScrollerProperties.ScrollMetric.MousePressEventDelay, 0)
        scroller.setScrollerProperties(properties)

    def add(self, widget: QWidget) -> QWidget:
        self.column.insertWidget(self.column.count() - 1, widget)
        return widget

    def add_card(self, title: str, body: str = "", icon: str | None = None) -> QFrame:
        frame = card(title, body, icon)
        self.add(frame)
        return frame

    def clear(self) -> None:
        """Empty the column now. Widgets are deleted later (one of them may be the button whose
        click is being handled), so until then they are hidden and unnamed: no frame of old
        content is painted, and nothing looking widgets up by name finds them."""
        while self.column.count() > 1:
            widget = self.column.takeAt(0).widget()
            if widget is not None:
                widget.hide()
                for child in (widget, *widget.findChildren(QWidget)):
                    child.setObjectName("")
                widget.deleteLater()
        self.verticalScrollBar().setValue(0)
