"""Touch buttons: `BigButton` (icon and a wrapping label in a row) and `Tile` (a large square with
the icon above its label).

Both are QPushButtons, so `clicked`, `setCheckable`, keyboard focus and the stylesheet's
`:pressed`/`:checked` states work as usual. Their text lives in a word-wrapped QLabel inside
(Khmer labels are long and QPushButton text never wraps): use `set_text`/`text`. The stylesheet
styles them by class (`BigButton`, `Tile`) and by the `role` property ("primary", "secondary",
"choice", "danger").
"""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from ui.sizing import current
from ui.widgets.icon import IconLabel
from ui.widgets.text import WrapLabel


class _LabelledButton(QPushButton):
    def __init__(self, text: str, icon_name: str | None, icon_size: int, layout: QBoxLayout,
                 role: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setProperty("role", role)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.icon_label: IconLabel | None = None
        if icon_name:
            self.icon_label = IconLabel(icon_name, icon_size)
            self.icon_label.setObjectName("buttonIcon")
            layout.addWidget(self.icon_label)
        self.label = WrapLabel(text)
        self.label.setObjectName("buttonLabel")
        self.label.setWordWrap(True)
        layout.addWidget(self.label, 1)
        self._words = True  # show_words(): the label shows, when it has words
        self.label.setVisible(bool(text))
        for child in (self.icon_label, self.label):
            if child is not None:
                # the button gets every press, wherever on it the finger lands
                child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setLayout(layout)
        self.setAccessibleName(text)
        self.toggled.connect(self.sync_state)
        self.sync_state()

    def sync_state(self, *_: object) -> None:
        # Qt style sheets do not follow an ancestor's :checked, so the labels carry the
        # button's checked state as a property the stylesheet can match. (:disabled needs no
        # help: a disabled button's labels are disabled too.) Runs on `toggled`; call it after
        # setChecked with signals blocked.
        state = "checked" if self.isChecked() else ""
        for child in (self.icon_label, self.label):
            if child is not None and child.property("state") != state:
                child.setProperty("state", state)
                child.style().unpolish(child)
                child.style().polish(child)

    def text(self) -> str:  # type: ignore[override]
        return self.label.text()

    def set_text(self, text: str) -> None:
        self.label.setText(text)
        self.setAccessibleName(text)
        self._show_label()
        self.updateGeometry()

    def show_words(self, on: bool) -> None:
        """The words beside the picture (True), or the picture alone, the words kept as the
        button's accessible name (a narrow screen)."""
        self._words = on
        self._show_label()

    def _show_label(self) -> None:
        shown = self._words and bool(self.label.text())
        if self.label.isHidden() == shown:
            self.label.setVisible(shown)

    def set_icon(self, name: str) -> None:
        if self.icon_label is not None and self.icon_label.icon_name != name:
            self.icon_label.set_icon(name)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self.layout().sizeHint().expandedTo(super().sizeHint())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self.layout().minimumSize()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return max(self.layout().heightForWidth(width), self.minimumHeight())


class BigButton(_LabelledButton):
    """A full-width touch button: optional icon on the left, label wrapping as needed."""

    def __init__(self, text: str, icon_name: str | None = None, *, role: str = "primary",
                 icon_size: int = 40, parent: QWidget | None = None) -> None:
        layout = QHBoxLayout()
        compact = current().compact  # narrow buttons: the words get the room
        layout.setContentsMargins(*((12, 6, 12, 6) if compact else (20, 10, 20, 10)))
        layout.setSpacing(10 if compact else 16)
        super().__init__(text, icon_name, icon_size, layout, role, parent)
        self.label.setAlignment(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)


class Tile(_LabelledButton):
    """A home-screen tile: a big icon above a centred label."""

    def __init__(self, text: str, icon_name: str, *, role: str = "primary", icon_size: int = 64,
                 parent: QWidget | None = None) -> None:
        layout = QVBoxLayout()
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(8)
        layout.addStretch(1)
        super().__init__(text, icon_name, icon_size, layout, role, parent)
        layout.setStretchFactor(self.label, 0)
        layout.addStretch(1)
        self.label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)


class WrappingButton(QPushButton):
    """A button laid out by its own layout of wrapping labels: as tall as its wrapped text.
    (A QPushButton is vertically fixed at one line by default, which would clip the text.)"""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override: as tall as the wrapped text
        return self.layout().sizeHint()

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return max(self.layout().heightForWidth(width), self.minimumHeight())
