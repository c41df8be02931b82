"""While a visitor reads a screen, the shell lays it out in the other language too
(Shell.lay_out_other_language): a switch of language then lays out no text anew, and the pause
leaves nothing changed that the visitor could see or the counts could record."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QScrollArea
from touch import tap

import ui.widgets.label_sizes as label_sizes
from ui import navigation
from ui.shell import OTHER_LANGUAGE_AFTER_MS

PAUSE_MS = OTHER_LANGUAGE_AFTER_MS + 300


class CountingLabel:
    """Stands in for QLabel where the labels' size memory asks Qt to lay a text out."""

    def __init__(self) -> None:
        self.layouts = 0

    def heightForWidth(self, label: QLabel, width: int) -> int:  # noqa: N802 - Qt's name
        self.layouts += 1
        return QLabel.heightForWidth(label, width)

    def __getattr__(self, name: str) -> object:
        return getattr(QLabel, name)


@pytest.fixture()
def qt_layouts(monkeypatch) -> CountingLabel:
    counting = CountingLabel()
    monkeypatch.setattr(label_sizes, "QLabel", counting)
    return counting


def fullest_checklist(ctx) -> str:
    return max(ctx.library.checklists(), key=lambda c: len(c.documents) + len(c.steps)).id


def start_visit(ui, shell) -> None:
    tap(shell.current)  # the attract loop
    ui.click(shell, "start-lang-km")
    ui.click(shell, "start-audience-worker")


def texts(screen) -> list[str]:
    return [label.text() for label in screen.findChildren(QLabel) if label.isVisible()]


def test_after_a_pause_a_switch_lays_out_no_text_anew(shell, ui, ctx, qt_layouts) -> None:
    start_visit(ui, shell)
    shell.go("checklist", {"id": fullest_checklist(ctx)})
    ui.qtbot.wait(PAUSE_MS)  # the visitor reads
    assert qt_layouts.layouts > 0  # the English words were laid out meanwhile
    qt_layouts.layouts = 0
    ui.click(shell, "topbar-lang-en")
    assert ctx.locale == "en"
    assert qt_layouts.layouts == 0


def test_without_the_pause_the_first_switch_lays_texts_out(shell, ui, ctx, qt_layouts) -> None:
    """What the pause saves: the same switch straight away lays out the new texts."""
    start_visit(ui, shell)
    shell.go("checklist", {"id": fullest_checklist(ctx)})
    qt_layouts.layouts = 0
    ui.click(shell, "topbar-lang-en")
    assert qt_layouts.layouts > 10


def test_the_pause_changes_nothing_the_visitor_sees_or_the_counts_record(shell, ui, ctx) -> None:
    start_visit(ui, shell)
    checklist = fullest_checklist(ctx)
    shell.go("checklist", {"id": checklist})
    document = ctx.library.checklist(checklist).documents[0].id
    ui.click(shell, f"doc-{document}")  # a tick: the page changes, laid out again after it
    area = shell.current.findChildren(QScrollArea)[0]
    ui.qtbot.wait(50)
    bar = area.verticalScrollBar()
    bar.setValue(bar.maximum())
    scrolled, shown = bar.value(), texts(shell.current)
    steps = ctx.device.journey().count()
    ui.qtbot.wait(PAUSE_MS)
    assert shell._laid_out is not None and shell._laid_out[0] == "checklist"
    assert ctx.locale == "km" and shell.current_name == "checklist"
    assert texts(shell.current) == shown
    assert bar.value() == scrolled
    assert ctx.visit.ticks[checklist] == {document}
    assert ctx.device.journey().count() == steps  # no step logged, no language counted


def test_not_on_a_screen_outside_the_list(shell, ui, ctx) -> None:
    assert "search" not in navigation.LAID_OUT_IN_BOTH
    start_visit(ui, shell)
    shell.go("search")
    ui.qtbot.wait(PAUSE_MS)
    assert shell._laid_out is None


def test_a_reset_forgets_the_sizes_of_every_text_shown(shell, ui, ctx) -> None:
    """The labels' size memory holds the texts they showed, in both languages after a pause
    (amounts from a wage, the papers still to bring): the visit's end drops it all."""
    start_visit(ui, shell)
    shell.go("checklist", {"id": fullest_checklist(ctx)})
    ui.qtbot.wait(PAUSE_MS)
    screen = shell.current
    remembered = [t for label in screen.findChildren(label_sizes.SizeCachedLabel)
                  for t in label._by_text if t]
    assert remembered
    shell.reset_visit()
    left = [t for label in screen.findChildren(label_sizes.SizeCachedLabel)
            for t in label._by_text if t]
    assert left == []


def test_a_failure_meanwhile_leaves_the_screen_in_the_visitor_language(shell, ui, ctx,
                                                                       monkeypatch) -> None:
    start_visit(ui, shell)
    shell.go("benefits")
    ui.qtbot.wait(50)
    screen, shown = shell.current, texts(shell.current)
    real = type(screen).make_page

    def fails_in_english(self):
        if self.ctx.locale == "en":
            raise RuntimeError("a bug in the English page")
        return real(self)

    monkeypatch.setattr(type(screen), "make_page", fails_in_english)
    shell.lay_out_other_language()
    assert ctx.locale == "km" and shell.current is screen
    assert texts(screen) == shown
    assert shell.topbar.back.text() == ctx.tr("Back")  # the top bar too
