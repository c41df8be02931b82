"""Cards, and the scrollable column that holds them (a finger can drag it: kinetic scrolling).

- `Card(role, row=False)`: a QFrame the stylesheet styles as "card" (by its `role`), with its
  layout in `card.box` (a column, or a row for an icon beside text). `card_frame(...)` returns
  (card, layout) for screens that only need the two.
- `SectionCard`: a card for a page's `Section` (icon, heading, body), filled by `show_section`;
  links in its text are real links, each also a button under it (`followed`: the Route).
- `PartsCard`: a card with its own heading over titled parts (a page's `Section`s, each with
  its picture), reused rows: the staff view of a benefit.
- `CardArea`: the scrolling column; `add(widget)` appends a widget once (screens are built
  once and update their cards in place), `scroll_to_top()` for new content.
- `scroll_heading(layout, area)`: a compact screen's heading scrolls with its content.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
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

from kiosk.pages.parts import Section
from ui.sizing import current
from ui.widgets.icon import IconLabel
from ui.widgets.linked_text import LinkButtons, LinkedLabel
from ui.widgets.rows import RowPool, named, put, put_icon
from ui.widgets.text import text_label


class Card(QFrame):
    def __init__(self, role: str = "", *, row: bool = False,
                 margins: tuple[int, int, int, int] = (24, 18, 24, 18), spacing: int = 8,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        if role:
            self.setProperty("role", role)
        self.box: QBoxLayout = QHBoxLayout(self) if row else QVBoxLayout(self)
        self.box.setContentsMargins(*margins)
        self.box.setSpacing(spacing)


def mark_card(card: QWidget, marked: bool) -> None:
    """The card a search hit opened its screen at stands out (style.qss: [marked="true"])."""
    if bool(card.property("marked")) != marked:
        card.setProperty("marked", marked)
        card.style().unpolish(card)
        card.style().polish(card)


def card_frame(role: str = "", *, row: bool = False,
               margins: tuple[int, int, int, int] = (24, 18, 24, 18),
               spacing: int = 8) -> tuple[Card, QBoxLayout]:
    """An empty card and its layout: a column, or a row (icon beside text) with `row=True`."""
    frame = Card(role, row=row, margins=margins, spacing=spacing)
    return frame, frame.box


class SectionCard(Card):
    """A page's Section: its picture, its heading, its text (with its links); the `tone` is the
    card's role (the stylesheet gives a gap, a staff note or a story its look)."""

    followed = Signal(object)  # a link in the text was tapped: its Route

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(row=True, spacing=20, parent=parent)
        self.icon = IconLabel("help-circle-outline", 56)
        self.box.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout()
        column.setSpacing(6)
        self.heading = text_label("", "subtitle", name="card-title")
        self.body = LinkedLabel("body", name="card-body")
        self.links = LinkButtons()
        self.body.followed.connect(self.followed)
        self.links.followed.connect(self.followed)
        column.addWidget(self.heading)
        column.addWidget(self.body)
        column.addWidget(self.links)
        self.box.addLayout(column, 1)

    def show_section(self, section: Section, body_name: str = "") -> None:
        if (self.property("role") or "") != section.tone:
            self.setProperty("role", section.tone)
            self.style().unpolish(self)  # the look follows the role
            self.style().polish(self)
        self.setProperty("section", section.key)
        put_icon(self.icon, section.icon)
        put(self.heading, section.heading)
        self.body.show_text(section.text, section.pieces)
        self.links.show_links(section.links)
        if body_name:
            named(self.body, body_name)


class PartRow(QWidget):
    """One titled part of a PartsCard: its picture beside its heading and text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(16)
        self.icon = IconLabel("help-circle-outline", 36)
        row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout()
        column.setSpacing(2)
        self.heading = text_label("", "body", name="part-title")
        self.body = text_label("", "body", name="part-body")
        column.addWidget(self.heading)
        column.addWidget(self.body)
        row.addLayout(column, 1)

    def show_part(self, section: Section, prefix: str = "") -> None:
        put_icon(self.icon, section.icon)
        put(self.heading, section.heading)
        put(self.body, section.text)
        if prefix:
            named(self.body, f"{prefix}-{section.key}")


class PartsCard(Card):
    """A heading (picture and title) over a column of titled parts; `show_parts` fills it."""

    def __init__(self, role: str = "", parent: QWidget | None = None) -> None:
        super().__init__(role, spacing=14, parent=parent)
        head = QHBoxLayout()
        head.setSpacing(20)
        self.icon = IconLabel("help-circle-outline", 56)
        head.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        self.heading = text_label("", "subtitle", name="card-title")
        head.addWidget(self.heading, 1)
        self.box.addLayout(head)
        self.parts: RowPool[PartRow] = RowPool(PartRow, spacing=12)
        self.box.addWidget(self.parts)

    def show_parts(self, heading: str, icon: str, parts: tuple[Section, ...],
                   prefix: str = "") -> None:
        put_icon(self.icon, icon)
        put(self.heading, heading)
        self.parts.fill(parts, lambda row, part: row.show_part(part, prefix))


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

    def add(self, widget: QWidget, stretch: int = 0) -> QWidget:
        """Append `widget`; with a `stretch`, it takes the room left below (not the end's)."""
        self.column.insertWidget(self.column.count() - 1, widget, stretch)
        if stretch:
            self.column.setStretch(self.column.count() - 1, 0)
        return widget

    def add_layout(self, layout: QBoxLayout) -> QBoxLayout:
        """Append a row (or column) of widgets, as `add` does one widget."""
        self.column.insertLayout(self.column.count() - 1, layout)
        return layout

    def scroll_to_top(self) -> None:
        self.verticalScrollBar().setValue(0)

    def scroll_to(self, widget: QWidget | None) -> None:
        """`widget` (a card in the column) at the top of the view, or the top for None: now,
        and again once the new texts are laid out (their heights move it)."""
        if widget is None:
            self.scroll_to_top()
            return

        def scroll() -> None:
            top = widget.mapTo(self.widget(), widget.rect().topLeft()).y()
            self.verticalScrollBar().setValue(max(0, top - self.column.contentsMargins().top()))
        scroll()
        QTimer.singleShot(0, self, scroll)  # dropped if the area is gone by then


def page_of_cards(widget: QWidget) -> CardArea:
    """A CardArea that is the whole of `widget`, with no margin around it: a page of cards."""
    outer = QVBoxLayout(widget)
    outer.setContentsMargins(0, 0, 0, 0)
    area = CardArea()
    outer.addWidget(area)
    return area


def scroll_heading(layout: QBoxLayout, area: CardArea, until: object = None) -> None:
    """Make a compact screen one scrolling column: what `layout` holds above `area` (or above
    `until`, the item holding it), the screen's heading, moves to the top of the area and
    scrolls away with the content; on a short screen (ui.sizing `Sizing.short`: a 7" panel)
    the rows of actions below it move to its end too, one button under the other, so that
    the content is not left a strip between them. Call it once, when the screen is built."""
    index = layout.indexOf(until if until is not None else area)
    for position in range(index):
        _move(layout, 0, area, position)
    if not current().short:
        return
    while layout.count() > 1:
        _move(layout, 1, area, area.column.count() - 1, as_column=True)


def _move(layout: QBoxLayout, index: int, area: CardArea, position: int,
          as_column: bool = False) -> None:
    item = layout.itemAt(index)
    widget, inner = item.widget(), item.layout()
    if widget is not None:
        # removeWidget deletes the old item: a widget left pointing at a taken item would
        # never tell its new one that its size changed (Qt keeps one item per widget)
        layout.removeWidget(widget)
        area.column.insertWidget(position, widget)
    elif inner is not None:
        layout.takeAt(index)
        if as_column and isinstance(inner, QBoxLayout):
            inner.setDirection(QBoxLayout.Direction.TopToBottom)
        area.column.insertLayout(position, inner)
    else:  # a spacing or a stretch: a column of its own needs none
        layout.takeAt(index)
