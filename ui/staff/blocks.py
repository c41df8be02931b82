"""A block of the staff panel (kiosk.pages.staff.panel.Block) as a card: its picture and
heading, its lines, the line that needs someone to act, its buttons and what the last one did.
Built once and refilled; a button is named `staff-action-KEY` and reports its Action."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.pages.staff.panel import Action, Block
from ui.widgets.buttons import BigButton
from ui.widgets.icon import IconLabel
from ui.widgets.rows import RowPool, named, put, put_icon, show_if
from ui.widgets.text import text_label


def show_action(button: BigButton, action: Action) -> None:
    named(button, f"staff-action-{action.key}")
    put(button, action.text)
    button.set_icon(action.icon)
    button.setProperty("action", action)
    if button.isEnabled() != action.enabled:
        button.setEnabled(action.enabled)


class BlockCard(QFrame):
    acted = Signal(object)  # the Action of the button tapped

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("staff-section")
        box = QVBoxLayout(self)
        box.setContentsMargins(24, 16, 24, 16)
        box.setSpacing(8)
        head = QHBoxLayout()
        head.setSpacing(16)
        self.icon = IconLabel("help-circle-outline", 40)
        head.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        self.heading = text_label("", "subtitle", name="staff-block-title")
        head.addWidget(self.heading, 1)
        box.addLayout(head)
        self.lines = text_label("", "body")
        self.warning = text_label("", "warning")
        box.addWidget(self.lines)
        box.addWidget(self.warning)
        # two columns where two fit (ui/widgets/rows.py), else one
        self.actions: RowPool[BigButton] = RowPool(self._button, columns=2, spacing=12,
                                                   item_width=320)
        box.addWidget(self.actions)
        self.note = text_label("", "note")
        box.addWidget(self.note)

    def _button(self) -> BigButton:
        button = BigButton("", "help-circle-outline", role="secondary")
        button.clicked.connect(lambda: self.acted.emit(button.property("action")))
        return button

    def show_block(self, block: Block) -> None:
        self.setProperty("block", block.key)
        named(self.lines, f"staff-{block.key}-lines")
        named(self.warning, f"staff-{block.key}-warning")
        named(self.note, f"staff-{block.key}-note")
        put_icon(self.icon, block.icon)
        put(self.heading, block.heading)
        put(self.lines, "\n".join(block.lines))
        show_if(self.lines, bool(block.lines))
        put(self.warning, block.warning)
        show_if(self.warning, bool(block.warning))
        self.actions.fill(block.actions, show_action)
        put(self.note, block.note)
        show_if(self.note, bool(block.note))
