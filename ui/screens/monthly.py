"""What I pay each month (kiosk.pages.monthly), for an employer: the number of workers (− / +),
their wages (one typical wage, or each worker's, typed on a keypad in riel or US dollars), and
beside them what he pays NSSF per scheme, what he takes from the wages, the total and the date
it is due. Printable.

What was typed lives in `ctx.visit.extra` (a `MonthlyInput`), so a language switch keeps it and
the visit's end forgets it. A tap builds the page again and changes only the texts that differ.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.pages.monthly import (
    MonthlyInput,
    MonthlyPage,
    ShareLine,
    WorkerRow,
    monthly_page,
)
from kiosk.pages.parts import Choice
from ui.screens.base import Screen
from ui.sizing import current
from ui.widgets.buttons import BigButton
from ui.widgets.cards import Card, CardArea
from ui.widgets.keyboard import NumberStepper
from ui.widgets.rows import (
    LineRow,
    RowPool,
    named,
    put,
    settle_layouts,
    show_if,
    show_stepper,
)
from ui.widgets.text import icon_heading, text_label
from ui.widgets.wage_pad import WagePad

if TYPE_CHECKING:
    from ui.context import AppContext

INPUT = "monthly-input"  # ctx.visit.extra key: the MonthlyInput typed so far
TALL = 1200  # a screen this tall has room for the inputs and the total in two scrolls


class ShareRow(QWidget):
    """A line of the table: scheme, what you pay, what comes from the wages, in all."""

    def __init__(self, role: str = "body") -> None:
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(12)
        self.cells = [text_label("", role) for _ in range(4)]
        for index, cell in enumerate(self.cells):
            if index:
                cell.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            row.addWidget(cell, 2 if index == 0 else 1)

    def show_cells(self, texts: tuple[str, str, str, str], name: str = "") -> None:
        for index, (cell, text) in enumerate(zip(self.cells, texts, strict=True)):
            put(cell, text)
            if name:
                named(cell, f"{name}-{index}")


class MonthlyScreen(Screen):
    name = "monthly"

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.setSpacing(8)
        head, self.title = icon_heading("calculator", "monthly-title")
        layout.addLayout(head)

        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.body.setSpacing(16)
        self.inputs = CardArea()
        self.body.addWidget(self.inputs, 1)
        self.intro = self.inputs.add(text_label("", "body", name="monthly-intro"))
        workers = Card("monthly-workers")
        self.workers_heading = text_label("", "subtitle", name="monthly-workers-heading")
        self.workers = NumberStepper(1, 2, name="monthly-workers", stacked=True)
        self.workers.value_changed.connect(self._workers)
        workers.box.addWidget(self.workers_heading)
        workers.box.addWidget(self.workers)
        self.inputs.add(workers)
        wages = Card("monthly-wages")
        modes = QVBoxLayout()  # one above the other: each says a whole sentence
        modes.setSpacing(12)
        self.modes: dict[str, BigButton] = {}
        for key, icon in (("typical", "account-multiple"), ("each", "format-list-numbered")):
            button = BigButton("", icon, role="secondary", icon_size=32)
            button.setObjectName(f"monthly-mode-{key}")
            button.setCheckable(True)
            button.clicked.connect(
                lambda _=False, k=key: self._change(self._input().with_mode(k), "mode"))
            modes.addWidget(button, 1)
            self.modes[key] = button
        wages.box.addLayout(modes)
        self.rows: RowPool[BigButton] = RowPool(self._row, columns=2, spacing=8)
        wages.box.addWidget(self.rows)
        self.pad = WagePad("monthly-wage")
        self.pad.key_pressed.connect(lambda key: self._change(self._input().key(key)))
        self.pad.currency_chosen.connect(
            lambda currency: self._change(self._input().with_currency(currency), "currency"))
        wages.box.addWidget(self.pad)
        self.inputs.add(wages)

        self.outputs = CardArea()
        self.body.addWidget(self.outputs, 1)
        # what he came for first (the total and the day), then how it is made up
        result = self.result = Card("monthly-result", spacing=10)
        self.heading = text_label("", "subtitle", name="monthly-heading")
        self.summary = text_label("", "note", name="monthly-summary")
        result.box.addWidget(self.heading)
        result.box.addWidget(self.summary)
        self.total = LineRow(40, "subtitle")
        self.due = LineRow(40, "subtitle")
        self.employer = LineRow(40, "body")
        self.withheld = LineRow(40, "body")
        for line, name in ((self.total, "monthly-total"), (self.due, "monthly-due"),
                           (self.employer, "monthly-employer"),
                           (self.withheld, "monthly-withheld")):
            line.label.setObjectName(name)
            result.box.addWidget(line)
        self.columns = ShareRow("note")
        result.box.addWidget(self.columns)
        self.shares: RowPool[ShareRow] = RowPool(ShareRow, spacing=6)
        result.box.addWidget(self.shares)
        self.note = text_label("", "note", name="monthly-note")
        result.box.addWidget(self.note)
        self.outputs.add(result)
        self.prompt = self.outputs.add(text_label("", "subtitle", name="monthly-prompt"))
        layout.addLayout(self.body, 1)

        # In one scrolling column the total sits far below the keypad: one line of it (the sum
        # and the date) also stays in view above Print as the keys are tapped. Not on a short
        # panel, where Print itself scrolls with the column (ui/widgets/cards.py).
        self.bar = LineRow(32, "subtitle")
        self.bar.label.setObjectName("monthly-bar")
        self.bar.hide()
        layout.addWidget(self.bar)
        self.print = BigButton("", "printer", role="primary")
        self.print.setObjectName("monthly-print")
        self.print.clicked.connect(lambda: self.follow(self.page and self.page.print.route))
        layout.addWidget(self.print)
        self.scrolls_in(layout, self.inputs, until=self.body)  # compact: ui/screens/base.py
        self._rows: dict[BigButton, WorkerRow] = {}
        self._has_result = False  # the page shown has a total (the bar may show it)
        self._mode = "side"  # side | stacked | one: _arrange
        self._fit: tuple[str, bool] | None = None  # (locale, rows shown) last arranged for

    def _row(self) -> BigButton:
        button = BigButton("", "account-hard-hat", role="secondary", icon_size=32)
        button.setCheckable(True)
        button.clicked.connect(lambda _=False, b=button: self._choose(b))
        return button

    # --- state -------------------------------------------------------------------------------
    def _input(self) -> MonthlyInput:
        found = self.ctx.visit.extra.get(INPUT)
        return found if isinstance(found, MonthlyInput) else MonthlyInput()

    def _change(self, typed: MonthlyInput, action: str = "") -> None:
        self.ctx.visit.extra[INPUT] = typed
        if action:
            self.ctx.log_step(self.name, action)
        page = self.make_page()
        if page.result is not None and (self.page is None or self.page.result is None):
            self.ctx.log_step(self.name, "total")  # a total appeared: counted, nothing of it kept
        self.show_page(page)
        self.page = page
        settle_layouts()

    def _workers(self, value: int) -> None:
        self._change(self._input().with_workers(value), "workers")

    def _choose(self, button: BigButton) -> None:
        row = self._rows.get(button)
        if row is not None:
            self._change(self._input().with_chosen(row.index))

    def make_page(self) -> MonthlyPage:
        return monthly_page(self.ctx.rules, self._input(), self.ctx.locale)

    # --- showing -----------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        self._arrange(event.size().width(), event.size().height())
        super().resizeEvent(event)

    def _arrange(self, width: int, height: int) -> None:
        """Side by side where both columns fit their narrowest; else the total under the inputs
        in a scroll of its own (a tall portrait screen); else, on a small screen, all in one
        column (two scrolls would each be a slit). Nothing is ever cut off at the side."""
        wanted = sum(area.widget().minimumSizeHint().width() + area.verticalScrollBar()
                     .sizeHint().width() for area in (self.inputs, self.outputs))
        margins = self.layout().contentsMargins()
        room = width - margins.left() - margins.right() - self.body.spacing()
        if current().compact:  # a small or dense panel: one scrolling column, as every screen
            mode = "one"
        else:
            mode = "side" if room >= wanted else ("stacked" if height >= TALL else "one")
        if mode == self._mode:
            return
        self._mode = mode
        home = self.inputs if mode == "one" else self.outputs
        for widget in (self.result, self.prompt):
            if widget.parentWidget() is not home.widget():
                for area in (self.inputs, self.outputs):
                    area.column.removeWidget(widget)
                home.add(widget)
        show_if(self.outputs, mode != "one")
        self._show_bar()
        self.body.setDirection(QBoxLayout.Direction.LeftToRight if mode == "side"
                               else QBoxLayout.Direction.TopToBottom)
        self.body.setStretchFactor(self.inputs, 3 if mode == "stacked" else 1)
        self.body.setStretchFactor(self.outputs, 2 if mode == "stacked" else 1)

    def show_page(self, page: MonthlyPage) -> None:
        put(self.title, page.title)
        put(self.intro, page.intro)
        put(self.workers_heading, page.workers_heading)
        show_stepper(self.workers, page.workers)
        for choice in page.modes:
            self._show_mode(self.modes[choice.key], choice)
        self.rows.fill(page.rows, self._show_row)
        self.pad.show_field(page.wage)
        result = page.result
        # hide before filling, show after: a widget shown lays its ancestors out at once, so
        # the total's card shown before its texts were written was laid out twice (a first key)
        if result is None:
            show_if(self.result, False)
        else:
            show_if(self.prompt, False)
        put(self.prompt, page.prompt or "")
        if result is not None:
            put(self.heading, result.heading)
            put(self.summary, result.summary)
            self.columns.show_cells(result.columns)
            self.shares.fill(result.shares, self._show_share)
            self.employer.show_line(result.employer)
            self.withheld.show_line(result.withheld)
            self.total.show_line(result.total)
            self.due.show_line(result.due)
            put(self.note, result.note)
            self.bar.show_line(result.in_view)
        show_if(self.result, result is not None)
        show_if(self.prompt, result is None)
        self._has_result = result is not None
        self._show_bar()
        put(self.print, page.print.text)
        if self.print.isEnabled() != page.print.enabled:
            self.print.setEnabled(page.print.enabled)
        # what fits changes with the texts (another language) and the rows (each wage): not
        # with a key, which only changes numbers
        fit = (page.locale, bool(page.rows))
        if self.width() > 1 and fit != self._fit:
            self._fit = fit
            self._arrange(self.width(), self.height())

    def _show_bar(self) -> None:
        show_if(self.bar, self._mode == "one" and not current().short and self._has_result)

    @staticmethod
    def _show_mode(button: BigButton, choice: Choice) -> None:
        put(button, choice.text)
        if button.isEnabled() != choice.enabled:
            button.setEnabled(choice.enabled)
        if button.isChecked() != choice.chosen:
            button.setChecked(choice.chosen)
            button.sync_state()

    def _show_row(self, button: BigButton, row: WorkerRow) -> None:
        self._rows[button] = row
        named(button, f"monthly-worker-{row.index + 1}")
        put(button, f"{row.label}: {row.wage}")
        if button.isChecked() != row.chosen:
            button.setChecked(row.chosen)
            button.sync_state()

    def _show_share(self, row: ShareRow, share: ShareLine) -> None:
        row.show_cells((share.scheme, share.employer, share.withheld, share.total),
                       f"monthly-share-{share.part}")
