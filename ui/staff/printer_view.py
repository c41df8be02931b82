"""The staff panel's "Printer and paper" page (kiosk.pages.staff.printer): the printers the
print system offers, the system default and "no printer", then the paper; a tap saves."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.pages.staff.printer import PrinterPage
from ui.staff.overview import ChoiceRow
from ui.widgets.buttons import BigButton
from ui.widgets.cards import page_of_cards
from ui.widgets.rows import put, show_if
from ui.widgets.text import text_label


class PrinterView(QWidget):
    printer_chosen = Signal(str)
    paper_chosen = Signal(str)
    back = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.area = page_of_cards(self)
        self.title = self.area.add(text_label("", "title", name="staff-printer-title"))
        self.found = self.area.add(text_label("", "body", name="staff-printers-found"))
        self.printers = self.area.add(ChoiceRow("staff-printer", columns=1))
        self.receipts = self.area.add(text_label("", "note", name="staff-printer-receipts"))
        self.printers.chosen.connect(self.printer_chosen)
        self.papers = self.area.add(ChoiceRow("staff-paper"))
        self.papers.chosen.connect(self.paper_chosen)
        self.note = self.area.add(text_label("", "note", name="staff-printer-saved"))
        self.back_button = self.area.add(BigButton("", "arrow-left", role="secondary"))
        self.back_button.setObjectName("staff-printer-back")
        self.back_button.clicked.connect(self.back)

    def show_page(self, page: PrinterPage) -> None:
        put(self.title, page.title)
        put(self.found, page.found)
        self.printers.show_choices(page.printers_label, page.printers)
        put(self.receipts, page.receipts)
        show_if(self.receipts, bool(page.receipts))
        self.papers.show_choices(page.papers_label, page.papers)
        put(self.note, page.note)
        show_if(self.note, bool(page.note))
        put(self.back_button, page.back.text)
