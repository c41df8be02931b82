"""The staff panel's "Name and location" page (kiosk.pages.staff.identity): two lines to type
in with the on-screen keyboard (Khmer or Latin), Save, and one line when Save is refused.
Tapping a line sends the keyboard's keys there."""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from kiosk.pages.search import keyboard_for
from kiosk.pages.staff.identity import IdentityPage
from ui.sizing import current
from ui.widgets.buttons import BigButton
from ui.widgets.cards import CardArea
from ui.widgets.keyboard import OnScreenKeyboard
from ui.widgets.rows import put, show_if
from ui.widgets.text import text_label

if TYPE_CHECKING:
    from collections.abc import Callable


class IdentityEditor(QWidget):
    save = Signal(str, str)  # name, location as typed
    back = Signal()
    field_chosen = Signal(str)  # the setting whose line was tapped

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.area = CardArea()
        outer.addWidget(self.area, 1)
        self.title = self.area.add(text_label("", "title", name="staff-identity-title"))
        self.intro = self.area.add(text_label("", "note"))
        self.labels: dict[str, QWidget] = {}
        self.fields: dict[str, QLineEdit] = {}
        lines = QGridLayout()  # side by side: both lines stay above the keyboard
        lines.setHorizontalSpacing(16)
        lines.setVerticalSpacing(6)
        for column, key in enumerate(("kiosk_name", "location")):
            self.labels[key] = text_label("", "body")
            field = QLineEdit()
            field.setObjectName(f"staff-field-{key}")
            field.setProperty("role", "field")
            field.installEventFilter(self)
            self.fields[key] = field
            lines.addWidget(self.labels[key], 0, column)
            lines.addWidget(field, 1, column)
            lines.setColumnStretch(column, 1)
        box = QWidget()
        box.setLayout(lines)
        self.area.add(box)
        self.problem = text_label("", "warning", name="staff-identity-problem")
        # On a low screen (a 10" or 7" panel, ui/sizing.py) the keyboard leaves no room for a
        # fixed row: the problem and Save scroll with the lines, just under them.
        place = self.area.add_layout if current().low else outer.addLayout
        line = QHBoxLayout()  # with Save, outside the scrolling part: always seen
        line.setContentsMargins(24, 8, 24, 0)
        line.addWidget(self.problem)
        place(line)
        row = QHBoxLayout()  # outside the scrolling part: Save is always in reach
        row.setContentsMargins(24, 8, 24, 8)
        row.setSpacing(12)
        self.save_button = BigButton("", "content-save", role="primary")
        self.save_button.setObjectName("staff-identity-save")
        self.save_button.clicked.connect(
            lambda: self.save.emit(self.fields["kiosk_name"].text(), self.fields["location"].text()))
        self.back_button = BigButton("", "arrow-left", role="secondary")
        self.back_button.setObjectName("staff-identity-back")
        self.back_button.clicked.connect(self.back)
        row.addWidget(self.back_button, 1)
        row.addWidget(self.save_button, 1)
        place(row)
        self.keyboard = OnScreenKeyboard()
        outer.addWidget(self.keyboard)
        self.active = "kiosk_name"

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.FocusIn, QEvent.Type.MouseButtonPress):
            for key, field in self.fields.items():
                if field is watched and key != self.active:
                    self.field_chosen.emit(key)
        return False

    def start(self, name: str, location: str, locale: str, tr: Callable[[str], str]) -> None:
        """Opened afresh: the saved values in the lines, the keyboard of the language."""
        self.fields["kiosk_name"].setText(name)
        self.fields["location"].setText(location)
        self.keyboard.retranslate(tr)
        self.keyboard.show_script(keyboard_for(locale))

    def show_page(self, page: IdentityPage) -> None:
        put(self.title, page.title)
        put(self.intro, page.intro)
        for field in page.fields:
            put(self.labels[field.key], field.label)
            line = self.fields[field.key]
            line.setMaxLength(field.max_length)
            line.setAccessibleName(field.label)
            if field.active:
                self.active = field.key
                self.keyboard.attach(line)
                if not line.hasFocus():
                    line.setFocus()
                # the line typed into stays in view above the keyboard (a small screen leaves
                # a strip for them: ui/sizing.py), once laid out
                QTimer.singleShot(0, lambda shown=line: self.area.ensureWidgetVisible(shown, 0, 8))
        put(self.problem, page.problem)
        show_if(self.problem, bool(page.problem))
        put(self.save_button, page.save.text)
        put(self.back_button, page.back.text)

    def forget(self) -> None:
        for line in self.fields.values():
            line.clear()
