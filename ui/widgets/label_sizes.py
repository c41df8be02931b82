"""A QLabel that remembers its sizes: the base of the kiosk's text labels (ui/widgets/text.py).

A word-wrapped QLabel lays its text out again for every size question, and nested layouts ask
often: one language switch on the employer screen asked 48 labels for their height 765 times
(bench: about 16 text layouts of Khmer per label, most of the switch's CPU time). Here each
answer is kept, keyed by the text and the width, so a layout pass computes each label once
per width, and a switch back to a language already shown costs almost no layout at all.

The memory is per label and small (MAX_KEPT answers); it is dropped whenever what the size
depends on changes other than the text: the font (large text, the stylesheet), the style, the
word wrap, margins or indent.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QMargins, QSize
from PySide6.QtWidgets import QLabel

MAX_KEPT = 24


class SizeCachedLabel(QLabel):
    def __init__(self, *args: object, **kwargs: object) -> None:
        self._sizes: dict[tuple[str, int], object] = {}
        super().__init__(*args, **kwargs)

    def _kept(self, kind: str, width: int, compute):  # noqa: ANN001, ANN202 - size or int
        key = (kind, width, QLabel.text(self))
        found = self._sizes.get(key)
        if found is None:
            if len(self._sizes) >= MAX_KEPT:
                self._sizes.pop(next(iter(self._sizes)))  # the oldest answer
            found = self._sizes[key] = compute()
        return found

    def forget_sizes(self) -> None:
        self._sizes.clear()

    # --- what Qt asks -------------------------------------------------------------------------
    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return self._kept("h", width, lambda: QLabel.heightForWidth(self, width))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(self._kept("s", 0, lambda: QLabel.sizeHint(self)))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(self._kept("m", 0, lambda: QLabel.minimumSizeHint(self)))

    # --- what sizes depend on, besides the text ----------------------------------------------
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._sizes.clear()
        super().changeEvent(event)

    def setWordWrap(self, on: bool) -> None:  # noqa: N802 - Qt's name
        self._sizes.clear()
        super().setWordWrap(on)

    def setIndent(self, indent: int) -> None:  # noqa: N802 - Qt's name
        self._sizes.clear()
        super().setIndent(indent)

    def setMargin(self, margin: int) -> None:  # noqa: N802 - Qt's name
        self._sizes.clear()
        super().setMargin(margin)

    def setContentsMargins(self, *margins: int | QMargins) -> None:  # noqa: N802 - Qt's name
        self._sizes.clear()
        super().setContentsMargins(*margins)
