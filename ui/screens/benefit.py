"""One benefit as a card (kiosk.pages.benefit): what you get, how much (with a worked example
in the money the visitor thinks in), who can get it, how to claim (links in these texts open
what they name), what is not known here, its story, for staff the staff view (conditions,
confidence, legal basis, sources, review status) in the visitor's language, and when it was
checked. Previous and Next walk through the visitor's benefits; the bar below leads to the
interview, the checklist and the printout. Params: `id` (a benefit id).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from kiosk.pages.benefit import BenefitPage, benefit_page
from kiosk.pages.parts import Link, Section
from ui.context import typed_wage
from ui.screens.base import Screen
from ui.sizing import current
from ui.widgets.buttons import BigButton
from ui.widgets.cards import CardArea, PartsCard, SectionCard
from ui.widgets.icon import IconLabel
from ui.widgets.rows import RowPool, put, put_icon, show_if
from ui.widgets.text import text_label

if TYPE_CHECKING:
    from ui.context import AppContext


def show_link(button: BigButton, link: Link) -> None:
    put(button, link.text)
    button.set_icon(link.icon)
    if button.isEnabled() != link.enabled:
        button.setEnabled(link.enabled)


class BenefitScreen(Screen):
    name = "benefit"

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.setSpacing(8)

        head = QHBoxLayout()
        head.setSpacing(16)
        self.icon = IconLabel("help-circle-outline", 64)
        self.icon.setObjectName("benefit-icon")
        head.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        words = QVBoxLayout()
        words.setSpacing(0)
        self.title = text_label("", "title", name="benefit-title")
        self.scheme = text_label("", "note", name="benefit-scheme")
        words.addWidget(self.title)
        words.addWidget(self.scheme)
        head.addLayout(words, 1)
        self.prev = self._button("benefit-prev", "secondary", lambda p: p.previous)
        self.position = text_label("", "note", name="benefit-position")
        self.position.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.next = self._button("benefit-next", "secondary", lambda p: p.next)
        for widget in (self.prev, self.position, self.next):
            head.addWidget(widget, 0, Qt.AlignmentFlag.AlignVCenter)
        if current().compact:  # the title needs the room: the arrows say it
            for button in (self.prev, self.next):
                button.show_words(False)
        layout.addLayout(head)

        self.area = CardArea()
        layout.addWidget(self.area, 1)
        self.scrolls_in(layout, self.area)  # on a compact screen: ui/screens/base.py
        self.summary = self.area.add(text_label("", "subtitle", name="benefit-summary"))
        self.sections: RowPool[SectionCard] = RowPool(self._section_card, spacing=16)
        self.area.add(self.sections)
        self.example = self.area.add(self._section_card())
        self.gaps = self.area.add(self._section_card())
        self.story = self.area.add(self._section_card())
        self.more = self._button("benefit-story", "secondary", lambda p: p.story and p.story.more)
        self.area.add(self.more)
        self.staff = self.area.add(PartsCard("staff"))
        self.reviewed = self.area.add(text_label("", "note", name="benefit-reviewed"))

        actions = QHBoxLayout()
        actions.setSpacing(12)
        self.ask = self._button("benefit-interview", "primary", lambda p: p.interview)
        self.bring = self._button("benefit-checklist", "secondary", lambda p: p.checklist)
        self.print = self._button("benefit-print", "secondary", lambda p: p.print)
        for button in (self.ask, self.bring, self.print):
            actions.addWidget(button, 1)
        layout.addLayout(actions)

    def _section_card(self) -> SectionCard:
        card = SectionCard()
        card.followed.connect(self.follow)  # a link in its text
        return card

    def _button(self, name: str, role: str, link: Link) -> BigButton:
        button = BigButton("", "help-circle-outline", role=role)
        button.setObjectName(name)
        button.clicked.connect(lambda: self.follow(link(self.page) and link(self.page).route))
        return button

    def make_page(self) -> BenefitPage:
        rules = self.ctx.rules_or_none()  # none: the card without its worked example
        wage = typed_wage(self.ctx.visit).wage(rules) if rules is not None else None
        return benefit_page(self.ctx.library, self.params["id"], self.ctx.locale,
                            audience=self.ctx.visit.audience, rules=rules, wage=wage)

    def show_page(self, page: BenefitPage) -> None:
        if self.page is None or self.page.id != page.id:
            self.area.scroll_to_top()
        put_icon(self.icon, page.icon)
        put(self.title, page.title)
        put(self.scheme, page.scheme)
        show_link(self.prev, page.previous)
        show_link(self.next, page.next)
        put(self.position, page.position)
        for button, link in ((self.ask, page.interview), (self.bring, page.checklist),
                             (self.print, page.print)):
            show_link(button, link)
        put(self.summary, page.summary)
        self.sections.fill(page.sections,
                           lambda card, s: card.show_section(s, f"benefit-{s.key}"))
        self._optional(self.example, page.example, "benefit-example")
        self._optional(self.gaps, page.gaps, "benefit-gaps")
        self._optional(self.story, page.story and page.story.section, "benefit-story-text")
        show_if(self.more, page.story is not None)
        if page.story is not None:
            show_link(self.more, page.story.more)
        show_if(self.staff, page.staff is not None)
        if page.staff is not None:
            self.staff.show_parts(page.staff.heading, page.staff.icon, page.staff.parts,
                                  "benefit-staff")
        put(self.reviewed, page.reviewed)

    @staticmethod
    def _optional(card: SectionCard, section: Section | None, name: str) -> None:
        show_if(card, section is not None)
        if section is not None:
            card.show_section(section, name)
