"""A guide (kiosk.pages.guide), the short path for one situation ("Asked to pay?"): its
sections with a picture on every point and numbers on the steps to take in order, links that
open what they name, what this kiosk does not know, its story, and "Is my card working?" (the
interview of the benefit the guide names). Params: `id` (a guide id).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.pages.guide import GuidePage, GuidePoint, GuideSection, guide_page
from kiosk.pages.parts import Line
from ui.screens.base import Screen
from ui.widgets.buttons import BigButton
from ui.widgets.cards import Card, CardArea, SectionCard
from ui.widgets.icon import IconLabel
from ui.widgets.linked_text import LinkButtons, LinkedLabel
from ui.widgets.rows import LineRow, RowPool, named, put, put_icon, show_if
from ui.widgets.text import icon_heading, text_label

if TYPE_CHECKING:
    from ui.context import AppContext


class PointRow(QWidget):
    """One point: its number (a step) or none, its picture, its words with their links."""

    def __init__(self, screen: GuideScreen) -> None:
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(16)
        self.number = QLabel()
        self.number.setObjectName("guide-number")
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        row.addWidget(self.number, 0, Qt.AlignmentFlag.AlignTop)
        self.icon = IconLabel("help-circle-outline", 48)
        row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout()
        column.setSpacing(6)
        self.text = LinkedLabel("body")
        self.text.followed.connect(screen.follow)
        self.links = LinkButtons("guide-link")
        self.links.followed.connect(screen.follow)
        column.addWidget(self.text)
        column.addWidget(self.links)
        row.addLayout(column, 1)

    def show_point(self, point: GuidePoint, name: str) -> None:
        show_if(self.number, point.number is not None)
        put(self.number, point.number or "")
        put_icon(self.icon, point.icon)
        named(self.text, name)
        self.text.show_text(point.text, point.pieces)
        self.links.show_links(point.links)


class SectionView(Card):
    def __init__(self, screen: GuideScreen) -> None:
        super().__init__("guide-section", spacing=14)
        self.heading = LineRow(48, "subtitle")
        self.box.addWidget(self.heading)
        self.points: RowPool[PointRow] = RowPool(lambda: PointRow(screen), spacing=14)
        self.box.addWidget(self.points)

    def show_section(self, section: GuideSection) -> None:
        self.heading.show_line(Line(section.icon, section.heading), f"guide-{section.key}")
        self.points.fill(section.points, lambda row, point: row.show_point(
            point, f"guide-{section.key}-point-{section.points.index(point) + 1}"))


class GuideScreen(Screen):
    name = "guide"

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.setSpacing(8)
        head, self.title = icon_heading("cash-remove", "guide-title")
        self.icon = head.itemAt(0).widget()
        layout.addLayout(head)

        self.area = CardArea()
        layout.addWidget(self.area, 1)
        self.intro = self.area.add(text_label("", "subtitle", name="guide-intro"))
        self.sections: RowPool[SectionView] = RowPool(lambda: SectionView(self), spacing=16)
        self.area.add(self.sections)
        self.gaps = self.area.add(SectionCard())
        self.gaps.followed.connect(self.follow)
        self.story = self.area.add(SectionCard())
        self.story.followed.connect(self.follow)
        self.more = BigButton("", "book-open-variant", role="secondary")
        self.more.setObjectName("guide-story")
        self.more.clicked.connect(lambda: self.follow(self.page.story and self.page.story.more.route))
        self.area.add(self.more)
        self.reviewed = self.area.add(text_label("", "note", name="guide-reviewed"))

        actions = QHBoxLayout()
        actions.setSpacing(12)
        self.check = BigButton("", "help-circle", role="primary")
        self.check.setObjectName("guide-check")
        self.check.clicked.connect(self._check)
        self.print = BigButton("", "printer", role="secondary")
        self.print.setObjectName("guide-print")
        self.print.clicked.connect(lambda: self.follow(self.page.print.route))
        actions.addWidget(self.check, 3)
        actions.addWidget(self.print, 2)
        layout.addLayout(actions)
        self.scrolls_in(layout, self.area)  # on a compact screen: ui/screens/base.py

    def _check(self) -> None:
        if self.page is not None and self.page.check is not None:
            self.ctx.log_step(self.name, "check")
            self.follow(self.page.check.route)

    def make_page(self) -> GuidePage:
        return guide_page(self.ctx.library, self.params["id"], self.ctx.locale)

    def show_page(self, page: GuidePage) -> None:
        if self.page is None or self.page.id != page.id:
            self.area.scroll_to_top()
        put_icon(self.icon, page.icon)
        put(self.title, page.title)
        put(self.intro, page.intro)
        self.sections.fill(page.sections, SectionView.show_section)
        show_if(self.gaps, page.gaps is not None)
        if page.gaps is not None:
            self.gaps.show_section(page.gaps, "guide-gaps")
        show_if(self.story, page.story is not None)
        show_if(self.more, page.story is not None)
        if page.story is not None:
            self.story.show_section(page.story.section, "guide-story-text")
            put(self.more, page.story.more.text)
        put(self.reviewed, page.reviewed)
        show_if(self.check, page.check is not None)
        if page.check is not None:
            put(self.check, page.check.text)
            self.check.set_icon(page.check.icon)
        put(self.print, page.print.text)
