"""The staff panel's "Go back to the previous content" page (kiosk.pages.staff.rollback): what
going back does, "Yes, go back to version N" or "No, keep this content", then what it did."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget

from kiosk.pages.staff.rollback import RollbackPage
from ui.widgets.buttons import BigButton
from ui.widgets.cards import page_of_cards
from ui.widgets.rows import put, show_if
from ui.widgets.text import text_label


class RollbackView(QWidget):
    confirmed = Signal()
    back = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.area = page_of_cards(self)
        self.title = self.area.add(text_label("", "title", name="staff-rollback-title"))
        self.text = self.area.add(text_label("", "body", name="staff-rollback-text"))
        self.problem = self.area.add(text_label("", "warning", name="staff-rollback-problem"))
        self.done = self.area.add(text_label("", "subtitle", name="staff-rollback-done"))
        row = QHBoxLayout()
        row.setSpacing(12)
        self.back_button = BigButton("", "arrow-left", role="secondary")
        self.back_button.setObjectName("staff-rollback-back")
        self.back_button.clicked.connect(self.back)
        self.confirm = BigButton("", "backup-restore", role="danger")
        self.confirm.setObjectName("staff-rollback-confirm")
        self.confirm.clicked.connect(self.confirmed)
        row.addWidget(self.back_button, 1)
        row.addWidget(self.confirm, 1)
        buttons = QWidget()
        buttons.setLayout(row)
        self.area.add(buttons)

    def show_page(self, page: RollbackPage) -> None:
        put(self.title, page.title)
        put(self.text, page.text)
        show_if(self.text, bool(page.text))
        put(self.problem, page.problem)
        show_if(self.problem, bool(page.problem))
        put(self.done, page.done)
        show_if(self.done, bool(page.done))
        put(self.confirm, page.confirm.text)
        show_if(self.confirm, not page.done)
        if self.confirm.isEnabled() != page.confirm.enabled:
            self.confirm.setEnabled(page.confirm.enabled)
        put(self.back_button, page.back.text)
