"""Done ends the visit: "Done" after printing and "Finish" in the top bar forget every answer,
tick, search and wage at once, by the idle reset's own path, and leave the kiosk on the attract
loop in its default language; the next visitor meets the same checklist with no ticks and an
interview that starts afresh."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from test_flows_visitor import Visitor, visitor  # noqa: F401 - the fixture

from kiosk.i18n import DEFAULT_LOCALE
from ui import printing
from ui.printing import NoPrinterBackend

CHECKLIST = "claim-maternity-allowance"
MATERNITY = "maternity-allowance"


@pytest.fixture()
def no_printer() -> Iterator[None]:
    printing.use_backend(NoPrinterBackend())
    yield
    printing.use_backend(None)


def a_full_visit(v: Visitor) -> None:
    """Ticks, an answer, a wage, a search and a monthly total: everything a visit can leave."""
    v.open("search", locale="en")
    v.type("card")
    v.open("monthly", locale="en", audience="employer")
    v.set_number("monthly-workers", 4)
    v.type_wage("monthly-wage", "1000000", "riel")
    assert v.visible("monthly-total")  # an estimate on the screen
    v.open("interview", {"benefit": MATERNITY}, locale="en")
    v.tap("answer-worker")
    v.open("checklist", {"id": CHECKLIST}, locale="en")
    v.tap("doc-id-card")
    v.tap("doc-nssf-card")
    assert v.ctx.visit.ticks[CHECKLIST] == {"id-card", "nssf-card"}


def the_next_visitor_finds_nothing(v: Visitor) -> None:
    assert v.screen == "attract" and v.ctx.locale == DEFAULT_LOCALE
    visit = v.ctx.visit
    assert (visit.ticks, visit.interviews, visit.search_text, visit.extra) == ({}, {}, "", {})
    # the next visitor: the same checklist shows no ticks
    v.qtbot.mouseClick(v.ui.find(v.shell, "attract-touch"), Qt.MouseButton.LeftButton)
    v.qtbot.waitUntil(lambda: v.screen == "start", timeout=2000)
    v.tap("start-lang-en")
    v.tap("start-audience-worker")
    v.tap("home-tile-claims")
    v.tap(f"claim-{CHECKLIST}")
    assert v.screen == "checklist"
    assert not v.find("doc-id-card").isChecked() and not v.find("doc-nssf-card").isChecked()
    assert v.visible("bring-id-card")  # still to bring
    # the interview starts afresh: the first question, nothing chosen
    v.tap("checklist-benefit")
    v.tap("benefit-interview")
    interview = v.ctx.visit.interviews[MATERNITY]
    assert interview.asked == [] and interview.current().fact == "role"
    assert not v.find("answer-worker").isChecked()
    v.shell.go("search")
    v.settle()
    assert v.find("search-field").text() == ""
    v.shell.go("monthly")
    v.settle()
    assert v.find("monthly-workers").value() == 1
    assert not v.visible("monthly-total") and "1,000,000" not in " ".join(v.texts())


def test_done_after_printing_ends_the_visit(visitor, no_printer) -> None:  # noqa: F811
    a_full_visit(visitor)
    visitor.tap("checklist-print")
    screen = visitor.shell.current
    visitor.qtbot.waitUntil(lambda: screen.state in ("printed", "fallback"), timeout=20000)
    visitor.tap("print-done")
    the_next_visitor_finds_nothing(visitor)


def test_finish_in_the_top_bar_ends_the_visit_anywhere(visitor) -> None:  # noqa: F811
    a_full_visit(visitor)
    field = visitor.shell.screens["search"].findChild(QLineEdit, "search-field")
    assert field.isUndoAvailable()
    QApplication.clipboard().setText("012 345 678")
    visitor.tap("topbar-finish")
    assert not field.isUndoAvailable() and QApplication.clipboard().text() == ""
    the_next_visitor_finds_nothing(visitor)


def test_finish_is_where_there_is_a_visit_to_finish(visitor) -> None:  # noqa: F811
    visitor.shell.go("start")
    visitor.settle()
    assert not visitor.visible("topbar-finish")
    visitor.open("home", locale="km")
    assert visitor.visible("topbar-finish")
    assert visitor.text("topbar-finish") == "បញ្ចប់"


def test_done_and_the_idle_reset_are_one_path(visitor, monkeypatch) -> None:  # noqa: F811
    """Done goes through the shell's reset (every screen's reset, then ctx.new_visit), exactly
    as the idle timer's expiry does."""
    calls: list[str] = []
    real = visitor.ctx.new_visit
    monkeypatch.setattr(visitor.ctx, "new_visit", lambda: (calls.append("new"), real())[1])
    visitor.open("home")
    visitor.tap("topbar-finish")
    visitor.open("home")
    visitor.shell.clock.expired.emit()
    assert calls == ["new", "new"]
