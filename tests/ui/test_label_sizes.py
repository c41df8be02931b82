"""The labels' size memory (ui/widgets/label_sizes.py) answers as Qt would: a height it did not
lay out, taken from the widths known on either side of it, is the height Qt gives there.

That rests on one property of Qt's wrapping, checked here on every text of the content in
Khmer and English, in each text role: a label never grows taller on a wider line.
"""
from __future__ import annotations

import random

import pytest
from content_texts import texts_in
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.content.loader import load_content
from kiosk.paths import CONTENT_DIR
from ui.widgets.text import text_label

ROLES = ("title", "subtitle", "body", "note")
WIDTHS = range(90, 1300, 37)


def content_texts() -> list[tuple[str, str]]:
    content = load_content(CONTENT_DIR)
    out = {(lang, getattr(text, lang)) for _, record in content.all()
           for text in texts_in(record) for lang in ("km", "en")}
    return sorted((lang, text) for lang, text in out if text)


@pytest.fixture(scope="module")
def texts() -> list[tuple[str, str]]:
    found = content_texts()
    assert len(found) > 300  # the walk found the content
    return found


@pytest.mark.parametrize("role", ROLES)
def test_a_wrapped_text_never_grows_taller_on_a_wider_line(qtbot, texts, role) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    label = text_label("", role, parent=holder)
    holder.show()
    for _lang, text in texts:
        label.setText(text)
        heights = [QLabel.heightForWidth(label, w) for w in WIDTHS]
        assert heights == sorted(heights, reverse=True), (role, text)


def test_heights_between_known_widths_are_the_ones_qt_gives(qtbot, texts) -> None:
    """Asked in any order, as nested layouts ask, every answer is Qt's own."""
    holder = QWidget()
    qtbot.addWidget(holder)
    label = text_label("", "body", parent=holder)
    holder.show()
    rng = random.Random(11)
    between = 0
    for _lang, text in texts[::3]:
        label.setText(text)
        widths = [rng.randrange(80, 1200) for _ in range(12)]
        widths.insert(rng.randrange(len(widths)), rng.choice((-33, -1, 0)))  # no width: Qt's own
        for width in widths:
            kept = label._between(width)  # the answer the memory would give, if any
            between += kept is not None
            assert label.heightForWidth(width) == QLabel.heightForWidth(label, width), text
    assert between > 100  # the rule did answer, often
