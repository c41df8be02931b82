"""The eligibility interview (kiosk.pages.interview): one question per screen, answered by a tap:
yes/no and choices as big buttons with their pictures, numbers as a stepper (− / +, never
typing), and under every question "I don't know" (the engine then sends the visitor to staff
with it named). The top bar's Back steps back one question (`step_back`); on the first question
it leaves the interview, as Back does anywhere.

The interview object is the visit's (`ctx.interview(benefit)`), and a stepper's value not yet
confirmed is kept in `ctx.visit.extra`, so a language switch shows the same question with the
same number. Params: `benefit` (a benefit id; "" or absent: "what can I get?").
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QVBoxLayout

from kiosk.pages.interview import Choice, InterviewPage, answer, interview_page, previous, resume
from ui.screens.base import Screen
from ui.sizing import px
from ui.widgets.buttons import BigButton
from ui.widgets.cards import CardArea, card_frame
from ui.widgets.icon import IconLabel
from ui.widgets.keyboard import NumberStepper
from ui.widgets.rows import (
    RowPool,
    named,
    put,
    put_icon,
    settle_layouts,
    show_if,
    show_stepper,
)
from ui.widgets.text import text_label

if TYPE_CHECKING:
    from ui.context import AppContext

PENDING = "interview-pending"  # ctx.visit.extra key: {benefit: (fact, stepper value)}


class InterviewScreen(Screen):
    name = "interview"

    def __init__(self, ctx: AppContext) -> None:
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
        self.progress_bar.setFixedHeight(px(14))
        layout.addWidget(self.progress_bar)

        # The question and its answers scroll if they must (large text, a long Khmer question);
        # Previous and Next stay where the finger expects them.
        self.area = CardArea()
        layout.addWidget(self.area, 1)
        self.scrolls_in(layout, self.area)  # on a compact screen: ui/screens/base.py
        self.card, card = card_frame("question", margins=(28, 20, 28, 20), spacing=10)
        self.question = text_label("", "title", name="question-text")
        self.help = text_label("", "note", name="question-help")
        card.addWidget(self.question)
        card.addWidget(self.help)
        self.area.add(self.card)
        self.choices: RowPool[BigButton] = RowPool(self._choice_button, spacing=12)
        self.choices.setObjectName("interview-answers")
        self.area.add(self.choices)
        self.stepper = NumberStepper(0, 1, name="answer-stepper")
        self.stepper.value_changed.connect(self._stepped)
        self.area.add(self.stepper)
        self.dont_know = BigButton("", "help-circle-outline", role="secondary")
        self.dont_know.setObjectName("answer-dont-know")
        self.dont_know.clicked.connect(self._dont_know)
        self.area.add(self.dont_know)
        self.result = BigButton("", "arrow-right-circle", role="primary")
        self.result.setObjectName("interview-result")
        self.result.clicked.connect(lambda: self.follow(self.page.result.route))
        self.area.add(self.result)

        bottom = QHBoxLayout()
        bottom.setSpacing(12)
        bottom.addStretch(1)
        self.ok = BigButton("", "arrow-right-circle", role="primary", icon_size=48)
        self.ok.setObjectName("answer-ok")
        self.ok.clicked.connect(self._confirm_number)
        bottom.addWidget(self.ok, 0)
        layout.addLayout(bottom)
        self._choices: dict[BigButton, Choice] = {}
        self._touch = "tall"  # the answers' height: "huge" for yes / no side by side

    def _choice_button(self) -> BigButton:
        button = BigButton("", "check-bold", role="choice", icon_size=48)
        button.clicked.connect(lambda _=False, b=button: self._answer(self._choices[b].value))
        return button

    # --- state -----------------------------------------------------------------------------
    @property
    def benefit(self) -> str:
        return self.params.get("benefit") or ""

    @property
    def interview(self) -> Any:
        return self.ctx.interview(self.benefit)

    def _pending(self) -> dict[str, tuple[str, int]]:
        return self.ctx.visit.extra.setdefault(PENDING, {})

    def enter(self, params: dict[str, Any] | None = None) -> None:
        self.params = dict(params or {})
        resume(self.interview)  # Back from the decision: the last question again
        self.render()

    def make_page(self) -> InterviewPage:
        return interview_page(self.ctx.library, self.ctx.rules, self.interview, self.ctx.locale,
                              pending=self._pending().get(self.benefit))

    # --- answering -------------------------------------------------------------------------
    def _answer(self, value: Any) -> None:
        self._pending().pop(self.benefit, None)
        after = answer(self.interview, value)
        self.ctx.log_step(self.name, "answer")
        if after is None:
            self.render()
            settle_layouts()
        else:
            self.follow(after)

    def step_back(self) -> bool:
        """Back: the question before (its answer preselected); False on the first question."""
        if self.page is None or not self.interview.can_go_back:
            return False
        self._pending().pop(self.benefit, None)
        previous(self.interview)
        self.ctx.log_step(self.name, "back")
        self.render()
        settle_layouts()
        return True

    def can_step_back(self) -> bool:
        return self.page is not None and self.page.previous.enabled

    def _dont_know(self) -> None:
        question = self.page.question if self.page is not None else None
        if question is not None:
            self._answer(question.dont_know.value)

    def _confirm_number(self) -> None:
        if self.page is not None and self.page.question is not None and self.page.question.stepper:
            self._answer(self.stepper.value())

    def _stepped(self, value: int) -> None:
        question = self.page.question if self.page is not None else None
        if question is not None:
            self._pending()[self.benefit] = (question.fact, value)

    # --- showing ---------------------------------------------------------------------------
    def show_page(self, page: InterviewPage) -> None:
        put(self.title, page.title)
        put_icon(self.icon, page.icon)
        put(self.ok, page.confirm.text)
        put(self.progress_text, page.progress_text)
        question = page.question
        if question is None:  # answered already: nothing left to ask
            put(self.question, page.done)
            show_if(self.help, False)
            self.choices.fill((), self._show_choice)
            show_if(self.stepper, False)
            show_if(self.dont_know, False)
            show_if(self.ok, False)
            show_if(self.result, True)
            put(self.result, page.result.text)
            return
        show_if(self.result, False)
        self.progress_bar.setRange(0, page.progress[1])
        self.progress_bar.setValue(page.progress[0])
        put(self.question, question.text)
        put(self.help, question.help or "")
        show_if(self.help, question.help is not None)
        self.choices.set_direction(question.in_row)
        self._touch = "huge" if question.in_row else "tall"
        self.choices.fill(question.choices, self._show_choice)
        # a number: − / + do not answer it yet, Next does
        show_if(self.stepper, question.stepper is not None)
        show_if(self.ok, question.stepper is not None)
        if question.stepper is not None:
            show_stepper(self.stepper, question.stepper)
        show_if(self.dont_know, True)  # under every question: the engine sends it to staff
        self._show_choice(self.dont_know, question.dont_know, touch="")

    def _show_choice(self, button: BigButton, choice: Choice, touch: str | None = None) -> None:
        self._choices[button] = choice
        named(button, f"answer-{choice.key}")
        put(button, choice.text)
        show_if(button.icon_label, choice.icon is not None)  # yes / no have pictures
        if choice.icon:
            button.set_icon(choice.icon)
        if touch is None:  # heights: style.qss; yes / no side by side are the big ones
            touch = self._touch
        if button.property("touch") != touch:
            button.setProperty("touch", touch)
            button.style().unpolish(button)
            button.style().polish(button)
        if button.isCheckable() != choice.chosen or button.isChecked() != choice.chosen:
            button.setCheckable(choice.chosen)
            button.setChecked(choice.chosen)  # the earlier answer, after Back or Change
            button.sync_state()
