"""A claim checklist (kiosk.pages.checklist): the papers (tap the ones you already have), what is
left to bring, and the steps in order with who does what, where and by when.

Ticks live in `ctx.visit.ticks[checklist id]`, so they survive a language switch and a trip to
another screen, and vanish with the visit. A tick changes its own row and the "what to bring"
lines, nothing else. Params: `id` (a checklist id, or a benefit id).
"""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSignalBlocker, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from kiosk.pages.checklist import BringList, ChecklistPage, Paper, StepView, checklist_page
from kiosk.pages.icons import BRING
from ui.screens.base import Screen
from ui.sizing import px
from ui.widgets.buttons import BigButton, WrappingButton
from ui.widgets.cards import Card, CardArea, SectionCard, card_frame
from ui.widgets.icon import IconLabel
from ui.widgets.rows import (
    LineRow,
    RowPool,
    line_pool,
    named,
    put,
    put_icon,
    settle_layouts,
    show_if,
)
from ui.widgets.text import text_label

if TYPE_CHECKING:
    from ui.context import AppContext


def _transparent(*widgets: QWidget) -> None:
    for widget in widgets:
        widget.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)


def _restyle(*widgets: QWidget) -> None:
    for widget in widgets:
        widget.style().unpolish(widget)
        widget.style().polish(widget)


class PaperRow(WrappingButton):
    """A big row for one paper: tap to say "I have it"."""

    def __init__(self) -> None:
        super().__init__()
        self.paper: Paper | None = None
        self.setProperty("role", "toggle")
        self.setCheckable(True)
        # QPushButton is vertically Fixed by default, which would cap it at the unwrapped height
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        row = QHBoxLayout(self)
        row.setContentsMargins(18, 10, 18, 10)
        row.setSpacing(16)
        self.icon = IconLabel("help-circle-outline", 48)
        self.icon.setObjectName("buttonIcon")
        row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignVCenter)
        column = QVBoxLayout()
        column.setSpacing(2)
        self.name = text_label("", "subtitle", name="buttonLabel")
        self.where = text_label("", "note", name="buttonNote")
        self.note = text_label("", "note", name="buttonNote")
        for label in (self.name, self.where, self.note):
            column.addWidget(label)
        row.addLayout(column, 1)
        self.mark = IconLabel("help-circle-outline", 56)
        self.mark.setObjectName("tickMark")
        row.addWidget(self.mark, 0, Qt.AlignmentFlag.AlignVCenter)
        _transparent(self.icon, self.name, self.where, self.note, self.mark)

    def show_paper(self, paper: Paper) -> None:
        self.paper = paper
        named(self, f"doc-{paper.id}")
        put_icon(self.icon, paper.icon)
        put(self.name, paper.name)
        put(self.where, paper.where)
        show_if(self.note, paper.note is not None)
        put(self.note, paper.note or "")
        self.setAccessibleName(paper.name)
        if self.isChecked() != paper.have:
            with QSignalBlocker(self):
                self.setChecked(paper.have)
        self.show_mark(paper)

    def sync_state(self) -> None:
        """Unticked by a reset (ui.widgets.rows.forget_choices): the mark and the paper it
        keeps say "need" too, not what the last visitor had."""
        if self.paper is not None and self.paper.have != self.isChecked():
            self.paper = replace(self.paper, have=self.isChecked())
            self.show_mark(self.paper)

    def show_mark(self, paper: Paper) -> None:
        """The tick mark and the paper's picture, coloured by the stylesheet's [ticked]: only
        these two labels are restyled, the button's own look follows :checked."""
        put_icon(self.mark, paper.mark_icon)
        if self.mark.property("ticked") != paper.have:
            for label in (self.mark, self.icon):
                label.setProperty("ticked", paper.have)
            _restyle(self.mark, self.icon)


class StepCard(Card):
    """One step: its number, who does it, what, where and by when, and its picture."""

    def __init__(self) -> None:
        super().__init__("step", row=True, margins=(20, 14, 20, 14), spacing=16)
        self.number = QLabel()
        self.number.setObjectName("step-number")
        self.number.setProperty("role", "step-number")
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.number.setFixedSize(px(64), px(64))
        self.box.addWidget(self.number, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout()
        column.setSpacing(4)
        self.who = LineRow(36, "note")
        self.who.label.setObjectName("step-who")
        column.addWidget(self.who)
        self.text = text_label("", "body", name="step-text")
        column.addWidget(self.text)
        self.details = line_pool(32, "note", spacing=4)
        column.addWidget(self.details)
        self.box.addLayout(column, 1)
        self.icon = IconLabel("help-circle-outline", 56)
        self.box.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)

    def show_step(self, step: StepView) -> None:
        put(self.number, step.number)
        self.who.show_line(step.who)
        put(self.text, step.text)
        self.details.fill(step.details, lambda row, line: row.show_line(line))
        show_if(self.icon, step.icon is not None)
        if step.icon:
            put_icon(self.icon, step.icon)


SIDE_BY_SIDE_WIDTH = 1100  # design pixels: narrower, "what to bring" goes under the papers


class ChecklistScreen(Screen):
    name = "checklist"

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.setSpacing(8)
        head = QHBoxLayout()
        head.setSpacing(16)
        self.icon = IconLabel("format-list-checks", 64)
        head.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        self.title = text_label("", "title", name="checklist-title")
        head.addWidget(self.title, 1)
        layout.addLayout(head)

        body = QHBoxLayout()
        body.setSpacing(16)
        self.area = CardArea()
        body.addWidget(self.area, 4)
        self.intro = self.area.add(text_label("", "body", name="checklist-intro"))
        self.papers_heading = self.area.add(text_label("", "subtitle", name="checklist-papers"))
        self.papers: RowPool[PaperRow] = RowPool(self._paper_row, spacing=16)
        self.area.add(self.papers)
        self.steps_heading = self.area.add(text_label("", "subtitle", name="checklist-steps"))
        self.steps: RowPool[StepCard] = RowPool(StepCard, spacing=16)
        self.area.add(self.steps)
        self.penalty = self.area.add(SectionCard())
        self.gaps = self.area.add(SectionCard())

        # "What to bring" stays in view beside the papers, and shrinks as the visitor ticks; in
        # one column (portrait, a small screen, large text) it follows the papers instead.
        panel, self.bring = card_frame("bring", margins=(20, 16, 20, 16))
        self.bring_panel = panel
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        self.bring_icon = IconLabel(BRING, 44)
        head.addWidget(self.bring_icon)
        self.bring_title = text_label("", "subtitle", name="bring-title")
        head.addWidget(self.bring_title, 1)
        self.bring.addLayout(head)
        self.bring_lines = line_pool(36, "body", spacing=8)
        self.bring.addWidget(self.bring_lines)
        self.bring_done = text_label("", "body", name="bring-done")
        self.bring.addWidget(self.bring_done)
        self.bring_area = CardArea()
        self.bring_area.add(panel)
        body.addWidget(self.bring_area, 3)
        layout.addLayout(body, 1)
        self.scrolls_in(layout, self.area, until=body)  # compact: ui/screens/base.py
        self.one_column: bool | None = None  # not arranged yet

        actions = QHBoxLayout()
        actions.setSpacing(12)
        self.about = BigButton("", "information-outline", role="secondary")
        self.about.setObjectName("checklist-benefit")
        self.about.clicked.connect(lambda: self.follow(self.page.about and self.page.about.route))
        self.print = BigButton("", "printer", role="primary")
        self.print.setObjectName("checklist-print")
        self.print.clicked.connect(lambda: self.follow(self.page.print.route))
        actions.addWidget(self.about, 1)
        actions.addWidget(self.print, 1)
        layout.addLayout(actions)

    def _paper_row(self) -> PaperRow:
        row = PaperRow()
        row.toggled.connect(lambda on, r=row: self._tick(r, on))
        return row

    # --- state -----------------------------------------------------------------------------
    def _ticks(self, checklist_id: str) -> set[str]:
        return self.ctx.visit.ticks.setdefault(checklist_id, set())

    def make_page(self) -> ChecklistPage:
        page = checklist_page(self.ctx.library, self.params["id"], self.ctx.locale,
                              ticks=self.ctx.visit.ticks.get(self.params["id"], ()))
        if page.id != self.params["id"]:  # a benefit id: its checklist's ticks
            page = checklist_page(self.ctx.library, page.id, self.ctx.locale,
                                  ticks=self._ticks(page.id))
        self._ticks(page.id)
        return page

    def _tick(self, row: PaperRow, on: bool) -> None:
        """A paper ticked or unticked: its row and the "what to bring" lines change."""
        if row.paper is None or self.page is None:
            return
        ticks = self._ticks(self.page.id)
        if on:
            ticks.add(row.paper.id)
        else:
            ticks.discard(row.paper.id)
        self.ctx.log_step(self.name, "tick" if on else "untick")
        page = checklist_page(self.ctx.library, self.page.id, self.ctx.locale, ticks=ticks)
        paper = next(p for p in page.papers if p.id == row.paper.id)
        row.paper = paper
        row.show_mark(paper)
        self._show_bring(page.bring)
        self.page = page
        settle_layouts()

    def _arrange(self) -> None:
        """Papers and "what to bring" side by side on a wide screen; one column in portrait,
        on a small screen and in large text (long Khmer words need the whole width)."""
        large = bool(getattr(self.ctx, "large_text", False))
        one_column = large or self.width() < px(SIDE_BY_SIDE_WIDTH)
        if one_column == self.one_column:
            return
        self.one_column = one_column
        panel = self.bring_panel
        for area in (self.area, self.bring_area):
            area.column.removeWidget(panel)
        if one_column:  # after the papers, before the steps
            index = self.area.column.indexOf(self.papers) + 1
            self.area.column.insertWidget(index, panel)
        else:
            self.bring_area.add(panel)
        show_if(self.bring_area, not one_column)
        panel.setMinimumWidth(0 if one_column else px(360))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.StyleChange:  # large text on or off
            self._arrange()
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._arrange()

    # --- showing ---------------------------------------------------------------------------
    def show_page(self, page: ChecklistPage) -> None:
        if self.page is None or self.page.id != page.id:
            self.area.scroll_to_top()
        self._arrange()
        put_icon(self.icon, page.icon)
        put(self.title, page.title)
        put(self.print, page.print.text)
        show_if(self.about, page.about is not None)
        if page.about is not None:
            put(self.about, page.about.text)
        show_if(self.intro, page.intro is not None)
        put(self.intro, page.intro or "")
        put(self.papers_heading, page.papers_heading)
        self.papers.fill(page.papers, PaperRow.show_paper)
        put(self.steps_heading, page.steps_heading)
        self.steps.fill(page.steps, StepCard.show_step)
        for card, section, name in ((self.penalty, page.penalty, "checklist-penalty"),
                                    (self.gaps, page.gaps, "checklist-gaps")):
            show_if(card, section is not None)
            if section is not None:
                card.show_section(section, name)
        self._show_bring(page.bring)

    def _show_bring(self, bring: BringList) -> None:
        put(self.bring_title, bring.title)
        put_icon(self.bring_icon, bring.icon)
        rows = self.bring_lines.fill(bring.lines, lambda row, line: row.show_line(line))
        for row, paper_id in zip(rows, bring.ids, strict=True):
            named(row, f"bring-{paper_id}")
        for row in self.bring_lines.rows[len(rows):]:
            named(row, "")
        show_if(self.bring_done, bring.done is not None)
        put(self.bring_done, bring.done or "")
