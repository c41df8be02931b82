"""Building blocks for screens that are built once and then only updated.

- `RowPool(make, columns=1)`: a widget holding a list of rows that are reused, never deleted:
  `fill(items, show)` shows one row per item (a row is made only when a list is longer than any
  before), fills each with `show(row, item)` and hides the rest. A finger's tap on a row can
  never meet a deleted widget, and nothing has to be renamed or restyled to be forgotten.
- `fill_hidden(pool, items, show)`: `pool.fill` with the pool hidden meanwhile, for a fill that
  shows and hides many rows (search results at each key): laid out once, not once per row.
- `LineRow`: an icon and the words beside it (a `Line` of a page model).
- `put(widget, text)`: set a label's or a button's text only if it changed (setting the same
  text again still costs the Khmer line-break pass and a relayout).
- `put_icon`, `named`, `follow`: small helpers every screen uses.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, QSignalBlocker, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from kiosk.pages.parts import Line
from ui.sizing import columns_for, scale_layouts
from ui.widgets.icon import IconLabel
from ui.widgets.label_sizes import SizeCachedLabel
from ui.widgets.text import text_label

if TYPE_CHECKING:
    from kiosk.pages.parts import Stepper
    from ui.widgets.keyboard import NumberStepper

W = TypeVar("W", bound=QWidget)
T = TypeVar("T")


def put(widget: QWidget, text: str) -> None:
    """Show `text` on a label (WrapLabel keeps the plain text) or a labelled button."""
    if widget.text() == text:
        return
    setter = getattr(widget, "set_text", None)
    if setter is not None:
        setter(text)
    else:
        widget.setText(text)


def put_icon(widget: IconLabel, name: str) -> None:
    if widget.icon_name != name:
        widget.set_icon(name)


def named(widget: QWidget, name: str) -> None:
    if widget.objectName() != name:
        widget.setObjectName(name)


def show_if(widget: QWidget, shown: bool) -> None:
    # isHidden, not isVisible: a widget on a screen not yet shown is not visible either
    if widget.isHidden() == shown:
        widget.setVisible(shown)


class RowPool(QWidget, Generic[W]):
    """Rows made on demand and reused: `fill(items, show)`. In a column, or in a grid of
    `columns` equal columns; with `item_width` (design pixels), in as many of those columns
    as the pool's width holds at that width each (one on a narrow or portrait screen)."""

    def __init__(self, make: Callable[[], W], *, columns: int = 1, spacing: int = 12,
                 item_width: float | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._make = make
        self.columns = columns
        self.most_columns = columns
        self.item_width = item_width
        self.rows: list[W] = []
        self.count = 0
        if columns > 1:
            self.grid: QGridLayout | None = QGridLayout(self)
            self.grid.setSpacing(spacing)
            for column in range(columns):
                self.grid.setColumnStretch(column, 1)
            self.box: QBoxLayout | None = None
            layout = self.grid
        else:
            self.grid = None
            self.box = QVBoxLayout(self)
            self.box.setSpacing(spacing)
            layout = self.box
        layout.setContentsMargins(0, 0, 0, 0)

    def set_direction(self, row: bool) -> None:
        """Side by side (yes / no) or one above the other (a column of choices)."""
        if self.box is not None:
            direction = QBoxLayout.Direction.LeftToRight if row else QBoxLayout.Direction.TopToBottom
            if self.box.direction() != direction:
                self.box.setDirection(direction)

    def _add(self) -> W:
        row = self._make()
        scale_layouts(row)  # a row made after its screen: its margins in screen pixels too
        index = len(self.rows)
        if self.grid is not None:
            self.grid.addWidget(row, index // self.columns, index % self.columns)
        else:
            self.box.addWidget(row, 1)  # type: ignore[union-attr]
        self.rows.append(row)
        return row

    def fill(self, items: Sequence[T], show: Callable[[W, T], None]) -> list[W]:
        """One row per item, filled by `show`; the rows beyond are hidden. Returns the rows
        shown, in order."""
        while len(self.rows) < len(items):
            self._add()
        for row, item in zip(self.rows, items, strict=False):
            show(row, item)
            show_if(row, True)
        for row in self.rows[len(items):]:
            show_if(row, False)
        self.count = len(items)
        show_if(self, bool(items))
        return self.rows[: self.count]

    def shown(self) -> list[W]:
        return self.rows[: self.count]

    def set_columns(self, columns: int) -> None:
        """Lay the rows out again in `columns` columns (up to the pool's own number)."""
        columns = max(1, min(columns, self.most_columns))
        if self.grid is None or columns == self.columns:
            return
        for row in self.rows:
            self.grid.removeWidget(row)
        for column in range(self.most_columns):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)
        self.columns = columns
        for index, row in enumerate(self.rows):
            self.grid.addWidget(row, index // columns, index % columns)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self.item_width and self.grid is not None:
            spacing = max(self.grid.horizontalSpacing(), 0)
            self.set_columns(columns_for(event.size().width(), self.item_width, spacing,
                                         self.most_columns))


def fill_hidden(pool: RowPool[W], items: Sequence[T], show: Callable[[W, T], None]) -> list[W]:
    """`pool.fill(items, show)` with the pool hidden meanwhile, for a fill that shows and hides
    many rows (or parts of rows). Showing a child of a visible widget lays out every visible
    ancestor there and then (Qt activates their layouts before the child appears): one search
    key that showed 15 result rows and swapped the tile and the term card in others laid the
    whole screen out that many times, in geometries no frame shows. Under a hidden pool a
    show or hide only sets a flag, and `fill` ends by showing the pool once, laid out once.
    Nothing is painted in between (it all runs before the next frame): a visitor sees the same.
    Not while the focus is inside the pool: hiding would move it elsewhere."""
    focus = QApplication.focusWidget()
    if pool.isVisible() and not (focus is not None and pool.isAncestorOf(focus)):
        pool.setVisible(False)  # fill's last step shows it again, if it has rows
    return pool.fill(items, show)


class LineRow(QWidget):
    """An icon and its words: a line of a card (where, by when, who pays, a reason)."""

    def __init__(self, icon_size: int = 36, role: str = "body",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(12)
        self.icon = IconLabel("help-circle-outline", icon_size)
        row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        self.label = text_label("", role)
        row.addWidget(self.label, 1)

    def show_line(self, line: Line, name: str = "") -> None:
        put_icon(self.icon, line.icon)
        put(self.label, line.text)
        if name:
            named(self.label, name)


def line_pool(icon_size: int = 36, role: str = "body", spacing: int = 8) -> RowPool[LineRow]:
    return RowPool(lambda: LineRow(icon_size, role), spacing=spacing)


def fill_lines(pool: RowPool[LineRow], lines: Iterable[Line]) -> None:
    pool.fill(list(lines), lambda row, line: row.show_line(line))


def forget_texts(root: QWidget) -> None:
    """Blank every text under `root` but the icons, and the sizes labels remember of the texts
    they showed (a wage's amounts, the papers still to bring): nothing of a visitor stays in
    a hidden screen (the next `show_page` and `retranslate` write every text again)."""
    for label in root.findChildren(QLabel):
        if isinstance(label, IconLabel):
            continue
        if label.text():
            label.clear()
        if isinstance(label, SizeCachedLabel):
            label.forget_sizes()


def forget_choices(root: QWidget) -> None:
    """Untick every ticked button under `root` (a paper the visitor has, a language chosen):
    nothing of a visitor stays in a hidden screen. Signals are blocked, a reset is no tap; a
    button that shows its state in other widgets too (its labels, a tick mark) brings them in
    line in its `sync_state()`."""
    for button in root.findChildren(QAbstractButton):
        if button.isCheckable() and button.isChecked():
            with QSignalBlocker(button):
                button.setChecked(False)
            sync = getattr(button, "sync_state", None)
            if sync is not None:
                sync()


def show_stepper(widget: NumberStepper, spec: Stepper) -> None:
    """Give a built stepper a page's range, value, digits and unit."""
    widget.configure(spec.minimum, spec.maximum, spec.step, spec.value, big_step=spec.big_step,
                     number=spec.number, unit=spec.unit)


def settle_layouts(rounds: int = 12) -> None:
    """Lay out now whatever changed, before the next frame is painted. Without it, nested
    layouts catch up one event-loop turn per level, and the window paints a frame with the new
    texts in the old geometry, then another: twice the painting, and a broken frame seen."""
    for _ in range(rounds):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
