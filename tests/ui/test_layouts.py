"""Every screen fits every screen kiosks have: at 1280x800, 1920x1080, 1080x1920 and 800x480
(each at the usual diagonal of a panel of that size: ui/sizing.py KIOSK_SCREENS), in normal and
large text, each screen filled with its fullest content (the shell's pretend visits, a question
of each kind, the staff panel locked and open, the idle warning, an error) in both languages:
no label cut or too narrow for a word, no widget outside its parent or over its neighbour,
every touch target at least 15 mm at the screen's DPI (keyboard keys 9 mm), and on the Khmer
screens no word of the glossary or of a benefit title split across two lines.

One window per size, reused for both text sizes and every screen (tests/ui/layout_survey.py
does the looking; run it by hand for a report). About 25 s in all.
"""
from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import layout_survey as survey
import pytest
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QWidget

from kiosk.device import Device
from ui import sizing as screen_sizing
from ui.context import AppContext
from ui.printing import NoPrinterBackend, use_backend
from ui.sizing import KIOSK_SCREENS, MIN_TARGET_MM, Sizing, kiosk_sizing
from ui.style import apply_style
from ui.widgets.text import text_label

SIZES = [f"{w}x{h}" for w, h in KIOSK_SCREENS]
TEXTS = ["normal", "large"]


class Surveys:
    """One window per size, made on first use; each (size, text size) surveyed once."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self.shells: dict[str, object] = {}
        self.done: dict[tuple[str, str], survey.Survey] = {}
        self.words = survey.khmer_words()

    def get(self, size: str, text: str) -> survey.Survey:
        key = (size, text)
        if key not in self.done:
            sizing = kiosk_sizing(*(int(n) for n in size.split("x")))
            if size not in self.shells:
                self.close()  # one window at a time: the stylesheet is the app's
                self.shells[size] = survey.make_shell(self.ctx, sizing)
            self.done[key] = survey.survey_shell(self.shells[size], sizing, text == "large",
                                                 self.words)
        return self.done[key]

    def close(self) -> None:
        for shell in self.shells.values():
            shell.leave_kiosk = True
            shell.close()
            shell.deleteLater()
        self.shells.clear()
        survey.settle()


@pytest.fixture(scope="module")
def surveys(kiosk_app: QApplication, bundle_path: Path) -> Iterator[Surveys]:
    use_backend(NoPrinterBackend())  # the print screen shows its QR, never prints
    before = screen_sizing.current()
    with tempfile.TemporaryDirectory(prefix="layouts-") as data:
        ctx = AppContext(Device.open(Path(data)), bundle_path)
        found = Surveys(ctx)
        try:
            yield found
        finally:
            found.close()
            ctx.library.close()
            screen_sizing.use(before)
            apply_style(kiosk_app, False)
            use_backend(None)


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("size", SIZES)
def test_every_screen_fits(surveys: Surveys, size: str, text: str) -> None:
    found = surveys.get(size, text)
    assert found.states >= 40  # every screen, both languages, and the moments between
    assert not found.problems, "\n".join(found.problems[:40])
    assert found.smallest_mm >= MIN_TARGET_MM
    assert found.smallest_key_mm >= survey.KEY_MIN_MM


def test_no_glossary_or_title_word_is_split_on_khmer_screens(surveys: Surveys) -> None:
    splits, labels = [], 0
    for size in SIZES:
        for text in TEXTS:
            found = surveys.get(size, text)
            splits += found.splits
            labels += found.labels
    assert surveys.words and labels > 200  # the Khmer labels holding such words were looked at
    assert not splits, "\n".join(splits[:30])


# --- the checks themselves can fail ---------------------------------------------------------------
def test_the_checks_find_a_cut_label_a_small_target_and_a_split_word(qtbot) -> None:
    sizing = Sizing(1280, 800, 96.0, "test", 1.0)
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(600, 400)
    label = text_label("A sentence long enough to need three lines at this width", "body",
                       parent=window)
    label.setGeometry(0, 0, 200, 40)  # one line's height for three
    field = QLineEdit(window)  # (the stylesheet keeps every button at 64 px or more)
    field.setGeometry(300, 0, 40, 40)  # 10.6 mm at 96 dpi
    window.show()
    label.setStyleSheet("font-size: 27px")
    found = survey.Survey()
    survey.survey_window(window, sizing, found, "test")
    assert any("cut" in p and "A sentence" in p for p in found.problems), found.problems
    assert any("target" in p and "under 15 mm" in p for p in found.problems), found.problems

    hinted = text_label("និយោជក", "body", parent=window)
    QLabel.setText(hinted, "និ\u200bយោជក")  # what a syllable breaker showed
    hinted.setGeometry(0, 100, 20, 200)
    splits: list[str] = []
    survey._check_splits(hinted, ["និយោជក"], splits, "test")
    assert splits and "និ|យោជក" in splits[0]
    QLabel.setText(hinted, "និយោជក")  # the word whole: too wide for the label, never cut
    splits.clear()
    survey._check_splits(hinted, ["និយោជក"], splits, "test")
    assert not splits
