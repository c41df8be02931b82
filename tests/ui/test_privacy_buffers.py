"""Nothing of a visitor survives in Qt's own buffers: the search field's undo history (Ctrl+Z
brought back the previous visitor's searches after an idle reset), the clipboard, on an idle
reset and when the visitor taps Done."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit


def search_field(shell) -> QLineEdit:
    shell.go("search")
    field = shell.current.findChild(QLineEdit, "search-field")
    assert field is not None
    return field


def test_ctrl_z_after_an_idle_reset_brings_nothing_back(shell, qtbot) -> None:
    field = search_field(shell)
    field.setFocus()
    qtbot.keyClicks(field, "maternity")
    assert field.text() == "maternity" and field.isUndoAvailable()
    QApplication.clipboard().setText("012 345 678")  # a visitor copied a phone number
    shell.reset_visit()  # the visitor left
    field = search_field(shell)
    assert field.text() == "" and not field.isUndoAvailable()
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert field.text() == ""
    assert shell.ctx.visit.search_text == ""
    assert QApplication.clipboard().text() == ""


def test_done_forgets_the_buffers_too(shell, qtbot) -> None:
    field = search_field(shell)
    field.setFocus()
    qtbot.keyClicks(field, "card")
    QApplication.clipboard().setText("my name")
    shell.ctx.visit_done.emit()  # what the print screen's Done sends
    assert not field.isUndoAvailable()
    assert QApplication.clipboard().text() == ""
