"""New content while the kiosk is idle: the screens stay (no widget is made again), hold
nothing of the last visitor, and show the new content the next time they are entered."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit

from kiosk.content.bundle import build_bundle
from kiosk.content.loader import check_records, read_source
from kiosk.eligibility import RULES_DIR, RuleFiles
from kiosk.paths import CONTENT_DIR
from ui import navigation
from ui.widgets.icon import IconLabel

NEW_TITLE = "Medical care, as head office wrote it again"


@pytest.fixture()
def new_bundle(tmp_path: Path) -> Path:
    """The bundled content with one benefit's English title changed, as the next version."""
    source = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, source)
    benefits = source / "benefits.yaml"
    text = benefits.read_text(encoding="utf-8")
    assert 'en: "Medical care"' in text
    benefits.write_text(text.replace('en: "Medical care"', f'en: "{NEW_TITLE}"', 1),
                        encoding="utf-8")
    raws, _ = read_source(source)
    content, _ = check_records(raws, require_benefits=False)
    content.rules = RuleFiles.from_dir(RULES_DIR).files
    path = tmp_path / "content-8.db"
    build_bundle(content, path, version=8, built_at="2026-11-27T09:00:00Z")
    return path


def visitor_texts(shell) -> list[str]:
    """What any screen but the one showing (the attract loop) still says."""
    out = []
    for name, screen in shell.screens.items():
        if name == shell.current_name:
            continue
        for widget in screen.findChildren(QLabel):
            if not isinstance(widget, IconLabel) and widget.text():
                out.append(f"{name}: {widget.text()}")
        out += [f"{name}: {w.text()}" for w in screen.findChildren(QLineEdit) if w.text()]
        out += [f"{name}: ticked {w.objectName()}" for w in screen.findChildren(QAbstractButton)
                if w.objectName().startswith("doc-") and w.isChecked()]
    return out


def visit(ui, shell) -> None:
    """A visitor in English reads medical care, ticks a document, types a search, leaves."""
    ui.qtbot.mouseClick(shell.current, Qt.MouseButton.LeftButton)
    ui.click(shell, "start-lang-en")
    ui.click(shell, "start-audience-worker")
    shell.go("benefit", {"id": "medical-care"})
    assert ui.find(shell, "benefit-title").text() == "Medical care"
    shell.go("checklist", {"id": "claim-medical-care"})
    ui.click(shell, "doc-nssf-card")
    assert ui.find(shell, "doc-nssf-card").isChecked()
    shell.go("search", {})
    if shell.current.keyboard.script != "latin":
        ui.click(shell, "key-switch")
    for key in ("key-0063", "key-0061", "key-0072"):  # c a r
        ui.click(shell, key)
    shell.reset_visit()
    assert shell.is_idle()


def test_screens_stay_over_new_content_and_show_it(shell, ui, ctx, new_bundle) -> None:
    visit(ui, shell)
    before = dict(shell.screens)
    assert {"benefit", "checklist", "search"} <= set(before)
    ctx.swap_library(new_bundle)
    assert shell.screens == before, "the same screens"
    assert all(shell.screens[n] is before[n] for n in before), "not made again"
    assert shell.current_name == "attract" and shell.current.isVisible()
    assert visitor_texts(shell) == [], "nothing of the last visitor in a kept screen"
    # the next visitor sees the new content on the same widgets
    title = shell.screens["benefit"].title
    ui.qtbot.mouseClick(shell.current, Qt.MouseButton.LeftButton)
    ui.click(shell, "start-lang-en")
    ui.click(shell, "start-audience-worker")
    shell.go("benefit", {"id": "medical-care"})
    assert ui.find(shell, "benefit-title") is title
    assert title.text() == NEW_TITLE
    shell.go("checklist", {"id": "claim-medical-care"})
    assert not ui.find(shell, "doc-nssf-card").isChecked(), "no tick of the last visitor"
    shell.go("search", {})
    assert shell.current.field.text() == ""


def test_screens_made_ahead_are_rehearsed_again_with_the_new_content(
        shell, ui, ctx, new_bundle, qtbot) -> None:
    journey = ctx.device.journey()
    shell.prepare_screens()
    qtbot.waitUntil(lambda: not shell.preparing(), timeout=30_000)
    made = dict(shell.screens)
    assert set(navigation.SCREENS) - set(made) == {"staff"}
    visit(ui, shell)
    counted = journey.count()
    ctx.swap_library(new_bundle)
    assert shell.preparing(), "each kept screen is rehearsed again while idle"
    qtbot.waitUntil(lambda: not shell.preparing(), timeout=30_000)
    assert all(shell.screens[n] is made[n] for n in made), "not made again"
    assert visitor_texts(shell) == [], "nothing of the rehearsals or the visitor stays"
    assert journey.count() == counted, "a rehearsal is no visit"
    journey.close()
