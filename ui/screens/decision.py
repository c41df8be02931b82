"""The answer of an interview: the outcome big (icon and colour; "not yet" in a neutral one, with
the condition still to meet), the reasons, the next step, an estimate where the benefit pays
money (with a wage stepper), the answers given with "Change", and Print. The "what can I get?"
answer lists the benefits in their groups (now, when it happens, ... : kiosk.eligibility).

Everything shown comes from the `Interview` in `ctx.visit.interviews[benefit]`; the wage the
visitor sets is kept in `ctx.visit.extra`, so a language switch shows the same estimate.
Params: `benefit` (a benefit id; "" for the "what can I get?" interview).
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.content.library import NotFound
from kiosk.eligibility import DONT_KNOW, Decision, Interview, Question, estimate_allowance
from kiosk.errors import KioskError
from kiosk.i18n import format_number, format_riel
from ui.screens.base import Screen
from ui.widgets.buttons import BigButton
from ui.widgets.cards import CardArea, card, card_frame
from ui.widgets.icon import IconLabel
from ui.widgets.keyboard import NumberStepper
from ui.widgets.text import text_label

OUTCOME_ICONS = {
    "eligible": "check-circle",
    "not_eligible": "close-circle",
    "not_yet": "calendar-clock",
    "unknown": "help-circle",
    "ask_staff": "account-question",
}
REASON_ICONS = {True: "check-bold", False: "close-thick", None: "help"}
WAGE = "decision-wage"  # ctx.visit.extra key: the monthly wage typed for estimates (riel)
WAGE_MAX, WAGE_STEP, WAGE_BIG_STEP = 10_000_000, 10_000, 100_000


class DecisionScreen(Screen):
    name = "decision"

    def __init__(self, ctx) -> None:  # noqa: ANN001 - AppContext
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.setSpacing(8)
        self.area = CardArea()
        layout.addWidget(self.area, 1)
        actions = QHBoxLayout()
        actions.setSpacing(12)
        self.change = BigButton("", "pencil", role="secondary")
        self.change.setObjectName("decision-change")
        self.change.clicked.connect(self._show_answers)
        self.print = BigButton("", "printer", role="primary")
        self.print.setObjectName("decision-print")
        self.print.clicked.connect(self._print)
        actions.addWidget(self.change, 1)
        actions.addWidget(self.print, 1)
        layout.addLayout(actions)
        self.answers_card: QWidget | None = None
        self.estimate_label: QLabel | None = None

    # --- state -----------------------------------------------------------------------------
    @property
    def benefit(self) -> str:
        return self.params.get("benefit") or ""

    @property
    def interview(self) -> Interview:
        return self.ctx.interview(self.benefit)

    def _wage(self) -> int:
        return int(self.ctx.visit.extra.get(WAGE, 0))

    def facts(self) -> dict[str, Any]:
        """The answers, with the wage if the visitor set one (it adds an estimate on paper)."""
        facts = dict(self.interview.answers)
        if self._wage() > 0:
            facts["monthly_wage_riel"] = self._wage()
        return facts

    def _print(self) -> None:
        self.go.emit("print", {"kind": "decision", "id": self.benefit, "facts": self.facts()})

    def _change(self, fact: str) -> None:
        self.interview.change(fact)
        self.ctx.log_step(self.name, "change")
        self.go.emit("interview", {"benefit": self.benefit})

    def _show_answers(self) -> None:
        if self.answers_card is not None:
            self.area.ensureWidgetVisible(self.answers_card, 0, 0)

    def reset(self) -> None:
        super().reset()
        self.area.clear()
        self.answers_card = self.estimate_label = None

    # --- rendering -------------------------------------------------------------------------
    def render(self) -> None:
        tr, locale = self.tr, self.ctx.locale
        self.change.set_text(tr("Change an answer"))
        self.print.set_text(tr("Print / take it with you"))
        self.area.clear()
        self.answers_card = self.estimate_label = None
        current = self.interview.current(locale)
        if isinstance(current, Question):  # not finished (a reset, a stale link): ask on
            self.area.add(text_label(tr("Some questions are not answered yet."), "subtitle"))
            more = BigButton(tr("Answer the questions"), "arrow-right-circle", role="primary")
            more.setObjectName("decision-continue")
            more.clicked.connect(lambda: self.go.emit("interview", {"benefit": self.benefit}))
            self.area.add(more)
            self.print.setEnabled(False)
            return
        self.print.setEnabled(True)
        # the "what can I get?" round has no one guidance to print: each benefit it lists opens
        # its card, which prints
        self.print.setVisible(not isinstance(current, list))
        if isinstance(current, list):
            self._render_all(current)
        else:
            self._render_one(current)
        self._render_answers()

    def _title(self, decision: Decision) -> str:
        try:
            return self.ctx.library.benefit(decision.benefit).title.get(self.ctx.locale)
        except NotFound:
            return decision.title[self.ctx.locale]

    def _outcome(self, decision: Decision, *, big: bool) -> tuple[QFrame, QVBoxLayout]:
        frame = QFrame()
        frame.setObjectName("outcome")
        frame.setProperty("outcome", decision.outcome)
        frame.setProperty("group", decision.group)  # an employer's "for workers": not a refusal
        row = QHBoxLayout(frame)
        row.setContentsMargins(24, 18, 24, 18)
        row.setSpacing(20)
        name = OUTCOME_ICONS.get(decision.outcome, "help-circle")
        icon = IconLabel("account-hard-hat" if decision.group == "workers" else name,
                         96 if big else 64)
        icon.setObjectName("outcome-icon")
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout()
        column.setSpacing(4)
        words = decision.outcome_text[self.ctx.locale]
        if decision.group == "workers":  # an employer: the benefit their workers get, no refusal
            words, note = self._title(decision), self.ctx.rules.groups["workers"][self.ctx.locale]
        else:
            note = self._title(decision)
        column.addWidget(text_label(note, "note", name="outcome-benefit"))
        title = text_label(words, "title",
                           name="outcome-title" if big else f"outcome-title-{decision.benefit}")
        column.addWidget(title)
        column.addWidget(text_label(decision.headline, "body", name="outcome-headline"))
        row.addLayout(column, 1)
        return frame, column

    def _render_one(self, decision: Decision) -> None:
        tr, locale = self.tr, self.ctx.locale
        self.area.add(self._outcome(decision, big=True)[0])
        if decision.until:  # not yet: the condition still to meet
            frame, column = card_frame("until")
            column.addWidget(text_label(tr("When you can get it"), "subtitle"))
            column.addWidget(text_label(decision.until[locale], "body", name="decision-until"))
            self.area.add(frame)

        why, column = card_frame()
        column.addWidget(text_label(tr("Why"), "subtitle", name="decision-why"))
        for i, reason in enumerate(decision.reasons):
            line = QHBoxLayout()
            line.setSpacing(12)
            mark = IconLabel(REASON_ICONS.get(reason.held, "help"), 36)
            mark.setProperty("held", "none" if reason.held is None else str(reason.held).lower())
            line.addWidget(mark, 0, Qt.AlignmentFlag.AlignTop)
            line.addWidget(text_label(reason.text, "body", name=f"reason-{i}"), 1)
            column.addLayout(line)
        self.area.add(why)

        step = card(tr("What to do next"), decision.next_step.get(locale, ""), "shoe-print")
        checklist = decision.next_step.get("checklist")
        if checklist:
            bring = BigButton(tr("What to bring"), "format-list-checks", role="primary")
            bring.setObjectName("decision-checklist")
            bring.clicked.connect(lambda: self.go.emit("checklist", {"id": checklist}))
            self.area.add(step)
            self.area.add(bring)
        else:
            self.area.add(step)

        if decision.outcome == "eligible" and self._has_estimate(decision.benefit):
            self._render_estimate(decision)

    def _has_estimate(self, benefit: str) -> bool:
        try:
            return self.ctx.rules.ruleset(benefit).estimate
        except KioskError:
            return False

    def _render_estimate(self, decision: Decision) -> None:
        tr, locale = self.tr, self.ctx.locale
        frame, column = card_frame("estimate", spacing=10)
        column.addWidget(text_label(tr("How much? An estimate"), "subtitle", name="estimate-title"))
        column.addWidget(text_label(tr("Set your monthly wage with − and +."), "note"))
        stepper = NumberStepper(0, WAGE_MAX, WAGE_STEP, self._wage(), big_step=WAGE_BIG_STEP,
                                number=lambda v: format_number(v, locale),
                                unit=tr("riel a month"), name="wage-stepper",
                                stacked=True)
        column.addWidget(stepper)
        self.estimate_label = text_label("", "body", name="estimate-text")
        column.addWidget(self.estimate_label)
        stepper.value_changed.connect(self._wage_changed)
        self.area.add(frame)
        self._show_estimate()

    def _wage_changed(self, value: int) -> None:
        self.ctx.visit.extra[WAGE] = value
        self._show_estimate()

    def _show_estimate(self) -> None:
        if self.estimate_label is None:
            return
        tr, locale = self.tr, self.ctx.locale
        wage = self._wage()
        if wage <= 0:
            self.estimate_label.setText(tr("Set your wage to see how much NSSF would pay."))
            return
        try:
            estimate = estimate_allowance(self.benefit, wage,
                                          self.interview.answers.get("unable_to_work_days"),
                                          locale, book=self.ctx.rules)
        except KioskError as exc:
            self.estimate_label.setText(exc.message(locale))
            return
        headline = tr("About {amount}").format(amount=format_riel(estimate.amount_riel, locale))
        self.estimate_label.setText(headline + "\n\n" + estimate.text(locale))

    def _render_all(self, decisions: list[Decision]) -> None:
        tr = self.tr
        self.area.add(text_label(tr("What you can get"), "title", name="decision-all-title"))
        for group in self.ctx.rules.overview(decisions):
            self.area.add(text_label(group.title[self.ctx.locale], "subtitle",
                                     name=f"group-{group.id}"))
            self._render_group(group.decisions)

    def _render_group(self, decisions: list[Decision]) -> None:
        tr = self.tr
        for decision in decisions:
            frame, column = self._outcome(decision, big=False)
            frame.setProperty("benefit", decision.benefit)
            more = BigButton(tr("About this benefit"), "information-outline", role="secondary")
            more.setObjectName(f"decision-benefit-{decision.benefit}")
            more.clicked.connect(
                lambda _=False, b=decision.benefit: self.go.emit("benefit", {"id": b}))
            column.addWidget(more)
            self.area.add(frame)

    def _render_answers(self) -> None:
        tr, locale = self.tr, self.ctx.locale
        interview = self.interview
        asked = interview.asked
        if not asked:
            return
        frame, column = card_frame("answers", spacing=10)
        column.addWidget(text_label(tr("Your answers"), "subtitle", name="decision-answers"))
        answers = interview.answers
        for fact in asked:
            question = self.ctx.rules.question(fact)
            line = QHBoxLayout()
            line.setSpacing(12)
            words = QVBoxLayout()
            words.addWidget(text_label(question.text[locale], "note"))
            words.addWidget(text_label(self._answer_text(question, answers[fact]), "body",
                                       name=f"answer-given-{fact}"))
            line.addLayout(words, 1)
            change = BigButton(tr("Change"), "pencil", role="secondary", icon_size=32)
            change.setObjectName(f"change-{fact}")
            change.clicked.connect(lambda _=False, f=fact: self._change(f))
            line.addWidget(change, 0, Qt.AlignmentFlag.AlignVCenter)
            column.addLayout(line)
        self.answers_card = frame
        self.area.add(frame)

    def _answer_text(self, question: Question, value: Any) -> str:
        locale = self.ctx.locale
        if value == DONT_KNOW:
            return self.ctx.rules.texts["dont_know"][locale]
        if isinstance(value, bool):
            return self.ctx.rules.texts["yes" if value else "no"][locale]
        for choice, text in question.choices:
            if choice == value:
                return text[locale]
        if isinstance(value, int):
            unit = question.unit[locale] if question.unit else ""
            return f"{format_number(value, locale)} {unit}".strip()
        return str(value)
