"""The on-screen keyboard, driven by taps on its keys: the code points it types are the right ones."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton, QVBoxLayout, QWidget

from ui.widgets.keyboard import OnScreenKeyboard, cap_text
from ui.widgets.keyboard_layouts import COENG, DOTTED_CIRCLE, PAGES, key_name


@pytest.fixture()
def board(qtbot):
    host = QWidget()
    layout = QVBoxLayout(host)
    field = QLineEdit()
    keyboard = OnScreenKeyboard()
    keyboard.attach(field)
    layout.addWidget(field)
    layout.addWidget(keyboard)
    qtbot.addWidget(host)
    host.resize(1280, 420)
    host.show()
    qtbot.waitExposed(host)
    yield keyboard, field
    del host


def tap(qtbot, keyboard: OnScreenKeyboard, name: str) -> None:
    button = keyboard.findChild(QPushButton, name)
    assert button is not None, name
    assert button.isVisible(), f"{name} is not on the page shown"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_khmer(qtbot, keyboard: OnScreenKeyboard, text: str) -> None:
    """Tap the keys for `text` the way a visitor would: shift or the extra page when needed."""
    for ch in text:
        if ch == " ":
            tap(qtbot, keyboard, "key-space")
            continue
        page = keyboard.page_of(ch)
        if page == "khmer-shift" and keyboard.page != page:
            tap(qtbot, keyboard, "key-shift")
        elif page == "khmer-more" and keyboard.page != page:
            tap(qtbot, keyboard, "key-more")
        elif page == "khmer" and keyboard.page != "khmer":
            tap(qtbot, keyboard, "key-more" if keyboard.page == "khmer-more" else "key-shift")
        tap(qtbot, keyboard, key_name(ch))


def test_coeng_types_a_subscript_as_base_coeng_consonant(qtbot, board):
    keyboard, field = board
    # ខ្មែរ: KHA, COENG, MO (written below KHA), vowel AE (on the shift page), RO
    for name in ("key-1781", "key-17d2", "key-1798", "key-shift", "key-17c2", "key-179a"):
        tap(qtbot, keyboard, name)
    assert field.text() == "\u1781\u17d2\u1798\u17c2\u179a" == "ខ្មែរ"
    assert keyboard.page == "khmer", "shift lets go after one key"


def test_backspace_deletes_one_code_point_and_keeps_the_coeng(qtbot, board):
    keyboard, field = board
    type_khmer(qtbot, keyboard, "ស្ត")
    assert [hex(ord(c)) for c in field.text()] == ["0x179f", "0x17d2", "0x178f"]
    tap(qtbot, keyboard, "key-backspace")
    assert field.text() == "ស" + COENG
    type_khmer(qtbot, keyboard, "ព")  # the visitor meant ស្ព
    assert field.text() == "ស្ព"


def test_two_code_point_keys_and_a_whole_word(qtbot, board):
    keyboard, field = board
    tap(qtbot, keyboard, key_name("ុំ"))
    assert field.text() == "\u17bb\u17c6"
    tap(qtbot, keyboard, "key-clear")
    assert field.text() == ""
    type_khmer(qtbot, keyboard, "មាតុភាព ១២៨៦")
    assert field.text() == "មាតុភាព ១២៨៦"


def test_extra_page_types_the_independent_vowels(qtbot, board):
    keyboard, field = board
    type_khmer(qtbot, keyboard, "ឯឱ")
    assert field.text() == "\u17af\u17b1"


def test_latin_layout_with_shift(qtbot, board):
    keyboard, field = board
    tap(qtbot, keyboard, "key-switch")
    assert keyboard.script == "latin"
    assert not keyboard.findChild(QPushButton, "key-more").isVisible()
    tap(qtbot, keyboard, "key-shift")
    for ch in "N":
        tap(qtbot, keyboard, key_name(ch))
    for ch in "ssf 1286":
        tap(qtbot, keyboard, "key-space" if ch == " " else key_name(ch))
    assert field.text() == "Nssf 1286"
    tap(qtbot, keyboard, "key-switch")
    assert keyboard.script == "khmer"


def test_keys_are_touch_sized_and_marks_show_on_a_dotted_circle(qtbot, board):
    keyboard, _ = board
    for page in PAGES:
        keyboard.show_script(page.split("-")[0])
        if page.endswith("shift"):
            keyboard.toggle_shift()
        elif page.endswith("more"):
            keyboard.toggle_more()
        assert keyboard.page == page
        for button in keyboard.findChildren(QPushButton):
            if button.isVisible():
                assert button.height() >= 60 and button.width() >= 60, (page, button.objectName())
    keyboard.show_script("khmer")
    vowel = keyboard.key("ា")
    assert vowel.text() == DOTTED_CIRCLE + "ា"
    assert keyboard.key("ក").text() == "ក"


def test_one_set_of_keys_shows_every_page_at_the_same_height(qtbot, board):
    """The pages share their buttons: each page shows its own keys, named and capped by what
    they type, in rows whose keys are as wide as the page's longest row allows, and the
    keyboard keeps its height from page to page."""
    keyboard, _ = board
    heights = set()
    for page, rows in PAGES.items():
        keyboard.show_script(page.split("-")[0])
        if page.endswith("shift"):
            keyboard.toggle_shift()
        elif page.endswith("more"):
            keyboard.toggle_more()
        qtbot.wait(1)  # the relayout
        keys = [b for b in keyboard.findChildren(QPushButton)
                if b.isVisible() and b.property("role") == "key"]
        assert sorted(b.objectName() for b in keys) == sorted(
            key_name(t) for row in rows for t in row), page
        for row in rows:
            for text in row:
                assert keyboard.key(text).text() == cap_text(text)
        widths = {b.width() for b in keys}
        assert max(widths) - min(widths) <= 2, (page, widths)  # rounding
        heights.add(keyboard.height())
    assert len(heights) == 1, heights
    largest_page = max(sum(len(r) for r in rows) for rows in PAGES.values())
    assert len(keyboard.findChildren(QPushButton)) < largest_page + 20, "one set of keys"
