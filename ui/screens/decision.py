"""The answer of an interview (kiosk.pages.decision): the outcome big (its picture and colour),
the reasons, the next step, an estimate where the benefit pays money (with a wage stepper), the
answers given with "Change", and Print. "What can I get?" shows every benefit, grouped by what
the visitor can do about it.

The interview is the visit's (`ctx.interview(benefit)`); the wage the visitor types (on a keypad,
in US dollars or riel) is kept in `ctx.visit.extra` (ui.context.WAGE, shared with the benefit
cards' worked examples), so a language switch shows the same estimate. A key changes the
estimate's text and the typed amount, nothing else. Params: `benefit` (a benefit id; "" for
"what can I get?").
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.pages.decision import (
    AnswerView,
    DecisionPage,
    OutcomeGroup,
    OutcomeView,
    ReasonView,
    change,
    decision_page,
    wage_changed,
)
from kiosk.pages.parts import Line, Link
from ui.context import WAGE, typed_wage
from ui.screens.base import Screen
from ui.widgets.buttons import BigButton
from ui.widgets.cards import CardArea, SectionCard, card_frame
from ui.widgets.icon import IconLabel
from ui.widgets.rows import (
    LineRow,
    RowPool,
    named,
    put,
    put_icon,
    settle_layouts,
    show_if,
)
from ui.widgets.text import text_label
from ui.widgets.wage_pad import WagePad

if TYPE_CHECKING:
    from kiosk.pages.wage import TypedWage
    from ui.context import AppContext

HELD = {"held": "true", "failed": "false", "open": "none"}  # style.qss colours a reason's mark


def _restyle(*widgets: QWidget) -> None:
    for widget in widgets:
        widget.style().unpolish(widget)
        widget.style().polish(widget)


def _link_button(name: str, role: str, icon_size: int = 40) -> BigButton:
    button = BigButton("", "help-circle-outline", role=role, icon_size=icon_size)
    button.setObjectName(name)
    return button


def _show_link(button: BigButton, link: Link) -> None:
    put(button, link.text)
    button.set_icon(link.icon)


class OutcomeBox(QFrame):
    """An outcome: its picture, the benefit, the rules' words and the reason that matters."""

    def __init__(self, name: str, icon_size: int) -> None:
        super().__init__()
        self.setObjectName(name)
        row = QHBoxLayout(self)
        row.setContentsMargins(24, 18, 24, 18)
        row.setSpacing(20)
        self.icon = IconLabel("help-circle", icon_size)
        self.icon.setObjectName("outcome-icon")
        row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        self.column = QVBoxLayout()
        self.column.setSpacing(4)
        self.benefit = text_label("", "note", name="outcome-benefit")
        self.title = text_label("", "title", name="outcome-title")
        self.headline = text_label("", "body", name="outcome-headline")
        for label in (self.benefit, self.title, self.headline):
            self.column.addWidget(label)
        row.addLayout(self.column, 1)
        self.view: OutcomeView | None = None

    def show_outcome(self, view: OutcomeView, title_name: str = "outcome-title") -> None:
        self.view = view
        self.setProperty("benefit", view.benefit)
        if (self.property("outcome"), self.property("group")) != (view.outcome, view.group):
            self.setProperty("outcome", view.outcome)
            self.setProperty("group", view.group)  # an employer's "for workers": not a refusal
            _restyle(self, self.icon)  # its colours follow the outcome
        put_icon(self.icon, view.icon)
        put(self.benefit, view.benefit_title)
        named(self.title, title_name)
        put(self.title, view.title)
        put(self.headline, view.headline)


class OutcomeItem(OutcomeBox):
    """One benefit in the "what can I get?" answer, with the way to its card."""

    def __init__(self, screen: DecisionScreen) -> None:
        super().__init__("outcome-item", 64)
        self.more = _link_button("", "secondary")
        self.more.clicked.connect(lambda: screen.follow(self.view and self.view.more.route))
        self.column.addWidget(self.more)

    def show_item(self, view: OutcomeView) -> None:
        self.show_outcome(view, f"outcome-title-{view.benefit}")
        put_icon(self.icon, view.benefit_icon)  # the group's heading carries the outcome's
        named(self.more, f"decision-benefit-{view.benefit}")
        _show_link(self.more, view.more)


class AllEntry(QWidget):
    """One line of the across-all answer: a group's heading, or a benefit in it. One pool of
    these, whatever the groups: a visit with other groups than the last reuses the same rows."""

    def __init__(self, screen: DecisionScreen) -> None:
        super().__init__()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.heading = LineRow(44, "subtitle")
        column.addWidget(self.heading)
        self.item = OutcomeItem(screen)
        column.addWidget(self.item)

    def show_entry(self, entry: OutcomeGroup | OutcomeView) -> None:
        is_group = isinstance(entry, OutcomeGroup)
        show_if(self.heading, is_group)
        show_if(self.item, not is_group)
        if isinstance(entry, OutcomeGroup):
            self.heading.show_line(Line(entry.icon, entry.heading), f"group-{entry.key}")
        else:
            self.item.show_item(entry)


class AnswerRow(QWidget):
    """A question asked, the answer given, and "Change"."""

    def __init__(self, screen: DecisionScreen) -> None:
        super().__init__()
        line = QHBoxLayout(self)
        line.setContentsMargins(0, 0, 0, 0)
        line.setSpacing(12)
        words = QVBoxLayout()
        self.question = text_label("", "note")
        self.answer = text_label("", "body")
        words.addWidget(self.question)
        words.addWidget(self.answer)
        line.addLayout(words, 1)
        self.change = BigButton("", "pencil", role="secondary", icon_size=32)
        self.change.clicked.connect(lambda: screen.change_answer(self.view.fact))
        line.addWidget(self.change, 0, Qt.AlignmentFlag.AlignVCenter)
        self.view: AnswerView | None = None

    def show_answer(self, view: AnswerView) -> None:
        self.view = view
        put(self.question, view.question)
        named(self.answer, f"answer-given-{view.fact}")
        put(self.answer, view.answer)
        named(self.change, f"change-{view.fact}")
        put(self.change, view.change)


class DecisionScreen(Screen):
    name = "decision"

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.setSpacing(8)
        self.area = area = CardArea()
        layout.addWidget(area, 1)

        # an interview not finished
        self.unfinished = area.add(text_label("", "subtitle", name="decision-unfinished"))
        self.resume = _link_button("decision-continue", "primary")
        self.resume.clicked.connect(lambda: self.follow(self.page.resume and self.page.resume.route))
        area.add(self.resume)

        # one benefit
        self.outcome = area.add(OutcomeBox("outcome", 96))
        self.until = area.add(SectionCard())  # not yet: the condition still to meet
        self.until.followed.connect(self.follow)
        self.why, why = card_frame()
        self.why_title = text_label("", "subtitle", name="decision-why")
        why.addWidget(self.why_title)
        self.reasons: RowPool[LineRow] = RowPool(lambda: LineRow(36, "body"), spacing=8)
        why.addWidget(self.reasons)
        area.add(self.why)
        self.next_step = area.add(SectionCard())
        self.next_step.followed.connect(self.follow)
        self.bring = _link_button("decision-checklist", "primary")
        self.bring.clicked.connect(lambda: self.follow(self.page.bring and self.page.bring.route))
        area.add(self.bring)
        self.estimate, estimate = card_frame("estimate", spacing=10)
        self.estimate_title = text_label("", "subtitle", name="estimate-title")
        self.estimate_note = text_label("", "note")
        self.wage = WagePad("wage")
        self.wage.key_pressed.connect(lambda key: self._wage_changed(self._typed().key(key)))
        self.wage.currency_chosen.connect(
            lambda currency: self._wage_changed(self._typed().with_currency(currency)))
        self.estimate_text = text_label("", "body", name="estimate-text")
        for widget in (self.estimate_title, self.estimate_note, self.wage, self.estimate_text):
            estimate.addWidget(widget)
        area.add(self.estimate)

        # every benefit ("what can I get?")
        self.all_title = area.add(text_label("", "title", name="decision-all-title"))
        self.employer_links: RowPool[BigButton] = RowPool(self._employer_button, spacing=8)
        area.add(self.employer_links)
        self.groups: RowPool[AllEntry] = RowPool(lambda: AllEntry(self), spacing=16)
        area.add(self.groups)

        # the answers given
        self.answers_card, answers = card_frame("answers", spacing=10)
        self.answers_title = text_label("", "subtitle", name="decision-answers")
        answers.addWidget(self.answers_title)
        self.answers: RowPool[AnswerRow] = RowPool(lambda: AnswerRow(self), spacing=10)
        answers.addWidget(self.answers)
        area.add(self.answers_card)

        actions = QHBoxLayout()
        actions.setSpacing(12)
        self.change = BigButton("", "pencil", role="secondary")
        self.change.setObjectName("decision-change")
        self.change.clicked.connect(self._show_answers)
        self.print = BigButton("", "printer", role="primary")
        self.print.setObjectName("decision-print")
        self.print.clicked.connect(lambda: self.follow(self.page.print and self.page.print.route))
        actions.addWidget(self.change, 1)
        actions.addWidget(self.print, 1)
        layout.addLayout(actions)
        self.scrolls_in(layout, area)  # on a short screen, the actions too: ui/screens/base.py
        self._links: dict[BigButton, Link] = {}

    def _employer_button(self) -> BigButton:
        button = _link_button("", "secondary")
        button.clicked.connect(lambda _=False, b=button: self.follow(self._links[b].route))
        return button

    # --- state -----------------------------------------------------------------------------
    @property
    def benefit(self) -> str:
        return self.params.get("benefit") or ""

    def _typed(self) -> TypedWage:
        return typed_wage(self.ctx.visit)

    def make_page(self) -> DecisionPage:
        return decision_page(self.ctx.library, self.ctx.rules, self.ctx.interview(self.benefit),
                             self.ctx.locale, wage=self._typed(),
                             audience=self.ctx.visit.audience)

    def change_answer(self, fact: str) -> None:
        route = change(self.ctx.interview(self.benefit), fact)
        self.ctx.log_step(self.name, "change")
        self.follow(route)

    def _show_answers(self) -> None:
        if self.answers_card.isVisible():
            self.area.ensureWidgetVisible(self.answers_card, 0, 0)

    def _wage_changed(self, typed: TypedWage) -> None:
        """A key or the currency switch: the wage and the estimate's words change, nothing
        else."""
        self.ctx.visit.extra[WAGE] = typed
        if self.page is None:
            return
        self.page = wage_changed(self.page, self.ctx.rules, typed, self.ctx.locale)
        if self.page.estimate is not None:
            self.wage.show_field(self.page.estimate.wage)
            put(self.estimate_text, self.page.estimate.text)
        settle_layouts()

    # --- showing ---------------------------------------------------------------------------
    def show_page(self, page: DecisionPage) -> None:
        if self.page is None or (self.page.benefit, self.page.kind) != (page.benefit, page.kind):
            self.area.scroll_to_top()
        put(self.change, page.change.text)
        self.change.setEnabled(page.change.enabled)
        show_if(self.print, page.print is not None)
        if page.print is not None:
            put(self.print, page.print.text)
            self.print.setEnabled(page.print.enabled)
        self._show_unfinished(page)
        self._show_one(page)
        self._show_all(page)
        show_if(self.answers_card, bool(page.answers))
        put(self.answers_title, page.answers_heading)
        self.answers.fill(page.answers, AnswerRow.show_answer)

    def _show_unfinished(self, page: DecisionPage) -> None:
        show_if(self.unfinished, page.resume is not None)
        show_if(self.resume, page.resume is not None)
        if page.resume is not None:
            put(self.unfinished, page.unfinished or "")
            _show_link(self.resume, page.resume)

    def _show_one(self, page: DecisionPage) -> None:
        one = page.outcome is not None
        for widget in (self.outcome, self.why, self.next_step):
            show_if(widget, one)
        if not one:
            show_if(self.until, False)
        show_if(self.bring, page.bring is not None)
        show_if(self.estimate, page.estimate is not None)
        if not one:
            return
        self.outcome.show_outcome(page.outcome)
        show_if(self.until, page.until is not None)
        if page.until is not None:
            self.until.show_section(page.until, "decision-until")
        put(self.why_title, page.why.text if page.why else "")
        self.reasons.fill(page.reasons, self._show_reason)
        if page.next_step is not None:
            self.next_step.show_section(page.next_step)
        if page.bring is not None:
            _show_link(self.bring, page.bring)
        if page.estimate is not None:
            estimate = page.estimate
            put(self.estimate_title, estimate.title)
            put(self.estimate_note, estimate.note)
            self.wage.show_field(estimate.wage)
            put(self.estimate_text, estimate.text)

    def _show_reason(self, row: LineRow, reason: ReasonView) -> None:
        row.show_line(Line(reason.icon, reason.text),
                      f"reason-{self.reasons.rows.index(row)}")
        held = HELD.get(reason.mark, "none")
        if row.icon.property("held") != held:
            row.icon.setProperty("held", held)
            _restyle(row.icon)

    def _show_all(self, page: DecisionPage) -> None:
        every = page.kind == "all"
        show_if(self.all_title, every)
        show_if(self.groups, every and bool(page.groups))
        if not every:
            self.employer_links.fill((), lambda button, link: None)
            return
        put(self.all_title, page.title)

        def show(button: BigButton, link: Link) -> None:
            self._links[button] = link
            _show_link(button, link)
            named(button, f"decision-employer-{link.route.screen if link.route else ''}")
        self.employer_links.fill(page.employer_links, show)
        entries: list[OutcomeGroup | OutcomeView] = []
        for group in page.groups:
            entries += [group, *group.outcomes]
        self.groups.fill(entries, AllEntry.show_entry)
