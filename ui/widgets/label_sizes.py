"""A QLabel that remembers its sizes: the base of the kiosk's text labels (ui/widgets/text.py).

A word-wrapped QLabel lays its text out again for every size question, and nested layouts ask
often: one language switch on the employer screen asked 48 labels for their height 765 times
(bench: about 16 text layouts of Khmer per label, most of the switch's CPU time). Here each
answer is kept, keyed by the text and the width, so a layout pass computes each label once
per width, and a switch back to a language already shown costs almost no layout at all.

A width asked for the first time is answered without laying the text out when the heights at
the known widths on either side of it agree (a wrapped plain text never grows taller on a wider
line): the levels of a nested layout ask at widths in between as they settle.

The memory is per label and small (the sizes of its MAX_TEXTS last texts); it is dropped
whenever what the sizes depend on changes other than the text: the font (large text, the
stylesheet), the style, the word wrap, margins or indent.
"""
from __future__ import annotations

from bisect import bisect, insort

from PySide6.QtCore import QEvent, QMargins, QSize, Qt
from PySide6.QtWidgets import QLabel

MAX_TEXTS = 8  # texts a label remembers the sizes of (both languages of a few pages)
WIDTHS = ("w", 0)  # a text's entry of the widths laid out, in order, with their heights


class SizeCachedLabel(QLabel):
    def __init__(self, *args: object, **kwargs: object) -> None:
        # text shown -> {(kind, width): answer}; the current text's dict is `_now`
        self._by_text: dict[str, dict[tuple[str, int], object]] = {}
        self._now: dict[tuple[str, int], object] = {}
        super().__init__(*args, **kwargs)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        self._remember(text)

    def clear(self) -> None:
        super().clear()
        self._remember("")

    def _remember(self, text: str) -> None:
        now = self._by_text.pop(text, None)
        if now is None:
            now = {}
            if len(self._by_text) >= MAX_TEXTS:
                self._by_text.pop(next(iter(self._by_text)))  # the longest unseen text
        self._by_text[text] = self._now = now  # last in: the most recent

    def forget_sizes(self) -> None:
        self._by_text.clear()
        self._now = self._by_text[QLabel.text(self)] = {}

    # --- what Qt asks -------------------------------------------------------------------------
    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        found = self._now.get(("h", width))
        if found is None:
            found = self._between(width)
            if found is None:
                found = QLabel.heightForWidth(self, width)
                # a width of 0 or less is no width: Qt then picks one itself
                if width > 0 and self.textFormat() == Qt.TextFormat.PlainText:
                    insort(self._now.setdefault(WIDTHS, []), (width, found))  # type: ignore[arg-type]
            self._now[("h", width)] = found
        return found  # type: ignore[return-value]

    def _between(self, width: int) -> int | None:
        """The height at `width` if the heights already known on either side of it agree: a
        wrapped plain text never grows taller on a wider line (each line can only take more
        words), so between two widths of one height every width has it. The nested layouts
        ask a label at about five widths as each level settles (166, 387, 321, 710, 695 for
        a step's line on the checklist); three of them are laid out, the rest fall between.
        Plain text only: rich text has its own layout (tests/ui/test_label_sizes.py checks
        that every content text wraps so, in both languages)."""
        known = self._now.get(WIDTHS)
        if not known or width <= 0:
            return None
        at = bisect(known, (width, -1))  # type: ignore[arg-type]
        if 0 < at < len(known) and known[at - 1][1] == known[at][1]:  # type: ignore[index]
            return known[at][1]  # type: ignore[index]
        return None

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        found = self._now.get(("s", 0))
        if found is None:
            found = self._now[("s", 0)] = QLabel.sizeHint(self)
        return QSize(found)  # type: ignore[arg-type]

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        found = self._now.get(("m", 0))
        if found is None:
            found = self._now[("m", 0)] = QLabel.minimumSizeHint(self)
        return QSize(found)  # type: ignore[arg-type]

    # --- what sizes depend on, besides the text ----------------------------------------------
    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.forget_sizes()
        super().changeEvent(event)

    def setWordWrap(self, on: bool) -> None:  # noqa: N802 - Qt's name
        super().setWordWrap(on)
        self.forget_sizes()

    def setIndent(self, indent: int) -> None:  # noqa: N802 - Qt's name
        super().setIndent(indent)
        self.forget_sizes()

    def setMargin(self, margin: int) -> None:  # noqa: N802 - Qt's name
        super().setMargin(margin)
        self.forget_sizes()

    def setContentsMargins(self, *margins: int | QMargins) -> None:  # noqa: N802 - Qt's name
        super().setContentsMargins(*margins)
        self.forget_sizes()
