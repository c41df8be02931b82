"""Register and pay: the employer's duties with deadlines and penalties, what is paid into each
scheme, a calculator for one worker's contributions, and the registration checklist.

The calculator's wage lives in `ctx.visit.extra`, so a language switch keeps it.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout

from kiosk.content.model import Contribution, Duty
from kiosk.eligibility import employer_contribution
from kiosk.errors import KioskError
from kiosk.i18n import format_number, format_riel
from ui.screens.base import Screen
from ui.widgets.buttons import BigButton
from ui.widgets.cards import CardArea, card_frame
from ui.widgets.icon import IconLabel
from ui.widgets.keyboard import NumberStepper
from ui.widgets.text import icon_heading, text_label

WAGE = "employer-wage"  # ctx.visit.extra key: the wage in the calculator (riel a month)
WAGE_MAX, WAGE_STEP, WAGE_BIG_STEP = 10_000_000, 10_000, 100_000


def _icon_line(icon: str, text: str, role: str = "body", name: str = "") -> QHBoxLayout:
    line = QHBoxLayout()
    line.setSpacing(12)
    line.addWidget(IconLabel(icon, 36), 0, Qt.AlignmentFlag.AlignTop)
    line.addWidget(text_label(text, role, name=name), 1)
    return line


class EmployerScreen(Screen):
    name = "employer"

    def __init__(self, ctx) -> None:  # noqa: ANN001 - AppContext
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.setSpacing(8)
        head, self.title = icon_heading("domain", "employer-title")
        layout.addLayout(head)
        self.area = CardArea()
        layout.addWidget(self.area, 1)
        self.register = BigButton("", "format-list-checks", role="primary")
        self.register.setObjectName("employer-checklist")
        self.register.clicked.connect(self._open_registration)
        layout.addWidget(self.register)
        self.result: QLabel | None = None

    def _registration_checklist(self) -> str | None:
        """The checklist of the first duty that has one: registering the business."""
        return next((d.checklist for d in self.ctx.library.duties() if d.checklist), None)

    def _open_registration(self) -> None:
        checklist = self._registration_checklist()
        if checklist:
            self.go.emit("checklist", {"id": checklist})

    def reset(self) -> None:
        super().reset()
        self.area.clear()
        self.result = None

    # --- rendering -------------------------------------------------------------------------
    def render(self) -> None:
        tr = self.tr
        self.title.setText(tr("Register and pay"))
        self.register.set_text(tr("How to register: papers and steps"))
        self.register.setVisible(self._registration_checklist() is not None)
        self.area.clear()
        self.area.add(text_label(tr("Your duties as an employer"), "subtitle",
                                 name="employer-duties"))
        for duty in self.ctx.library.duties():
            self.area.add(self._duty(duty))
        self.area.add(text_label(tr("What you pay each month"), "subtitle",
                                 name="employer-contributions"))
        for contribution in self.ctx.library.contributions():
            self.area.add(self._contribution(contribution))
        self.area.add(self._calculator())

    def _duty(self, duty: Duty) -> QFrame:
        tr, locale = self.tr, self.ctx.locale
        frame, column = card_frame("duty")
        column.addLayout(_icon_line(duty.icon, duty.title.get(locale), "subtitle",
                                    name=f"duty-{duty.id}"))
        column.addWidget(text_label(duty.text.get(locale), "body"))
        column.addLayout(_icon_line("calendar-clock", tr("By when: {deadline}").format(
            deadline=duty.deadline.get(locale)), "body", name=f"duty-deadline-{duty.id}"))
        if duty.penalty is not None:
            column.addLayout(_icon_line("gavel", tr("If not: {penalty}").format(
                penalty=duty.penalty.get(locale)), "note", name=f"duty-penalty-{duty.id}"))
        if duty.checklist and duty.checklist != self._registration_checklist():
            steps = BigButton(tr("Papers and steps"), "format-list-checks", role="secondary",
                              icon_size=32)
            steps.setObjectName(f"duty-checklist-{duty.id}")
            steps.clicked.connect(lambda _=False, c=duty.checklist: self.go.emit("checklist",
                                                                                 {"id": c}))
            column.addWidget(steps)
        return frame

    def _contribution(self, contribution: Contribution) -> QFrame:
        tr, locale = self.tr, self.ctx.locale
        frame, column = card_frame("contribution")
        top = QHBoxLayout()
        top.addWidget(text_label(contribution.title.get(locale), "subtitle"), 1)
        rate = text_label(contribution.rate.get(locale), "subtitle",
                          name=f"rate-{contribution.id}")
        rate.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        top.addWidget(rate, 1)
        column.addLayout(top)
        column.addLayout(_icon_line("account-cash", tr("Who pays: {who}").format(
            who=contribution.who_pays.get(locale)), "body"))
        column.addLayout(_icon_line("scale-balance", tr("On what wage: {base}").format(
            base=contribution.wage_base.get(locale)), "note"))
        return frame

    def _calculator(self) -> QFrame:
        tr, locale = self.tr, self.ctx.locale
        frame, column = card_frame("calculator")
        column.addLayout(_icon_line("calculator", tr("Work it out for one worker"), "subtitle",
                                    name="calculator-title"))
        column.addWidget(text_label(tr("Set the worker's monthly wage with − and +."), "note"))
        wage = int(self.ctx.visit.extra.get(WAGE, 0))
        stepper = NumberStepper(0, WAGE_MAX, WAGE_STEP, wage, big_step=WAGE_BIG_STEP,
                                number=lambda v: format_number(v, locale),
                                unit=tr("riel a month"), name="contribution-stepper",
                                stacked=True)
        stepper.value_changed.connect(self._wage_changed)
        column.addWidget(stepper)
        self.result = text_label("", "body", name="contribution-result")
        column.addWidget(self.result)
        self._show_result()
        return frame

    def _wage_changed(self, value: int) -> None:
        self.ctx.visit.extra[WAGE] = value
        self._show_result()

    def _show_result(self) -> None:
        if self.result is None:
            return
        tr, locale = self.tr, self.ctx.locale
        wage = int(self.ctx.visit.extra.get(WAGE, 0))
        if wage <= 0:
            self.result.setText(tr("Set a wage to see what you pay."))
            return
        try:
            estimate = employer_contribution(wage, locale, book=self.ctx.rules)
        except KioskError as exc:
            self.result.setText(exc.message(locale))
            return
        headline = tr("You pay about {amount} a month for this worker.").format(
            amount=format_riel(estimate.amount_riel, locale))
        self.result.setText(headline + "\n\n" + estimate.text(locale))
