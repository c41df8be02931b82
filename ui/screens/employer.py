"""What I must do (kiosk.pages.employer), for an employer: the duties with deadlines and
penalties, what is paid into each scheme, the way to the monthly total, the registration
checklist, and Print. Opened from a search hit on a duty (`card`: its id), it scrolls to that
duty's card and marks it. Params: `card` (optional).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from kiosk.pages.employer import ContributionCard, DutyCard, EmployerPage, employer_page
from ui.screens.base import Screen
from ui.widgets.buttons import BigButton
from ui.widgets.cards import Card, CardArea, mark_card
from ui.widgets.icon import IconLabel
from ui.widgets.rows import LineRow, RowPool, named, put, put_icon, show_if
from ui.widgets.text import text_label

if TYPE_CHECKING:
    from ui.context import AppContext


class DutyView(Card):
    def __init__(self, screen: EmployerScreen) -> None:
        super().__init__("duty")
        self.title = LineRow(36, "subtitle")
        self.text = text_label("", "body")
        self.deadline = LineRow(36, "body")
        self.penalty = LineRow(36, "note")
        self.steps = BigButton("", "format-list-checks", role="secondary", icon_size=32)
        self.steps.clicked.connect(
            lambda: screen.follow(self.duty and self.duty.checklist and self.duty.checklist.route))
        for widget in (self.title, self.text, self.deadline, self.penalty, self.steps):
            self.box.addWidget(widget)
        self.duty: DutyCard | None = None

    def show_duty(self, duty: DutyCard) -> None:
        self.duty = duty
        self.setProperty("card", f"duty-{duty.id}")  # its objectName is the style's "card"
        mark_card(self, duty.marked)
        self.title.show_line(duty.title, f"duty-{duty.id}")
        put(self.text, duty.text)
        self.deadline.show_line(duty.deadline, f"duty-deadline-{duty.id}")
        show_if(self.penalty, duty.penalty is not None)
        if duty.penalty is not None:
            self.penalty.show_line(duty.penalty, f"duty-penalty-{duty.id}")
        show_if(self.steps, duty.checklist is not None)
        if duty.checklist is not None:
            named(self.steps, f"duty-checklist-{duty.id}")
            put(self.steps, duty.checklist.text)


class ContributionView(Card):
    def __init__(self) -> None:
        super().__init__("contribution")
        top = QHBoxLayout()
        self.title = text_label("", "subtitle")
        top.addWidget(self.title, 1)
        self.rate = text_label("", "subtitle")
        self.rate.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.rate, 1)
        self.box.addLayout(top)
        self.who_pays = LineRow(36, "body")
        self.wage_base = LineRow(36, "note")
        self.box.addWidget(self.who_pays)
        self.box.addWidget(self.wage_base)

    def show_contribution(self, card: ContributionCard) -> None:
        put(self.title, card.title)
        named(self.rate, f"rate-{card.id}")
        put(self.rate, card.rate)
        self.who_pays.show_line(card.who_pays)
        self.wage_base.show_line(card.wage_base)


class EmployerScreen(Screen):
    name = "employer"

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.setSpacing(8)
        head = QHBoxLayout()
        head.setSpacing(16)
        self.icon = IconLabel("domain", 64)
        head.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        self.title = text_label("", "title", name="employer-title")
        head.addWidget(self.title, 1)
        layout.addLayout(head)
        self.area = CardArea()
        layout.addWidget(self.area, 1)
        self.scrolls_in(layout, self.area)  # on a compact screen: ui/screens/base.py
        self.duties_heading = self.area.add(text_label("", "subtitle", name="employer-duties"))
        self.duties: RowPool[DutyView] = RowPool(lambda: DutyView(self), spacing=16)
        self.area.add(self.duties)
        self.contributions_heading = self.area.add(
            text_label("", "subtitle", name="employer-contributions"))
        self.contributions: RowPool[ContributionView] = RowPool(ContributionView, spacing=16)
        self.area.add(self.contributions)
        self.monthly = BigButton("", "calculator", role="primary")
        self.monthly.setObjectName("employer-monthly")
        self.monthly.clicked.connect(lambda: self.follow(self.page and self.page.monthly.route))
        self.area.add(self.monthly)

        actions = QHBoxLayout()
        actions.setSpacing(12)
        self.register = BigButton("", "format-list-checks", role="primary")
        self.register.setObjectName("employer-checklist")
        self.register.clicked.connect(
            lambda: self.follow(self.page.register and self.page.register.route))
        self.print = BigButton("", "printer", role="secondary")
        self.print.setObjectName("employer-print")
        self.print.clicked.connect(lambda: self.follow(self.page and self.page.print.route))
        actions.addWidget(self.register, 2)
        actions.addWidget(self.print, 1)
        layout.addLayout(actions)
        self._entered = False

    def enter(self, params: dict | None = None) -> None:
        self._entered = True  # a new visit to the screen: its top, or the card asked for
        super().enter(params)

    def make_page(self) -> EmployerPage:
        return employer_page(self.ctx.library, self.ctx.locale, card=self.params.get("card"))

    def show_page(self, page: EmployerPage) -> None:
        put(self.title, page.title)
        put_icon(self.icon, page.icon)
        show_if(self.register, page.register is not None)
        if page.register is not None:
            put(self.register, page.register.text)
        put(self.duties_heading, page.duties_heading)
        rows = self.duties.fill(page.duties, DutyView.show_duty)
        put(self.contributions_heading, page.contributions_heading)
        self.contributions.fill(page.contributions, ContributionView.show_contribution)
        put(self.monthly, page.monthly.text)
        put(self.print, page.print.text)
        if self._entered:  # not on a language switch: the place stays
            self._entered = False
            self.area.scroll_to(next((r for r in rows if r.duty and r.duty.marked), None))
