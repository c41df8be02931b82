"""The staff panel's "Change the staff PIN" page (kiosk.pages.staff.pin_change): the pad, the
line asking for the new PIN (or for it again), one line when it was refused, and the way back.
The pad is off while the new PIN is hashed and saved."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.pages.staff.pin_change import PinChangePage
from ui.staff.pinpad import PinPad
from ui.widgets.buttons import BigButton
from ui.widgets.cards import page_of_cards
from ui.widgets.rows import put, show_if
from ui.widgets.text import text_label

if TYPE_CHECKING:
    from collections.abc import Callable


class PinChangeView(QWidget):
    entered = Signal(str)  # the digits typed, then OK
    back = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.area = page_of_cards(self)
        self.title = self.area.add(text_label("", "title", name="staff-pin-change-title"))
        self.done = self.area.add(text_label("", "body", name="staff-pin-change-done"))
        self.pad = PinPad(prefix="new-pin")
        self.pad.setObjectName("staff-new-pin-pad")
        self.pad.title.setProperty("role", "subtitle")  # the page has its title above
        self.pad.entered.connect(self.entered)
        self.area.add(self.pad)
        self.back_button = self.area.add(BigButton("", "arrow-left", role="secondary"))
        self.back_button.setObjectName("staff-pin-change-back")
        self.back_button.clicked.connect(self.back)

    def show_page(self, page: PinChangePage, tr: Callable[[str], str], locale: str) -> None:
        self.pad.retranslate(tr, locale)
        put(self.title, page.title)
        put(self.pad.title, page.prompt)
        self.pad.message.setText(page.problem)
        put(self.done, page.done)
        show_if(self.done, bool(page.done))
        self.pad.set_locked(page.busy)
        put(self.back_button, page.back.text)

    def forget(self) -> None:
        self.pad.clear()
