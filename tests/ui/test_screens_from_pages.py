"""Screens are built once and filled from page models: they import no core but kiosk.pages, a
language switch or a tick creates and deletes no widget, and the checklist screen and its
printout made from one page show the same pictures and words."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget
from test_flows_visitor import SCREENS, visitor  # noqa: F401 - the fixture

from kiosk.guidance.compose import checklist_document_from
from kiosk.guidance.documents import Heading, Item, StepItem
from kiosk.pages.checklist import checklist_page
from kiosk.pages.icons import MARKS
from kiosk.pages.routes import SCREEN_NAMES
from ui import navigation
from ui.screens.checklist import ChecklistScreen, PaperRow, StepCard
from ui.widgets.icon import IconLabel

SCREEN_DIR = Path(__file__).resolve().parents[2] / "ui" / "screens"


def core_imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
        elif isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
    return [n for n in names if n == "kiosk" or n.startswith("kiosk.")]


def test_screens_import_no_core_but_page_models() -> None:
    wrong = {path.name: [n for n in core_imports(path) if not n.startswith("kiosk.pages")]
             for path in sorted(SCREEN_DIR.glob("*.py"))}
    assert not {name: found for name, found in wrong.items() if found}


def test_the_core_and_the_shell_name_the_same_screens() -> None:
    assert set(navigation.SCREENS) == SCREEN_NAMES


def widgets(root: QWidget) -> set[int]:
    return {id(w) for w in root.findChildren(QWidget)}


@pytest.mark.parametrize(("name", "params"), SCREENS, ids=[s[0] for s in SCREENS])
def test_a_language_switch_fills_the_same_widgets(visitor, name, params) -> None:  # noqa: F811
    if name == "decision":  # a finished interview
        interview = visitor.ctx.rules.interview(params["benefit"], "km")
        for value in ("worker", True, True, 38, 12):
            interview.answer(value)
        visitor.ctx.visit.interviews[params["benefit"]] = interview
    visitor.open(name, params, locale="km")
    screen = visitor.shell.current
    before = widgets(screen)
    texts = visitor.texts()
    visitor.language("en")
    assert visitor.shell.current is screen
    after = widgets(screen)
    assert before <= after, "a language switch deleted widgets"
    if name != "search":  # the other language may find more results: more rows, none lost
        assert after == before, "a language switch made new widgets"
    assert visitor.texts() != texts
    visitor.language("km")
    assert widgets(screen) == after


def test_a_tick_changes_its_row_and_what_to_bring_only(visitor) -> None:  # noqa: F811
    visitor.open("checklist", {"id": "claim-maternity-allowance"})
    screen = visitor.shell.current
    before = widgets(screen)
    rows = list(screen.papers.shown())
    first = rows[0].paper.id
    visitor.tap(f"doc-{first}")
    assert widgets(screen) == before and list(screen.papers.shown()) == rows
    assert rows[0].mark.icon_name == rows[0].paper.mark_icon == "checkbox-marked-circle"
    assert not visitor.visible(f"bring-{first}")
    visitor.tap(f"doc-{first}")
    assert visitor.visible(f"bring-{first}") and widgets(screen) == before


def test_keys_update_the_result_tiles_in_place(visitor) -> None:  # noqa: F811
    visitor.open("search", locale="en")
    visitor.type("card")
    screen = visitor.shell.current
    rows = list(screen.results.rows)
    assert screen.results.count > 0
    visitor.tap("key-backspace")
    visitor.type("d")
    assert screen.results.rows[: len(rows)] == rows  # the same tiles, refilled


@pytest.mark.parametrize("locale", ["km", "en"])
def test_the_checklist_screen_and_its_printout_from_one_page(ctx, qtbot, locale) -> None:
    library = ctx.library
    checklist = library.checklist("claim-injury-care")
    ticks = [checklist.documents[0].id, checklist.documents[2].id]
    page = checklist_page(library, checklist.id, locale, ticks=ticks)
    screen = ChecklistScreen(ctx)
    qtbot.addWidget(screen)
    ctx.set_locale(locale)
    screen.show_page(page)
    document = checklist_document_from(page, library)

    assert (document.title, document.icon) == (screen.title.text(), screen.icon.icon_name)
    # the papers: the paper's items in its groups, the screen's rows in checklist order
    items = [b for b in document.blocks if isinstance(b, Item)]
    rows: list[PaperRow] = screen.papers.shown()
    on_screen = {(r.name.text(), r.icon.icon_name, r.mark.icon_name,
                  (r.where.text(), *([r.note.text()] if not r.note.isHidden() else [])))
                 for r in rows}
    on_paper = {(i.title, i.icon, MARKS[i.mark], i.details) for i in items}
    assert {i.mark for i in items} == {"have", "need"}
    assert on_screen == on_paper and len(rows) == len(checklist.documents)
    # what is still to bring: the screen's panel, the paper's "Still to bring"
    need = next(g for g in page.groups if g.key == "need")
    at = document.blocks.index(Heading(need.heading, need.icon))
    still = [b for b in document.blocks[at + 1:] if isinstance(b, Item)]
    assert need.icon == page.bring.icon == screen.bring_icon.icon_name  # one picture for it
    bring = [(r.label.text(), r.icon.icon_name) for r in screen.bring_lines.shown()]
    assert bring == [(i.title, i.icon) for i in still]
    assert [r.objectName() for r in screen.bring_lines.shown()] == [
        f"bring-{d.id}" for d in checklist.documents if d.id not in ticks]
    # the steps: number, words, who (picture and words), where and by when
    steps = [b for b in document.blocks if isinstance(b, StepItem)]
    cards: list[StepCard] = screen.steps.shown()
    assert len(cards) == len(steps) == len(checklist.steps)
    for card, step in zip(cards, steps, strict=True):
        lines = [(card.who.icon.icon_name, card.who.label.text())]
        lines += [(row.icon.icon_name, row.label.text()) for row in card.details.shown()]
        assert (card.number.text(), card.text.text()) == (step.number, step.text)
        assert tuple(lines) == step.details
        assert (card.icon.icon_name if not card.icon.isHidden() else None) == step.icon
    shown = [w.text() for w in screen.findChildren(QLabel, "step-who")]
    assert all(text for text in shown)


def test_screens_are_made_ahead_while_idle_and_leave_no_trace(shell, ui, ctx, qtbot) -> None:
    journey = ctx.device.journey()
    before = journey.count()
    visit = ctx.visit
    shell.prepare_screens()
    qtbot.waitUntil(lambda: not shell.preparing(), timeout=30_000)
    assert set(navigation.SCREENS) - set(shell.screens) == {"staff"}
    assert shell.current_name == "attract" and shell.is_idle()
    assert ctx.visit is visit and ctx.visit.ticks == {} and ctx.locale == "km"
    assert journey.count() == before, "a rehearsal is no visit"
    journey.close()
    checklist = shell.screens["checklist"]
    assert len(checklist.papers.rows) == max(len(c.documents) for c in ctx.library.checklists())
    words = [w.text() for w in checklist.findChildren(QLabel)
             if not isinstance(w, IconLabel) and w.text()]
    assert not words, "nothing of the rehearsal stays on screen"
    # and a visitor's first visit finds it ready
    ui.qtbot.mouseClick(shell.current, Qt.MouseButton.LeftButton)
    ui.click(shell, "start-audience-worker")
    ui.click(shell, "home-tile-claims")
    assert shell.current_name == "claims" and ui.find(shell, "claim-claim-medical-care")
