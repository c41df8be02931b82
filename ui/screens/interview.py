"""The eligibility interview: one question per screen, answered by a tap.

The `Interview` (kiosk.eligibility) decides which question comes next; this screen only shows it:
yes/no and choices as big buttons, numbers as a stepper (− / +, never typing), and under every
question "I don't know" (the engine then sends the visitor to staff with it named). The interview
object lives in `ctx.visit.interviews[benefit]` and a stepper's value not yet confirmed in
`ctx.visit.extra`, so a language switch shows the same question with the same number.

Params: `benefit` (a benefit id; "" or absent: "what can I get?", across all benefits).
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QVBoxLayout, QWidget

from kiosk.content.library import NotFound
from kiosk.eligibility import DONT_KNOW, Interview, Question
from kiosk.i18n import format_number
from ui.screens.base import Screen
from ui.widgets.buttons import BigButton
from ui.widgets.cards import CardArea, card_frame
from ui.widgets.icon import IconLabel
from ui.widgets.keyboard import NumberStepper
from ui.widgets.text import text_label

PENDING = "interview-pending"  # ctx.visit.extra key: {benefit: (fact, stepper value)}


class InterviewScreen(Screen):
    name = "interview"

    def __init__(self, ctx) -> None:  # noqa: ANN001 - AppContext
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 12, 32, 12)
        layout.setSpacing(8)
        head = QHBoxLayout()
        head.setSpacing(16)
        self.icon = IconLabel("help-circle", 56)
        head.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        self.title = text_label("", "subtitle", name="interview-title")
        head.addWidget(self.title, 1)
        self.progress_text = text_label("", "note", name="interview-progress")
        self.progress_text.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        head.addWidget(self.progress_text, 0)
        layout.addLayout(head)
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("interview-progress-bar")
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setFixedHeight(14)
        layout.addWidget(self.progress_bar)

        # The question and its answers scroll if they must (large text, a long Khmer question);
        # Previous and Next stay where the finger expects them.
        self.area = CardArea()
        layout.addWidget(self.area, 1)
        self.card, card = card_frame("question", margins=(28, 20, 28, 20), spacing=10)
        self.question = text_label("", "title", name="question-text")
        self.help = text_label("", "note", name="question-help")
        card.addWidget(self.question)
        card.addWidget(self.help)
        self.area.add(self.card)
        self.answers_box = QWidget()
        self.answers_box.setObjectName("interview-answers")
        self.answers = QVBoxLayout(self.answers_box)
        self.answers.setContentsMargins(0, 0, 0, 0)
        self.answers.setSpacing(12)
        self.area.add(self.answers_box)

        bottom = QHBoxLayout()
        bottom.setSpacing(12)
        self.previous = BigButton("", "arrow-left-circle", role="secondary")
        self.previous.setObjectName("interview-back")
        self.previous.clicked.connect(self._back)
        bottom.addWidget(self.previous, 0)
        bottom.addStretch(1)
        self.ok = BigButton("", "arrow-right-circle", role="primary", icon_size=48)
        self.ok.setObjectName("answer-ok")
        self.ok.clicked.connect(self._confirm_number)
        bottom.addWidget(self.ok, 0)
        layout.addLayout(bottom)
        self.stepper: NumberStepper | None = None

    # --- state -----------------------------------------------------------------------------
    @property
    def benefit(self) -> str:
        return self.params.get("benefit") or ""

    @property
    def interview(self) -> Interview:
        return self.ctx.interview(self.benefit)

    def _pending(self) -> dict[str, tuple[str, int]]:
        return self.ctx.visit.extra.setdefault(PENDING, {})

    def enter(self, params: dict[str, Any] | None = None) -> None:
        self.params = dict(params or {})
        interview = self.interview
        # Back from the decision: show the last question again (its answer preselected).
        if interview.finished and interview.can_go_back:
            interview.back()
        self.render()

    def reset(self) -> None:
        super().reset()
        self._clear_answers()
        for label in (self.title, self.progress_text, self.question, self.help):
            label.clear()

    # --- answering -------------------------------------------------------------------------
    def _answer(self, value: Any) -> None:
        self._pending().pop(self.benefit, None)
        after = self.interview.answer(value)
        self.ctx.log_step(self.name, "answer")
        if isinstance(after, Question):
            self.render()
        else:
            self.go.emit("decision", {"benefit": self.benefit})

    def _back(self) -> None:
        if self.interview.can_go_back:
            self._pending().pop(self.benefit, None)
            self.interview.back()
            self.render()

    def _confirm_number(self) -> None:
        if self.stepper is not None:
            self._answer(self.stepper.value())

    def _stepped(self, fact: str, value: int) -> None:
        self._pending()[self.benefit] = (fact, value)

    # --- rendering -------------------------------------------------------------------------
    def _benefit_title(self) -> tuple[str, str]:
        if not self.benefit:
            return self.tr("What can I get?"), "help-circle"
        try:
            benefit = self.ctx.library.benefit(self.benefit)
        except NotFound:
            return self.ctx.rules.ruleset(self.benefit).title[self.ctx.locale], "help-circle"
        return self.tr("Can I get it? {benefit}").format(
            benefit=benefit.title.get(self.ctx.locale)), benefit.icon

    def render(self) -> None:
        tr, locale = self.tr, self.ctx.locale
        title, icon = self._benefit_title()
        self.title.setText(title)
        self.icon.set_icon(icon)
        self.previous.set_text(tr("Previous question"))
        self.ok.set_text(tr("Next"))
        self.ok.hide()  # shown for a number, which a tap on − / + does not yet answer
        interview = self.interview
        self.previous.setEnabled(interview.can_go_back)
        current = interview.current(locale)
        if not isinstance(current, Question):  # answered already: nothing left to ask
            self._clear_answers()
            self.question.setText(tr("Every question is answered."))
            self.help.hide()
            see = BigButton(tr("See the answer"), "arrow-right-circle", role="primary")
            see.setObjectName("interview-result")
            see.clicked.connect(lambda: self.go.emit("decision", {"benefit": self.benefit}))
            self.answers.addWidget(see)
            self.progress_text.clear()
            return
        asked, most = interview.progress()
        self.progress_text.setText(tr("Question {number} of at most {total}").format(
            number=format_number(asked + 1, locale), total=format_number(max(most, asked + 1),
                                                                          locale)))
        self.progress_bar.setRange(0, max(most, asked + 1))
        self.progress_bar.setValue(asked)
        self.question.setText(current.text[locale])
        self.help.setText(current.help[locale] if current.help else "")
        self.help.setVisible(current.help is not None)
        self._show_answers(current)

    def _clear_answers(self) -> None:
        while self.answers.count():
            item = self.answers.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.hide()
                for child in (widget, *widget.findChildren(QWidget)):
                    child.setObjectName("")
                widget.deleteLater()
        self.stepper = None

    def _show_answers(self, question: Question) -> None:
        self._clear_answers()
        locale = self.ctx.locale
        if question.kind == "number":
            self._show_stepper(question)
        else:
            self._show_choices(question, locale)
        self._show_dont_know(question, locale)

    def _show_dont_know(self, question: Question, locale: str) -> None:
        button = BigButton(self.ctx.rules.texts["dont_know"][locale], "help-circle-outline",
                           role="secondary")
        button.setObjectName("answer-dont-know")
        if question.default == DONT_KNOW:
            button.setCheckable(True)
            button.setChecked(True)
        button.clicked.connect(lambda _=False: self._answer(DONT_KNOW))
        self.answers.addWidget(button)

    def _show_choices(self, question: Question, locale: str) -> None:
        choices = list(question.choices)
        if question.kind == "yes_no" and not choices:
            choices = [(True, self.ctx.rules.texts["yes"]), (False, self.ctx.rules.texts["no"])]
        row = QHBoxLayout() if question.kind == "yes_no" else None
        holder = QWidget()
        box = row or QVBoxLayout()
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(12)
        holder.setLayout(box)
        for value, text in choices:
            key = ("yes" if value else "no") if isinstance(value, bool) else str(value)
            icon = {"yes": "check-bold", "no": "close-thick"}.get(key) if row else None
            button = BigButton(text[locale], icon, role="choice", icon_size=48)
            button.setObjectName(f"answer-{key}")
            button.setProperty("touch", "huge" if row else "tall")  # heights: style.qss
            if question.default is not None and value == question.default:
                button.setCheckable(True)
                button.setChecked(True)  # the earlier answer, after Back or Change
            button.clicked.connect(lambda _=False, v=value: self._answer(v))
            box.addWidget(button, 1)
        self.answers.addWidget(holder)

    def _show_stepper(self, question: Question) -> None:
        locale = self.ctx.locale
        pending = self._pending().get(self.benefit)
        if pending is not None and pending[0] == question.fact:
            value = pending[1]
        elif question.default is not None and question.default != DONT_KNOW:
            value = question.default
        else:
            value = question.start if question.start is not None else (question.min or 0)
        self.stepper = NumberStepper(
            question.min or 0, question.max if question.max is not None else 1000,
            question.step or 1, value, number=lambda v: format_number(v, locale),
            unit=question.unit[locale] if question.unit else "", name="answer-stepper")
        self.stepper.value_changed.connect(lambda v, f=question.fact: self._stepped(f, v))
        self.answers.addWidget(self.stepper)
        self.ok.show()
