"""Contacts and offices (kiosk.pages.contacts): the hotline big, then the website and the
offices, all from content."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout

from kiosk.pages.contacts import ContactsPage, OfficeCard, contacts_page
from ui.screens.base import Screen
from ui.widgets.cards import Card, CardArea
from ui.widgets.icon import IconLabel
from ui.widgets.rows import RowPool, fill_lines, line_pool, named, put, put_icon, show_if
from ui.widgets.text import text_label


class OfficeView(Card):
    def __init__(self) -> None:
        super().__init__("office", row=True, spacing=20)
        self.icon = IconLabel("help-circle-outline", 64)
        self.box.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout()
        column.setSpacing(6)
        self.name = text_label("", "subtitle")
        column.addWidget(self.name)
        self.lines = line_pool(36, "body", spacing=6)
        column.addWidget(self.lines)
        self.box.addLayout(column, 1)

    def show_office(self, office: OfficeCard) -> None:
        put_icon(self.icon, office.icon)
        named(self.name, f"office-{office.id}")
        put(self.name, office.name)
        fill_lines(self.lines, office.lines)


class ContactsScreen(Screen):
    name = "contacts"

    def __init__(self, ctx) -> None:  # noqa: ANN001 - AppContext
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.setSpacing(8)
        self.title = text_label("", "title", name="contacts-title")
        layout.addWidget(self.title)
        self.area = CardArea()
        layout.addWidget(self.area, 1)
        self.scrolls_in(layout, self.area)  # on a compact screen: ui/screens/base.py

        self.hotline = Card("hotline", row=True, margins=(28, 20, 28, 20), spacing=24)
        self.hotline_icon = IconLabel("phone", 96)
        self.hotline.box.addWidget(self.hotline_icon, 0, Qt.AlignmentFlag.AlignVCenter)
        column = QVBoxLayout()
        column.setSpacing(4)
        self.call = text_label("", "subtitle", name="hotline-call")
        self.number = text_label("", "title", name="hotline-number")
        self.hotline_name = text_label("", "body", name="hotline-name")
        self.hours = text_label("", "body", name="hotline-hours")
        for label in (self.call, self.number, self.hotline_name, self.hours):
            column.addWidget(label)
        self.hotline.box.addLayout(column, 1)
        self.area.add(self.hotline)
        self.offices: RowPool[OfficeView] = RowPool(OfficeView, spacing=16)
        self.area.add(self.offices)

    def make_page(self) -> ContactsPage:
        return contacts_page(self.ctx.library, self.ctx.locale)

    def show_page(self, page: ContactsPage) -> None:
        put(self.title, page.title)
        hotline = page.hotline
        show_if(self.hotline, hotline is not None)
        if hotline is not None:
            put_icon(self.hotline_icon, hotline.icon)
            put(self.call, hotline.call)
            put(self.number, hotline.number)
            put(self.hotline_name, hotline.name)
            show_if(self.hours, hotline.hours is not None)
            put(self.hours, hotline.hours or "")
        self.offices.fill(page.offices, OfficeView.show_office)
