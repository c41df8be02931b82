"""Contacts and offices: the hotline big, then the website and the offices, all from content.

The first office (in content order) with a phone number is the hotline banner: 1286 today, and
whatever the content team sets tomorrow.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout

from kiosk.content.model import Office
from kiosk.i18n import native_digits
from ui.screens.base import Screen
from ui.widgets.cards import CardArea, card_frame
from ui.widgets.icon import IconLabel
from ui.widgets.text import text_label


def phone_text(number: str, locale: str) -> str:
    """A phone number as people read it: Khmer digits, and the Latin ones a phone keypad shows."""
    native = native_digits(number, locale)
    return f"{native} ({number})" if native != number else number


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

    def reset(self) -> None:
        super().reset()
        self.area.clear()

    def render(self) -> None:
        self.title.setText(self.tr("Contacts and offices"))
        self.area.clear()
        offices = self.ctx.library.offices()
        hotline = next((o for o in offices if o.phone), None)
        if hotline is not None:
            self.area.add(self._hotline(hotline))
        for office in offices:
            if office is not hotline:
                self.area.add(self._office(office))

    def _hotline(self, office: Office) -> QFrame:
        tr, locale = self.tr, self.ctx.locale
        frame, row = card_frame("hotline", row=True, margins=(28, 20, 28, 20), spacing=24)
        row.addWidget(IconLabel(office.icon, 96), 0, Qt.AlignmentFlag.AlignVCenter)
        column = QVBoxLayout()
        column.setSpacing(4)
        column.addWidget(text_label(tr("Questions? Call NSSF"), "subtitle",
                                    name="hotline-call"))
        number = text_label(phone_text(office.phone or "", locale), "title",
                            name="hotline-number")
        column.addWidget(number)
        column.addWidget(text_label(office.name.get(locale), "body", name="hotline-name"))
        if office.hours is not None:
            column.addWidget(text_label(tr("Open: {hours}").format(hours=office.hours.get(locale)),
                                        "body", name="hotline-hours"))
        row.addLayout(column, 1)
        return frame

    def _office(self, office: Office) -> QFrame:
        tr, locale = self.tr, self.ctx.locale
        frame, row = card_frame("office", row=True, spacing=20)
        row.addWidget(IconLabel(office.icon, 64), 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout()
        column.setSpacing(6)
        column.addWidget(text_label(office.name.get(locale), "subtitle", name=f"office-{office.id}"))
        lines = [
            ("map-marker", office.address.get(locale) if office.address else None),
            ("phone", phone_text(office.phone, locale) if office.phone else None),
            ("web", office.website.removeprefix("https://") if office.website else None),
            ("clock-outline", tr("Open: {hours}").format(hours=office.hours.get(locale))
             if office.hours else None),
        ]
        for icon, text in lines:
            if text:
                line = QHBoxLayout()
                line.setSpacing(12)
                line.addWidget(IconLabel(icon, 36), 0, Qt.AlignmentFlag.AlignTop)
                line.addWidget(text_label(text, "body"), 1)
                column.addLayout(line)
        row.addLayout(column, 1)
        return frame
