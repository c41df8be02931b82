"""Text with links in it, drawn as real links (underlined, in the link colour) that a tap
follows: a content text's `[Medical care](benefit:medical-care)`, made a page's `Pieces`.

`LinkedLabel` is a text label (a WrapLabel: it remembers its sizes and breaks Khmer at words)
that shows plain text, or pieces with links as rich text; a tap on a link emits `followed`
with the link's Route. The words themselves are escaped (content is text, never markup), and
`text()` gives back what a reader sees, as for every label. `LinkButtons` puts each link of a
text once more as a finger-sized button under it, with the target's picture: a link inside a
line of text is a small target for a finger.
"""
from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget

from kiosk.pages.parts import Link, Pieces, links_of
from kiosk.text.breaks import with_break_hints
from ui.widgets.buttons import BigButton
from ui.widgets.label_sizes import SizeCachedLabel
from ui.widgets.rows import RowPool, named, put
from ui.widgets.text import WrapLabel

LINK_COLOUR = "#0B4A8B"  # the stylesheet's accent: a link reads as one on every card


def _words(text: str) -> str:
    """Escaped, with the word breaker's hints (each piece on its own: a tag is no word)."""
    return html.escape(with_break_hints(text)).replace("\n", "<br>")


def pieces_html(pieces: Pieces) -> str:
    out = []
    for index, piece in enumerate(pieces):
        if isinstance(piece, Link) and piece.route is not None:
            out.append(f'<a href="{index}" style="color:{LINK_COLOUR}; text-decoration:underline;'
                       f' font-weight:bold;">{_words(piece.text)}</a>')
        else:
            out.append(_words(piece.text if isinstance(piece, Link) else piece))
    return "".join(out)


def pieces_text(pieces: Pieces) -> str:
    return "".join(p.text if isinstance(p, Link) else p for p in pieces)


class LinkedLabel(WrapLabel):
    followed = Signal(object)  # the Route of the link tapped

    def __init__(self, role: str = "body", name: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setProperty("role", role)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setOpenExternalLinks(False)
        if name:
            self.setObjectName(name)
        self._pieces: Pieces = ()
        self._reading = ""
        self.linkActivated.connect(self._activated)

    def text(self) -> str:
        return self._reading

    def show_text(self, text: str, pieces: Pieces = ()) -> None:
        """Plain `text`, or `pieces` with their links (`text` is then what they read as)."""
        if (text, pieces) == (self._reading, self._pieces):
            return
        self._reading, self._pieces = text, pieces
        rich = bool(links_of(pieces))
        self.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse if rich
                                     else Qt.TextInteractionFlag.NoTextInteraction)
        if rich:
            SizeCachedLabel.setText(self, pieces_html(pieces))  # its own break hints, above
        else:
            WrapLabel.setText(self, text)
        self._reading = text

    def set_text(self, text: str) -> None:  # put() on a plain label
        self.show_text(text)

    def clear(self) -> None:
        super().clear()
        self._reading, self._pieces = "", ()
        self.setTextFormat(Qt.TextFormat.PlainText)

    @property
    def links(self) -> tuple[Link, ...]:
        return links_of(self._pieces)

    def _activated(self, href: str) -> None:
        try:
            piece = self._pieces[int(href)]
        except (ValueError, IndexError):
            return
        if isinstance(piece, Link) and piece.route is not None:
            self.followed.emit(piece.route)


class LinkButtons(RowPool[BigButton]):
    """One button per link of a text, under it: "Medical care" with the benefit's picture."""

    followed = Signal(object)

    def __init__(self, name: str = "link", parent: QWidget | None = None) -> None:
        super().__init__(self._button, spacing=8, parent=parent)
        self._name = name
        self._links: dict[BigButton, Link] = {}

    def _button(self) -> BigButton:
        button = BigButton("", "help-circle-outline", role="secondary", icon_size=36)
        button.clicked.connect(lambda _=False, b=button: self._follow(b))
        return button

    def _follow(self, button: BigButton) -> None:
        link = self._links.get(button)
        if link is not None and link.route is not None:
            self.followed.emit(link.route)

    def show_links(self, links: Sequence[Link]) -> None:
        def show(button: BigButton, link: Link) -> None:
            self._links[button] = link
            target = "-".join(str(v) for v in link.route.params.values()) if link.route else ""
            named(button, f"{self._name}-{link.route.screen if link.route else ''}-{target}")
            put(button, link.text)
            button.set_icon(link.icon)
        self.fill([link for link in links if link.route is not None], show)
