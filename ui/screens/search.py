"""Search, typed on the on-screen keyboard (Khmer or Latin), with results as the visitor types.

Results are tiles to the benefit, checklist, story ... screens; a glossary hit shows its
definition in place. Search runs in the UI's language, and also in the other one when the
typed script is not the UI's (Khmer typed on the English side). The query lives in
`ctx.visit.search_text`, so a language switch keeps it; `reset()` empties the field.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from kiosk.content.library import NotFound, SearchHit
from kiosk.content.model import Text
from kiosk.i18n import LOCALES
from ui.screens.base import Screen
from ui.widgets.buttons import BigButton
from ui.widgets.cards import CardArea, card_frame
from ui.widgets.icon import IconLabel, glyph_or_fallback, icon_font
from ui.widgets.keyboard import OnScreenKeyboard
from ui.widgets.text import text_label

SCRIPT = "search-keyboard"  # ctx.visit.extra key: the keyboard the visitor chose
KEYBOARD_SHOWN = "search-keyboard-shown"
MAX_RESULTS = 12


def typed_locale(text: str) -> str | None:
    """The language a query is typed in, by its script: km for Khmer letters, en for Latin."""
    if any("\u1780" <= ch <= "\u17ff" or "\u19e0" <= ch <= "\u19ff" for ch in text):
        return "km"
    if any(ch.isascii() and ch.isalpha() for ch in text):
        return "en"
    return None


@dataclass(frozen=True)
class Target:
    """Where a search hit leads, and how it is shown."""

    title: Text
    icon: str
    screen: str | None  # None: shown in place (a glossary term)
    params: dict
    body: Text | None = None


class SearchScreen(Screen):
    name = "search"

    def __init__(self, ctx) -> None:  # noqa: ANN001 - AppContext
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
        self.toggle.setFont(icon_font(40))
        self.toggle.setStyleSheet('font-family: "Material Design Icons"; font-size: 40px;')
        self.toggle.setFixedSize(88, 72)
        self.toggle.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.toggle.clicked.connect(self._toggle_keyboard)
        top.addWidget(self.toggle)
        layout.addLayout(top)
        self.status = text_label("", "note", name="search-status")
        layout.addWidget(self.status)
        self.area = CardArea()
        layout.addWidget(self.area, 1)
        self.keyboard = OnScreenKeyboard(self.tr)
        self.keyboard.attach(self.field)
        self.keyboard.switch_key.clicked.connect(self._script_chosen)
        layout.addWidget(self.keyboard)

    # --- state -----------------------------------------------------------------------------
    def enter(self, params: dict | None = None) -> None:
        self.params = dict(params or {})
        extra = self.ctx.visit.extra
        script = extra.get(SCRIPT) or ("khmer" if self.ctx.locale == "km" else "latin")
        self.keyboard.show_script(script)
        self.keyboard.setVisible(extra.get(KEYBOARD_SHOWN, True))
        self.render()
        self.field.setFocus()

    def reset(self) -> None:
        super().reset()
        self.field.blockSignals(True)
        self.field.clear()
        self.field.blockSignals(False)
        self.area.clear()
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

    def _show_toggle(self) -> None:
        shown = self.ctx.visit.extra.get(KEYBOARD_SHOWN, True)
        self.toggle.setText(glyph_or_fallback("keyboard-close" if shown else "keyboard"))
        self.toggle.setAccessibleName(self.tr("Hide the keyboard") if shown
                                      else self.tr("Show the keyboard"))

    def _typed(self, text: str) -> None:
        self.ctx.visit.search_text = text
        self._show_results()

    # --- rendering -------------------------------------------------------------------------
    def render(self) -> None:
        self.keyboard.retranslate(self.tr)
        self.field.setPlaceholderText(self.tr("Type a word"))
        self._show_toggle()
        if self.field.text() != self.ctx.visit.search_text:
            self.field.blockSignals(True)
            self.field.setText(self.ctx.visit.search_text)
            self.field.blockSignals(False)
        self._show_results()

    def search(self, text: str) -> list[SearchHit]:
        """Hits in the UI's language, then (if the query is typed in the other script) in that
        language too, each record once."""
        locales = [self.ctx.locale]
        typed = typed_locale(text)
        if typed is not None and typed != self.ctx.locale and typed in LOCALES:
            locales.append(typed)
        seen: set[tuple[str, str]] = set()
        hits: list[SearchHit] = []
        for locale in locales:
            for hit in self.ctx.library.search(text, locale, limit=MAX_RESULTS):
                if (hit.kind, hit.id) not in seen:
                    seen.add((hit.kind, hit.id))
                    hits.append(hit)
        return hits[:MAX_RESULTS]

    def _show_results(self) -> None:
        tr = self.tr
        text = self.ctx.visit.search_text.strip()
        self.area.clear()
        self.status.show()
        if not text:
            self.status.setText(tr("Type a word, for example: មាតុភាព or card"))
            return
        hits = self.search(text)
        if not hits:
            self.status.setText(tr("Nothing found. Try a shorter word, or ask NSSF staff."))
            return
        self.status.hide()  # the results need the room
        for hit in hits:  # one column: room for a definition, and the best hit first
            target = self._target(hit)
            if target is not None:
                self.area.add(self._result(hit, target))

    def _result(self, hit: SearchHit, target: Target) -> QWidget:
        locale = self.ctx.locale
        if target.screen is None:  # a glossary term: its definition, here
            frame, row = card_frame("term", row=True, margins=(20, 14, 20, 14), spacing=16)
            row.addWidget(IconLabel(target.icon, 48), 0, Qt.AlignmentFlag.AlignTop)
            column = QVBoxLayout()
            column.addWidget(text_label(target.title.get(locale), "subtitle",
                                        name=f"result-{hit.kind}-{hit.id}"))
            if target.body is not None:
                column.addWidget(text_label(target.body.get(locale), "body",
                                            name=f"definition-{hit.id}"))
            row.addLayout(column, 1)
            return frame
        button = BigButton(target.title.get(locale), target.icon, role="secondary", icon_size=48)
        button.setObjectName(f"result-{hit.kind}-{hit.id}")
        button.setProperty("touch", "tall")
        button.clicked.connect(lambda _=False, t=target, h=hit: self._open(t, h))
        return button

    def _open(self, target: Target, hit: SearchHit) -> None:
        self.ctx.log_step(self.name, "open-result", f"{hit.kind}:{hit.id}")  # the record, never the text
        if target.screen:
            self.go.emit(target.screen, dict(target.params))

    def _target(self, hit: SearchHit) -> Target | None:
        """The record behind a hit, in the visitor's language; None if it is gone."""
        lib = self.ctx.library

        def find(records: list, rid: str):  # noqa: ANN001, ANN202 - any record kind
            return next(r for r in records if r.id == rid)

        try:
            match hit.kind:
                case "benefits":
                    b = lib.benefit(hit.id)
                    return Target(b.title, b.icon, "benefit", {"id": b.id})
                case "checklists":
                    c = lib.checklist(hit.id)
                    return Target(c.title, "format-list-checks", "checklist", {"id": c.id})
                case "stories":
                    st = lib.story(hit.id)
                    return Target(st.title, st.icon, "stories", {"id": st.id})
                case "schemes":
                    sc = find(lib.schemes(), hit.id)
                    return Target(sc.name, sc.icon, "benefits", {"scheme": sc.id})
                case "duties":
                    d = find(lib.duties(), hit.id)
                    return Target(d.title, d.icon, "employer", {})
                case "offices":
                    o = find(lib.offices(), hit.id)
                    return Target(o.name, o.icon, "contacts", {})
                case "glossary":
                    t = find(lib.glossary(), hit.id)
                    return Target(t.term, "book-alphabet", None, {}, t.definition)
        except (NotFound, StopIteration):
            return None
        return None
