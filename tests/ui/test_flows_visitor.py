"""A visitor at the kiosk, for the flow tests (test_flows_*.py): taps on real widgets found by
objectName in the real shell, letting the event loop run after each tap as a screen would.

The tests here check what every content screen owes a finger and an eye: touch targets of at
least 60 px, no text cut off, in Khmer and in English.
"""
from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from kiosk.pages.monthly import EACH, MonthlyInput
from kiosk.pages.wage import TypedWage
from ui.context import WAGE
from ui.screens.monthly import INPUT
from ui.widgets.keyboard import NumberStepper, OnScreenKeyboard
from ui.widgets.keyboard_layouts import key_name


class Visitor:
    def __init__(self, shell, ui, ctx, qtbot) -> None:
        self.shell, self.ui, self.ctx, self.qtbot = shell, ui, ctx, qtbot

    # --- moving around ---------------------------------------------------------------------
    def open(self, name: str, params: dict[str, Any] | None = None, *, locale: str = "en",
             audience: str = "worker") -> None:
        """As after the start screen (language, audience) and a tile: now on screen `name`."""
        self.ctx.visit.audience = audience
        self.ctx.set_locale(locale)
        self.shell.go("home")
        self.shell.go(name, params or {})
        self.settle()
        assert self.shell.current_name == name

    def settle(self) -> None:
        """Let queued work run (Qt shows widgets added to a visible layout on the next loop)."""
        self.qtbot.wait(1)

    def tap(self, name: str) -> QWidget:
        widget = self.ui.click(self.shell, name)
        self.settle()
        return widget

    def language(self, locale: str) -> None:
        self.tap(f"topbar-lang-{locale}")
        assert self.ctx.locale == locale

    @property
    def screen(self) -> str:
        return self.shell.current_name

    @property
    def params(self) -> dict[str, Any]:
        return self.shell.current_params

    def sends(self, name: str) -> list[Any]:
        """Tap `name` and return what the screen asked the shell for: [screen, params]."""
        with self.qtbot.waitSignal(self.shell.current.go, timeout=1000) as sent:
            self.ui.click(self.shell, name)
        self.settle()
        return sent.args

    # --- reading ---------------------------------------------------------------------------
    def find(self, name: str) -> QWidget:
        return self.ui.find(self.shell, name)

    def text(self, name: str) -> str:
        return self.find(name).text()

    def card(self, key: str) -> QWidget:
        """The visible card whose "card" property is `key` ("duty-pay-contributions")."""
        found = [w for w in self.shell.findChildren(QWidget, "card")
                 if w.property("card") == key and w.isVisibleTo(self.shell)]
        assert found, f"no visible card {key!r}"
        return found[0]

    def visible(self, name: str) -> bool:
        return any(w.isVisibleTo(self.shell) for w in self.shell.findChildren(QWidget, name))

    def texts(self) -> list[str]:
        return [t for t in self.ui.texts(self.shell.current) if t]

    # --- input -----------------------------------------------------------------------------
    def set_number(self, stepper_name: str, value: int) -> None:
        """Tap − / + (and the big steps) until the stepper shows `value`."""
        stepper = self.find(stepper_name)
        assert isinstance(stepper, NumberStepper)
        for _ in range(500):
            gap = value - stepper.value()
            if gap == 0:
                return
            big = stepper.big_step
            if big and abs(gap) >= big:
                self.tap(f"{stepper_name}-{'plus' if gap > 0 else 'minus'}-big")
            else:
                self.tap(f"{stepper_name}-{'plus' if gap > 0 else 'minus'}")
        raise AssertionError(f"{stepper_name} never reached {value}")

    def type_wage(self, pad: str, digits: str, currency: str) -> None:
        """Choose the currency on a wage keypad, clear it, and tap the digits in."""
        self.tap(f"{pad}-currency-{currency}")
        self.tap(f"{pad}-key-clear")
        for digit in digits:
            self.tap(f"{pad}-key-{digit}")

    def keyboard(self) -> OnScreenKeyboard:
        board = self.find("keyboard")
        assert isinstance(board, OnScreenKeyboard)
        return board

    def type(self, text: str) -> None:
        """Type `text` on the on-screen keyboard, key by key, switching pages as a person would."""
        board = self.keyboard()
        for ch in text:
            if ch == " ":
                self.tap("key-space")
                continue
            page = board.page_of(ch)
            script = page.split("-")[0]
            if board.script != script:
                self.tap("key-switch")
            if page.endswith("-more") and board.page != page:
                self.tap("key-more")
            elif page.endswith("-shift") and board.page != page:
                self.tap("key-shift")
            elif page == script and board.page != page:
                self.tap("key-more" if board.page.endswith("-more") else "key-shift")
            assert board.page == page, (ch, board.page)
            self.tap(key_name(ch))


@pytest.fixture()
def visitor(shell, ui, ctx, qtbot) -> Visitor:
    return Visitor(shell, ui, ctx, qtbot)


def small_targets(root: QWidget) -> list[str]:
    return [b.objectName() or b.text() for b in root.findChildren(QAbstractButton)
            if b.isVisibleTo(root) and (b.height() < 60 or b.width() < 60)]


def cut_labels(root: QWidget) -> list[str]:
    """Labels smaller than their text needs: too short for their wrapped lines, or (one line)
    too narrow for it."""
    out = []
    for label in root.findChildren(QLabel):
        if not (label.isVisibleTo(root) and label.text() and label.width() > 0):
            continue
        if label.wordWrap():
            cut = label.height() < label.heightForWidth(label.width()) - 2
        else:
            cut = label.width() < label.sizeHint().width() - 2
        if cut:
            out.append(f"{label.objectName()}: {label.text()[:40]}")
    return out


SCREENS = [
    ("benefits", {}), ("benefit", {"id": "maternity-allowance"}), ("claims", {}),
    ("checklist", {"id": "claim-maternity-allowance"}), ("interview", {"benefit": "medical-care"}),
    ("employer", {}), ("stories", {}), ("contacts", {}), ("search", {}),
    ("decision", {"benefit": "maternity-allowance"}), ("guide", {"id": "asked-to-pay"}),
    ("monthly", {}), ("home", {}),
]


@pytest.mark.parametrize("locale", ["km", "en"])
@pytest.mark.parametrize(("name", "params"), SCREENS, ids=[s[0] for s in SCREENS])
def test_targets_are_finger_sized_and_no_text_is_cut(visitor, name, params, locale) -> None:
    if name == "decision":  # a finished interview, with the estimate's wage stepper at 800,000
        interview = visitor.ctx.rules.interview(params["benefit"], locale)
        for fact, value in (("role", "worker"), ("employer_registered", True),
                            ("gave_birth", True), ("weeks_pregnant", 38),
                            ("consecutive_months_contributed", 12)):
            assert interview.current().fact == fact
            interview.answer(value)
        visitor.ctx.visit.interviews[params["benefit"]] = interview
        visitor.ctx.visit.extra[WAGE] = TypedWage("800000", "riel")
    if name == "monthly":  # each worker's wage, one of them typed: the longest page
        visitor.ctx.visit.extra[INPUT] = MonthlyInput(
            6, EACH, TypedWage(currency="riel"), (TypedWage("1000000", "riel"),))
    visitor.open(name, params, locale=locale, audience="employer" if name == "monthly"
                 else "worker")
    visitor.qtbot.wait(50)  # let the scroll areas fit their content
    screen = visitor.shell.current
    assert small_targets(screen) == []
    assert cut_labels(screen) == []


def test_the_next_visitor_sees_nothing_of_the_last(visitor) -> None:
    """A visit with a search, ticks, answers and a wage; then the idle reset: no screen of this
    work still holds any of it, even before it is shown again."""
    visitor.open("search", locale="km")
    visitor.type("ប្រាក់បំណាច់មាតុ")
    visitor.tap("result-benefits-maternity-allowance")
    visitor.tap("benefit-checklist")
    visitor.tap("doc-id-card")
    visitor.open("interview", {"benefit": "maternity-allowance"}, locale="en")
    for tap in ("answer-worker", "answer-yes", "answer-yes", "answer-ok"):
        visitor.tap(tap)
    visitor.set_number("answer-stepper", 12)
    visitor.tap("answer-ok")
    assert visitor.screen == "decision"
    visitor.type_wage("wage", "300000", "riel")
    visitor.shell.reset_visit()
    assert visitor.screen == "attract"
    for name, screen in visitor.shell.screens.items():
        if name in {s[0] for s in SCREENS}:
            texts = " ".join(visitor.ui.texts(screen))
            assert "ប្រាក់បំណាច់មាតុ" not in texts, name  # the query, or what it found
            assert "I work for an employer" not in texts, name
            assert "300,000" not in texts and "៣០០.០០០" not in texts, name
    assert visitor.ctx.visit.ticks == {} and visitor.ctx.visit.interviews == {}
    visitor.open("search", locale="km")
    assert visitor.find("search-field").text() == ""
