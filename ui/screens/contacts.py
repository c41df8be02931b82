"""Contacts and offices (kiosk.pages.contacts): the hotline big, then every other way to reach
NSSF grouped by kind, each office with its province, hours, map picture (when the content has
one) and "you are here" on the office the kiosk's location setting names. Opened from a search
hit on an office (`card`: its id), it scrolls to that office and marks it.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.pages.contacts import ContactsPage, OfficeCard, OfficeGroup, contacts_page
from kiosk.pages.parts import Line
from ui.screens.base import Screen
from ui.widgets.cards import Card, CardArea, mark_card
from ui.widgets.icon import IconLabel
from ui.widgets.rows import (
    LineRow,
    RowPool,
    fill_lines,
    line_pool,
    named,
    put,
    put_icon,
    show_if,
)
from ui.widgets.text import text_label

if TYPE_CHECKING:
    from PySide6.QtGui import QResizeEvent

    from ui.context import AppContext

MAP_SHARE = 0.45  # a map picture takes up to this share of the card's width


class MapLabel(QLabel):
    """An office's map picture, scaled to the width it is given (never a fixed size)."""

    def __init__(self) -> None:
        super().__init__()
        self._picture = QPixmap()
        self._file = ""
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

    def show_file(self, path: str | None) -> bool:
        if (path or "") != self._file:  # a picture is read once per office shown here
            self._file = path or ""
            self._picture = QPixmap(path) if path else QPixmap()
            self._scale()
        return not self._picture.isNull()

    def _scale(self) -> None:
        if self._picture.isNull():
            self.clear()
            return
        width = max(1, int(self.parentWidget().width() * MAP_SHARE) if self.parentWidget()
                    else self._picture.width())
        self.setPixmap(self._picture.scaledToWidth(min(width, self._picture.width()),
                                                   Qt.TransformationMode.SmoothTransformation))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if not self._picture.isNull() and self.pixmap().width() > self.width() + 1:
            self._scale()


class OfficeView(Card):
    def __init__(self) -> None:
        super().__init__("office", row=True, spacing=20)
        self.icon = IconLabel("help-circle-outline", 64)
        self.box.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout()
        column.setSpacing(6)
        self.name = text_label("", "subtitle")
        column.addWidget(self.name)
        self.here = LineRow(40, "subtitle")
        column.addWidget(self.here)
        self.lines = line_pool(36, "body", spacing=6)
        column.addWidget(self.lines)
        self.map = MapLabel()
        column.addWidget(self.map)
        self.box.addLayout(column, 1)
        self.office: OfficeCard | None = None

    def show_office(self, office: OfficeCard) -> None:
        self.office = office
        self.setProperty("card", f"office-{office.id}")  # its objectName is the style's "card"
        mark_card(self, office.marked)
        put_icon(self.icon, office.icon)
        named(self.name, f"office-{office.id}")
        put(self.name, office.name)
        show_if(self.here, office.here is not None)
        if office.here is not None:
            self.here.show_line(office.here, f"office-here-{office.id}")
        fill_lines(self.lines, office.lines)
        named(self.map, f"office-map-{office.id}")
        show_if(self.map, self.map.show_file(office.map_file))


class GroupView(QWidget):
    """A kind of office: its heading, then its offices."""

    def __init__(self) -> None:
        super().__init__()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)
        self.heading = LineRow(44, "subtitle")
        column.addWidget(self.heading)
        self.offices: RowPool[OfficeView] = RowPool(OfficeView, spacing=16)
        column.addWidget(self.offices)

    def show_group(self, group: OfficeGroup) -> None:
        self.heading.show_line(Line(group.icon, group.heading), f"offices-{group.key}")
        self.offices.fill(group.offices, OfficeView.show_office)


class ContactsScreen(Screen):
    name = "contacts"

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.setSpacing(8)
        self.title = text_label("", "title", name="contacts-title")
        layout.addWidget(self.title)
        self.area = CardArea()
        layout.addWidget(self.area, 1)
        self.scrolls_in(layout, self.area)  # on a compact screen: ui/screens/base.py

        self.here = self.area.add(LineRow(48, "subtitle"))
        self.here.label.setObjectName("contacts-here")
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
        self.groups: RowPool[GroupView] = RowPool(GroupView, spacing=24)
        self.area.add(self.groups)
        self._entered = False

    def enter(self, params: dict | None = None) -> None:
        self._entered = True  # a new visit to the screen: its top, or the office asked for
        super().enter(params)

    def make_page(self) -> ContactsPage:
        return contacts_page(self.ctx.library, self.ctx.locale,
                             location=self.ctx.device.settings.location,
                             card=self.params.get("card"))

    def show_page(self, page: ContactsPage) -> None:
        put(self.title, page.title)
        show_if(self.here, page.here is not None)
        if page.here is not None:
            self.here.show_line(page.here)
        hotline = page.hotline
        show_if(self.hotline, hotline is not None)
        if hotline is not None:
            put_icon(self.hotline_icon, hotline.icon)
            put(self.call, hotline.call)
            put(self.number, hotline.number)
            put(self.hotline_name, hotline.name)
            show_if(self.hours, hotline.hours is not None)
            put(self.hours, hotline.hours or "")
        groups = self.groups.fill(page.groups, GroupView.show_group)
        if self._entered:  # not on a language switch: the place stays
            self._entered = False
            marked = [view for group in groups for view in group.offices.shown()
                      if view.office is not None and view.office.marked]
            self.area.scroll_to(marked[0] if marked else None)
