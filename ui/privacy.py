"""What a visitor leaves in the widgets beyond the Visit, forgotten at the end of each visit.

Screens reset their fields, but Qt keeps more than the text: a line edit's undo history (Ctrl+Z
brought back the previous visitor's searches after an idle reset), a text edit's undo stack,
the clipboard and the X11 selection (a copied phone number, a pasted name), an input method's
half-typed word. `forget_buffers` clears them all, on an idle reset and when a visitor taps Done.
"""
from __future__ import annotations

from PySide6.QtGui import QClipboard, QGuiApplication
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit, QWidget


def forget_buffers(window: QWidget) -> None:
    for field in window.findChildren(QLineEdit):
        # setText() clears the undo/redo history (clear() does not: it is undoable)
        blocked = field.blockSignals(True)
        field.setText(field.text())
        field.blockSignals(blocked)
    for edit in [*window.findChildren(QTextEdit), *window.findChildren(QPlainTextEdit)]:
        edit.document().clearUndoRedoStacks()
    clipboard = QGuiApplication.clipboard()
    if clipboard is not None:
        clipboard.clear(QClipboard.Mode.Clipboard)
        if clipboard.supportsSelection():
            clipboard.clear(QClipboard.Mode.Selection)
    method = QGuiApplication.inputMethod()
    if method is not None:
        method.reset()
