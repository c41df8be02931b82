"""On-screen input for a touchscreen with no keyboard: `OnScreenKeyboard`, which types Khmer
(NiDA layout, with coeng for subscripts) and Latin, and `NumberStepper`, a number set by taps.

Qt's own virtual keyboard is a Qt Quick component without a Khmer layout, so the kiosk has its
own: a widget of big buttons that types into one `QLineEdit`. Keys never take focus, so the field
keeps its cursor. Backspace removes one code point, not a whole cluster: a visitor who typed the
wrong subscript (្ + ក) takes back the ក and keeps the coeng, as on a phone.

One set of key buttons serves every page (Khmer, Khmer shift, the extra Khmer letters, Latin,
Latin shift): a page change gives the keys of each row their new caps, names and sizes, where five
pages of buttons, 198 widgets, cost about 3 MiB for the life of the kiosk (every widget under the
app's style sheet keeps its own style caches, ~15 KiB).

API: `OnScreenKeyboard(tr)`; `attach(line_edit)`; `show_script("khmer"|"latin")`;
`retranslate(tr)`; `key(text)` -> the button that types `text` (its page must be showing).
`NumberStepper(min, max, step, value, number=..., unit=...)`; `value()`, `set_value()`,
`value_changed(int)`.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui.sizing import current, px
from ui.widgets.icon import glyph_or_fallback, style_as_icon
from ui.widgets.keyboard_layouts import DOTTED_CIRCLE, PAGES, key_name

KEY_MIN_WIDTH = 32  # design pixels; a key's height is the screen's (ui.sizing Sizing.key_px)
ROWS = max(len(rows) for rows in PAGES.values())
# the most keys any page has in each row: the buttons a row is made with
ROW_KEYS = tuple(max(len(rows[r]) for rows in PAGES.values() if r < len(rows)) for r in range(ROWS))


def cap_text(text: str) -> str:
    """What a key shows: a mark alone is drawn on a dotted circle so that it can be seen."""
    if text and unicodedata.category(text[0]) in ("Mn", "Mc"):
        return DOTTED_CIRCLE + text
    return text.replace("&", "&&")  # a lone & would mark a shortcut and vanish


class Key(QPushButton):
    """A key: as wide as its row allows. A QPushButton would ask for 80 px or more whatever its
    text, and 13 Khmer keys in a row would then want a wider screen than the kiosk has."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(px(KEY_MIN_WIDTH), current().key_px)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(px(KEY_MIN_WIDTH), current().key_px)


def _key_button(text: str, name: str, role: str) -> QPushButton:
    button = Key(text)
    button.setObjectName(name)
    button.setProperty("role", role)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the field keeps focus and cursor
    # Heights are in style.qss (#keyboard QPushButton), which would override any set here.
    button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return button


class OnScreenKeyboard(QWidget):
    typed = Signal(str)  # the text of a key, after it went into the field
    page_changed = Signal(str)

    def __init__(self, tr: Callable[[str], str] = lambda s: s, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keyboard")
        self.setProperty("role", "keyboard")
        # As wide as the screen, whatever its keys ask for before the stylesheet sized them.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._tr = tr
        self._target: QLineEdit | None = None
        self._script = "khmer"
        self._shift = False
        self._more = False
        self._shown_page = ""  # the page the keys show now
        self._texts: dict[QPushButton, str] = {}  # key -> what it types on that page
        self._keys: dict[str, QPushButton] = {}  # what a key types -> the key, on that page

        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 6, 8, 6)
        outer.setSpacing(5)
        # the rows in a widget of their own, as the pages were: a screen too short for the
        # keyboard squeezes it the same way
        keys = QWidget()
        keys.setObjectName("keyboard-keys")
        keys.setLayout(self._build_keys())
        outer.addWidget(keys)
        outer.addLayout(self._build_controls())
        self.retranslate(tr)
        self._show_page()

    # --- building ----------------------------------------------------------------------------
    def _build_keys(self) -> QVBoxLayout:
        """The rows of keys, each with as many buttons as the longest page row there: a page
        shows its own keys on them (`_put_page`)."""
        layout = QVBoxLayout()
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(5)
        self._rows: list[tuple[QHBoxLayout, list[QPushButton]]] = []
        for count in ROW_KEYS:
            line = QHBoxLayout()
            line.setSpacing(6)
            line.addStretch(0)  # shorter rows are centred: stretches set per page
            keys = []
            for _ in range(count):
                button = _key_button("", "", "key")
                button.clicked.connect(lambda _=False, b=button: self.press(self._texts[b]))
                line.addWidget(button, 2)
                keys.append(button)
            line.addStretch(0)
            layout.addLayout(line)
            self._rows.append((line, keys))
        return layout

    def _put_page(self, page: str) -> None:
        """Give the keys the caps, names and widths of `page`."""
        if page == self._shown_page:
            return
        rows = PAGES[page]
        longest = max(len(row) for row in rows)
        self._texts.clear()
        self._keys.clear()
        # Keys hidden first, shown last: showing a key lays the window out at once, and a
        # layout that is briefly taller would grow the window.
        shown: list[QPushButton] = []
        for index, (line, keys) in enumerate(self._rows):
            row = rows[index] if index < len(rows) else ()
            for button in keys[len(row):]:
                button.setObjectName("")
                # a page with fewer rows keeps the height of the tallest (no jumping): the keys
                # of a row it does not have keep their room
                policy = button.sizePolicy()
                if policy.retainSizeWhenHidden() != (not row):
                    policy.setRetainSizeWhenHidden(not row)
                    button.setSizePolicy(policy)
                if not button.isHidden():
                    button.hide()
            # shorter rows keep the key width of the page's longest row
            line.setStretch(0, longest - len(row))
            line.setStretch(line.count() - 1, longest - len(row))
            for button, text in zip(keys, row, strict=False):
                if button.text() != cap_text(text):
                    button.setText(cap_text(text))
                button.setObjectName(key_name(text))
                self._texts[button] = text
                self._keys[text] = button
                if button.isHidden():
                    shown.append(button)
        for button in shown:
            button.show()
        self._shown_page = page

    def _build_controls(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(6)
        self.shift_key = _key_button("", "key-shift", "key-control")
        self.shift_key.setCheckable(True)
        self.shift_key.clicked.connect(self.toggle_shift)
        self.switch_key = _key_button("", "key-switch", "key-control")
        self.switch_key.clicked.connect(self.toggle_script)
        self.more_key = _key_button("ឦ ឯ ឱ", "key-more", "key-control")
        self.more_key.setCheckable(True)
        self.more_key.clicked.connect(self.toggle_more)
        self.space_key = _key_button("", "key-space", "key-space")
        self.space_key.clicked.connect(lambda: self.press(" "))
        self.backspace_key = _key_button("", "key-backspace", "key-control")
        self.backspace_key.setAutoRepeat(True)  # hold to delete more
        self.backspace_key.clicked.connect(self.backspace)
        self.clear_key = _key_button("", "key-clear", "key-control")
        self.clear_key.clicked.connect(self.clear)
        for button in (self.shift_key, self.backspace_key):
            style_as_icon(button, 34)
        self.shift_key.setText(glyph_or_fallback("arrow-up-bold-outline"))
        self.backspace_key.setText(glyph_or_fallback("backspace-outline"))
        for button, stretch in ((self.shift_key, 2), (self.switch_key, 2), (self.more_key, 2),
                                (self.space_key, 7), (self.backspace_key, 2), (self.clear_key, 2)):
            row.addWidget(button, stretch)
        return row

    # --- state -------------------------------------------------------------------------------
    @property
    def script(self) -> str:
        return self._script

    @property
    def page(self) -> str:
        if self._script == "khmer" and self._more:
            return "khmer-more"
        return self._script + ("-shift" if self._shift else "")

    def _show_page(self) -> None:
        self._put_page(self.page)
        self.shift_key.setChecked(self._shift)
        self.shift_key.setEnabled(not self._more)
        self.more_key.setVisible(self._script == "khmer")
        self.more_key.setChecked(self._more)
        self.switch_key.setText("ABC" if self._script == "khmer" else "ក ខ គ")
        self.page_changed.emit(self.page)

    def show_script(self, script: str) -> None:
        if script not in ("khmer", "latin"):
            raise ValueError(script)
        self._script, self._shift, self._more = script, False, False
        self._show_page()

    def toggle_script(self) -> None:
        self.show_script("latin" if self._script == "khmer" else "khmer")

    def toggle_shift(self) -> None:
        self._shift, self._more = not self._shift, False
        self._show_page()

    def toggle_more(self) -> None:
        self._more, self._shift = not self._more, False
        self._show_page()

    def retranslate(self, tr: Callable[[str], str]) -> None:
        self._tr = tr
        self.space_key.setText(tr("space"))
        self.clear_key.setText(tr("Clear"))
        self.shift_key.setAccessibleName(tr("Shift"))
        self.backspace_key.setAccessibleName(tr("Delete"))

    def key(self, text: str) -> QPushButton:
        """The button that types `text` on the page showing (KeyError: on another page)."""
        return self._keys[text]

    def page_of(self, text: str) -> str:
        for page, rows in PAGES.items():
            if any(text in row for row in rows):
                return page
        raise KeyError(text)

    # --- typing ------------------------------------------------------------------------------
    def attach(self, target: QLineEdit) -> None:
        self._target = target

    def press(self, text: str) -> None:
        if self._target is not None:
            self._target.insert(text)
        if self._shift:  # shift holds for one key, as on a phone
            self._shift = False
            self._show_page()
        self.typed.emit(text)

    def backspace(self) -> None:
        """Delete the one code point before the cursor (or the selection)."""
        field = self._target
        if field is None:
            return
        if field.hasSelectedText():
            field.del_()
            return
        # Qt counts the cursor in UTF-16 units; a character outside the BMP takes two.
        units = field.text().encode("utf-16-le")
        pos = field.cursorPosition()
        if pos <= 0:
            return
        start = pos - 1
        low = int.from_bytes(units[2 * start:2 * start + 2], "little")
        if start > 0 and 0xDC00 <= low <= 0xDFFF:
            start -= 1
        field.setText((units[:2 * start] + units[2 * pos:]).decode("utf-16-le"))
        field.setCursorPosition(start)

    def clear(self) -> None:
        if self._target is not None:
            self._target.clear()


class NumberStepper(QWidget):
    """A number set by taps, never typed: [−big] [−] value [+] [+big], hold a button to repeat.

    `number` formats a value in the visitor's digits; `unit` follows it ("months", "riel").
    Built once: `configure(...)` gives it a new range, value and words (the next question, a
    language switch) without making new buttons.
    """

    value_changed = Signal(int)

    def __init__(self, minimum: int, maximum: int, step: int = 1, value: int | None = None, *,
                 big_step: int | None = None, number: Callable[[int], str] = str, unit: str = "",
                 name: str = "stepper", stacked: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setProperty("role", "stepper")
        # stacked: the value on a line of its own above the buttons, for long values
        # ("800,000 riel a month") that would not fit between them; always on a compact
        # screen, where the big steps (−100,000) also get a row of their own.
        compact = current().compact
        stacked = stacked or compact
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(8)
        row = QGridLayout()
        row.setHorizontalSpacing(12)
        row.setVerticalSpacing(8)
        self.buttons: dict[str, QPushButton] = {}
        self._deltas: dict[str, int] = {}
        self.label = QLabel()
        self.label.setObjectName(f"{name}-value")
        self.label.setProperty("role", "stepper-value")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if stacked:
            outer.addWidget(self.label)
        if compact:  # [−] [+] above [−big] [+big]
            places = {"minus": (0, 0), "plus": (0, 1), "minus-big": (1, 0), "plus-big": (1, 1)}
        elif stacked:  # [−big] [−] [+] [+big]
            places = {"minus-big": (0, 0), "minus": (0, 1), "plus": (0, 2), "plus-big": (0, 3)}
        else:  # [−big] [−] value [+] [+big]
            places = {"minus-big": (0, 0), "minus": (0, 1), "plus": (0, 3), "plus-big": (0, 4)}
            self.label.setMinimumWidth(px(220))
            row.addWidget(self.label, 0, 2)
            row.setColumnStretch(2, 1)
        for key in ("minus-big", "minus", "plus", "plus-big"):
            row.addWidget(self._button(key, stacked), *places[key])
            if stacked:
                row.setColumnStretch(places[key][1], 1)
        outer.addLayout(row)
        self._value = 0
        self.configure(minimum, maximum, step, value, big_step=big_step, number=number, unit=unit)

    def configure(self, minimum: int, maximum: int, step: int = 1, value: int | None = None, *,
                  big_step: int | None = None, number: Callable[[int], str] = str,
                  unit: str = "") -> None:
        """A new range, value, digits and unit, on the same buttons. No `value_changed`."""
        self.minimum, self.maximum, self.step = minimum, maximum, max(1, step)
        # A second pair of buttons when the range is long (600 months, a wage in riel).
        if big_step is None and (maximum - minimum) // self.step > 30:
            big_step = self.step * 10
        self.big_step = big_step
        self.number, self.unit = number, unit
        self._value = self._clamp(minimum if value is None else value)
        for key in self.buttons:
            size = self.step if key in ("minus", "plus") else (big_step or 0)
            sign = "−" if key.startswith("minus") else "+"
            self._deltas[key] = -size if sign == "−" else size
            text = sign if key in ("minus", "plus") else f"{sign}{number(size)}"
            if self.buttons[key].text() != text:
                self.buttons[key].setText(text)
            wanted = bool(size)
            if self.buttons[key].isHidden() == wanted:
                self.buttons[key].setVisible(wanted)
        self._show()

    def _button(self, key: str, stacked: bool = False) -> QPushButton:
        button = QPushButton()
        button.setObjectName(f"{self.objectName()}-{key}")
        button.setProperty("role", "stepper")
        if stacked:  # a row of equal buttons, each as narrow as its minimum: "+10" may not
            # widen a narrow column (the label, on its own line, has the room; style.qss gives
            # these a smaller min-width, still a finger wide)
            button.setProperty("stacked", True)
            button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setAutoRepeat(True)  # hold to count on
        button.setAutoRepeatDelay(500)
        button.setAutoRepeatInterval(120)
        button.clicked.connect(lambda: self.set_value(self._value + self._deltas[key]))
        self.buttons[key] = button
        return button

    def _clamp(self, value: int) -> int:
        return max(self.minimum, min(self.maximum, int(value)))

    def value(self) -> int:
        return self._value

    def set_value(self, value: int) -> None:
        value = self._clamp(value)
        if value != self._value:
            self._value = value
            self._show()
            self.value_changed.emit(value)

    def set_format(self, number: Callable[[int], str], unit: str) -> None:
        """New digits and unit (the visitor switched language)."""
        self.configure(self.minimum, self.maximum, self.step, self._value, big_step=self.big_step,
                       number=number, unit=unit)

    def _show(self) -> None:
        text = f"{self.number(self._value)} {self.unit}".strip()
        if self.label.text() != text:
            self.label.setText(text)
        for key, button in self.buttons.items():
            down = key.startswith("minus")
            enabled = self._value > self.minimum if down else self._value < self.maximum
            if button.isEnabled() != enabled:
                button.setEnabled(enabled)
