"""Khmer labels on screen wrap between words: the lines Qt lays out start only at the word
breaker's opportunities, so no word of the glossary or of a benefit title is cut (those words,
cut by hand, are in tests/data/khmer_words_by_hand.txt), in normal and large text."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtGui import QFontMetrics, QTextLayout, QTextOption
from PySide6.QtWidgets import QApplication, QLabel

from kiosk.content.library import Library
from kiosk.text.breaks import ZWSP, break_opportunities
from ui.style import apply_style
from ui.widgets.buttons import BigButton
from ui.widgets.text import text_label

SIGNS = "\u17b4-\u17d3\u17dd"
WORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "khmer_words_by_hand.txt"
WORDS = [w for line in WORDS_FILE.read_text(encoding="utf-8").splitlines()
         if not line.startswith("#") for w in line.split()]


def laid_out_lines(label: QLabel) -> list[str]:
    """The lines of `label`'s text as Qt lays them out in its width (with the label's font)."""
    shown = QLabel.text(label)  # the text Qt draws, with its break hints
    layout = QTextLayout(shown, label.font())
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    lines = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(label.contentsRect().width())
        lines.append(shown[line.textStart():line.textStart() + line.textLength()])
    layout.endLayout()
    return [line.replace(ZWSP, "") for line in lines]


def line_starts(lines: list[str]) -> list[int]:
    starts, at = [], 0
    for line in lines[:-1]:
        at += len(line)
        starts.append(at)
    return starts


def texts(library: Library) -> list[str]:
    found = [t.term.km for t in library.glossary()] + [t.definition.km for t in library.glossary()]
    for benefit in library.benefits():
        found += [benefit.title.km, benefit.summary.km]
    return found


@pytest.mark.parametrize("large_text", [False, True], ids=["normal", "large"])
@pytest.mark.parametrize("width", [300, 560])
@pytest.mark.parametrize("role", ["title", "body"])
def test_labels_wrap_between_words(qtbot, bundle_path: Path, role: str, width: int,
                                   large_text: bool) -> None:
    app = QApplication.instance()
    apply_style(app, large_text)
    try:
        with Library(bundle_path) as library:
            samples = texts(library)
        wrapped = 0
        for text in samples:
            label = text_label(text, role)
            qtbot.addWidget(label)
            label.setFixedWidth(width)
            label.ensurePolished()
            lines = laid_out_lines(label)
            assert "".join(lines) == text
            # the layout measured is the label's own: as many lines as the label is tall
            spacing = QFontMetrics(label.font()).lineSpacing()
            assert abs(label.heightForWidth(width) - len(lines) * spacing) <= spacing // 2 + 2
            wrapped += len(lines) > 1
            cuts = set(break_opportunities(text))
            for start in line_starts(lines):
                cut = f"{text[start - 12:start]}|{text[start:start + 12]}"
                assert start in cuts, f"{role} at {width}px cut {cut}"
                for word in WORDS:
                    # the word as whole clusters, not the start of a larger one (លើក in លើក្រដាស)
                    for m in re.finditer(f"(?<!\u17d2){re.escape(word)}(?![{SIGNS}])", text):
                        assert not m.start() < start < m.end(), f"{word} cut in {text!r}"
        assert wrapped >= len(samples) // 3  # the widths are narrow enough to wrap
    finally:
        apply_style(app, False)


def test_button_labels_wrap_between_words(qtbot) -> None:
    button = BigButton("ប្រាក់បំណាច់ប្រចាំថ្ងៃពេលមានគ្រោះថ្នាក់ការងារ", "cash")
    qtbot.addWidget(button)
    button.setFixedWidth(360)
    button.show()
    qtbot.waitExposed(button)
    lines = laid_out_lines(button.label)
    assert len(lines) > 1
    text = button.text()
    assert set(line_starts(lines)) <= set(break_opportunities(text))
