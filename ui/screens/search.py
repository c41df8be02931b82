"""Search, typed on the on-screen keyboard (Khmer or Latin), with results as the visitor types
(kiosk.pages.search): tiles to the benefit, checklist, story ... screens, a glossary term's
definition in place. The query lives in `ctx.visit.search_text`, so a language switch keeps it;
`reset()` empties the field. A key updates the result tiles in place.

On a short screen (a 7" panel) the keyboard and the results do not both fit: while the keyboard
shows, the results wait behind it, and the keyboard button beside the field shows them.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from kiosk.pages.search import Result, SearchPage, keyboard_for, search_page
from ui.screens.base import Screen
from ui.sizing import current, px
from ui.widgets.buttons import BigButton
from ui.widgets.cards import Card, CardArea
from ui.widgets.icon import IconLabel, glyph_or_fallback, style_as_icon
from ui.widgets.keyboard import OnScreenKeyboard
from ui.widgets.rows import (
    RowPool,
    fill_hidden,
    named,
    put,
    put_icon,
    settle_layouts,
    show_if,
)
from ui.widgets.text import text_label

if TYPE_CHECKING:
    from ui.context import AppContext

SCRIPT = "search-keyboard"  # ctx.visit.extra key: the keyboard the visitor chose
KEYBOARD_SHOWN = "search-keyboard-shown"


class ResultRow(QWidget):
    """One result: a tile to its screen, or a glossary term with its definition in place."""

    def __init__(self, screen: SearchScreen) -> None:
        super().__init__()
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        self.button = BigButton("", "help-circle-outline", role="secondary", icon_size=48)
        self.button.setProperty("touch", "tall")
        self.button.clicked.connect(lambda: screen.open(self.result))
        box.addWidget(self.button)
        self.term = Card("term", row=True, margins=(20, 14, 20, 14), spacing=16)
        self.term_icon = IconLabel("book-alphabet", 48)
        self.term.box.addWidget(self.term_icon, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout()
        self.term_title = text_label("", "subtitle")
        self.definition = text_label("", "body")
        column.addWidget(self.term_title)
        column.addWidget(self.definition)
        self.term.box.addLayout(column, 1)
        box.addWidget(self.term)
        self.result: Result | None = None

    def show_result(self, result: Result) -> None:
        self.result = result
        in_place = result.route is None
        show_if(self.button, not in_place)
        show_if(self.term, in_place)
        if in_place:
            named(self.button, "")
            named(self.term_title, f"result-{result.key}")
            named(self.definition, f"definition-{result.id}")
            put_icon(self.term_icon, result.icon)
            put(self.term_title, result.title)
            put(self.definition, result.definition or "")
        else:
            named(self.term_title, "")
            named(self.definition, "")
            named(self.button, f"result-{result.key}")
            put(self.button, result.title)
            self.button.set_icon(result.icon)


class SearchScreen(Screen):
    name = "search"

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 0)
        layout.setSpacing(8)
        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(IconLabel("magnify", 56))
        self.field = QLineEdit()
        self.field.setObjectName("search-field")
        self.field.setClearButtonEnabled(False)  # the keyboard has Clear, big
        self.field.textChanged.connect(self._typed)
        top.addWidget(self.field, 1)
        self.toggle = QPushButton(glyph_or_fallback("keyboard-close"))
        self.toggle.setObjectName("search-keyboard-toggle")
        style_as_icon(self.toggle, 40)
        self.tight = current().short  # the keyboard or the results, not both (see above)
        self.toggle.setFixedSize(px(88), px(64 if self.tight else 72))
        self.toggle.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.toggle.clicked.connect(self._toggle_keyboard)
        top.addWidget(self.toggle)
        layout.addLayout(top)
        self.status = text_label("", "note", name="search-status")
        layout.addWidget(self.status)
        self.area = CardArea()
        layout.addWidget(self.area, 1)
        # one column: room for a definition, and the best hit first
        self.results: RowPool[ResultRow] = RowPool(lambda: ResultRow(self), spacing=16)
        self.area.add(self.results)
        self.keyboard = OnScreenKeyboard(self.tr)
        self.keyboard.attach(self.field)
        self.keyboard.switch_key.clicked.connect(self._script_chosen)
        layout.addWidget(self.keyboard)

    # --- state -----------------------------------------------------------------------------
    def enter(self, params: dict | None = None) -> None:
        self.params = dict(params or {})
        extra = self.ctx.visit.extra
        self.keyboard.show_script(extra.get(SCRIPT) or keyboard_for(self.ctx.locale))
        show_if(self.keyboard, extra.get(KEYBOARD_SHOWN, True))
        self.render()
        self._show_room()
        self.field.setFocus()

    def reset(self) -> None:
        super().reset()
        self.field.blockSignals(True)
        self.field.clear()
        self.field.blockSignals(False)
        self.results.fill((), ResultRow.show_result)
        self.keyboard.show_script("khmer")
        self.keyboard.show()

    def _script_chosen(self) -> None:
        """The visitor picked a keyboard: it stays for the visit, whatever the UI language."""
        self.ctx.visit.extra[SCRIPT] = self.keyboard.script

    def _toggle_keyboard(self) -> None:
        shown = not self.keyboard.isVisible()
        self.ctx.visit.extra[KEYBOARD_SHOWN] = shown
        self.keyboard.setVisible(shown)
        self._show_toggle()
        self._show_room()

    def _show_room(self) -> None:
        """On a short screen, the results (and the hint above them) only without the keyboard."""
        if self.tight:
            results = not self.ctx.visit.extra.get(KEYBOARD_SHOWN, True)
            show_if(self.area, results)
            show_if(self.status, results and bool(self.status.text()))

    def _show_toggle(self) -> None:
        shown = self.ctx.visit.extra.get(KEYBOARD_SHOWN, True)
        self.toggle.setText(glyph_or_fallback("keyboard-close" if shown else "keyboard"))
        if self.page is not None:
            self.toggle.setAccessibleName(self.page.hide_keyboard if shown
                                          else self.page.show_keyboard)

    def _typed(self, text: str) -> None:
        """A key: the result tiles change in place."""
        self.ctx.visit.search_text = text
        page = self.make_page()
        self._show_results(page, self.page)
        self.page = page
        settle_layouts()

    def open(self, result: Result | None) -> None:
        if result is not None and result.route is not None:
            # the record opened, never the text typed (the anonymous counts)
            self.ctx.log_step(self.name, "open-result", f"{result.kind}:{result.id}")
            self.follow(result.route)

    # --- showing ---------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.keyboard.retranslate(self.tr)

    def make_page(self) -> SearchPage:
        return search_page(self.ctx.library, self.ctx.visit.search_text, self.ctx.locale)

    def show_page(self, page: SearchPage) -> None:
        before, self.page = self.page, page  # _show_toggle reads the page's words
        if self.field.placeholderText() != page.placeholder:
            self.field.setPlaceholderText(page.placeholder)
        self._show_toggle()
        if self.field.text() != page.query:
            self.field.blockSignals(True)
            self.field.setText(page.query)
            self.field.blockSignals(False)
        self._show_results(page, before)

    def _show_results(self, page: SearchPage, before: SearchPage | None) -> None:
        show_if(self.status, page.status is not None)  # the results need the room
        put(self.status, page.status or "")
        self._show_room()
        fill_hidden(self.results, page.results, ResultRow.show_result)  # one layout, not 20
        if before is None or before.results[:1] != page.results[:1]:
            self.area.scroll_to_top()  # new best hit: show it
