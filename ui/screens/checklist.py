"""A claim checklist: the papers (tap the ones you already have), what is left to bring, and the
steps in order with who does what, where and by when.

Ticks live in `ctx.visit.ticks[checklist id]`, so they survive a language switch and a trip to
another screen, and vanish with the visit. Params: `id` (a checklist id, or a benefit id).
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.content.model import Checklist, Document, Step
from kiosk.i18n import N_, format_number
from ui.screens.base import Screen
from ui.widgets.buttons import BigButton, WrappingButton
from ui.widgets.cards import CardArea, card_frame
from ui.widgets.icon import IconLabel
from ui.widgets.text import icon_heading, text_label

# Who acts in a step: the words and the picture.
ACTORS: dict[str, tuple[str, str]] = {
    "worker": (N_("Worker"), "account-hard-hat"),
    "employer": (N_("Employer"), "account-tie"),
    "nssf": (N_("NSSF"), "office-building"),
    "facility": (N_("Health facility"), "hospital-building"),
    "family": (N_("Family"), "account-group"),
    "staff": (N_("NSSF staff"), "account-tie-voice"),
}
TICKED, UNTICKED = "checkbox-marked-circle", "checkbox-blank-circle-outline"


def _transparent(*widgets: QWidget) -> None:
    for widget in widgets:
        widget.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)


class DocumentToggle(WrappingButton):
    """A big row for one paper: tap to say "I have it"."""

    def __init__(self, document: Document, locale: str, where_label: str) -> None:
        super().__init__()
        self.document = document
        self.setObjectName(f"doc-{document.id}")
        self.setProperty("role", "toggle")
        self.setCheckable(True)
        # QPushButton is vertically Fixed by default, which would cap it at the unwrapped height
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        row = QHBoxLayout(self)
        row.setContentsMargins(18, 10, 18, 10)
        row.setSpacing(16)
        icon = IconLabel(document.icon, 48)
        icon.setObjectName("buttonIcon")
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignVCenter)
        column = QVBoxLayout()
        column.setSpacing(2)
        name = text_label(document.name.get(locale), "subtitle", name="buttonLabel")
        column.addWidget(name)
        where = text_label(where_label.format(where=document.where.get(locale)), "note",
                           name="buttonNote")
        column.addWidget(where)
        parts: list[QWidget] = [icon, name, where]
        if document.note is not None:
            note = text_label(document.note.get(locale), "note", name="buttonNote")
            column.addWidget(note)
            parts.append(note)
        row.addLayout(column, 1)
        self.mark = IconLabel(UNTICKED, 56)
        self.mark.setObjectName("tickMark")
        row.addWidget(self.mark, 0, Qt.AlignmentFlag.AlignVCenter)
        _transparent(*parts, self.mark)
        self.setAccessibleName(document.name.get(locale))
        self.toggled.connect(self._show_state)

    def _show_state(self, on: bool) -> None:
        self.mark.set_icon(TICKED if on else UNTICKED)
        self.setProperty("ticked", on)
        for widget in (self, *self.findChildren(QWidget)):  # styled by the [ticked] property
            widget.style().unpolish(widget)
            widget.style().polish(widget)


class ChecklistScreen(Screen):
    name = "checklist"

    def __init__(self, ctx) -> None:  # noqa: ANN001 - AppContext
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.setSpacing(8)
        head, self.title = icon_heading("format-list-checks", "checklist-title")
        layout.addLayout(head)
        body = self.body = QHBoxLayout()
        body.setSpacing(16)
        self.area = CardArea()
        body.addWidget(self.area, 4)
        # "What to bring" stays in view beside the papers, and shrinks as the visitor ticks.
        panel, self.bring = card_frame("bring", margins=(20, 16, 20, 16))
        panel.setMinimumWidth(360)
        self.bring_area = CardArea()
        self.bring_area.add(panel)
        body.addWidget(self.bring_area, 3)
        layout.addLayout(body, 1)
        actions = QHBoxLayout()
        actions.setSpacing(12)
        self.about = BigButton("", "information-outline", role="secondary")
        self.about.setObjectName("checklist-benefit")
        self.about.clicked.connect(
            lambda: self.go.emit("benefit", {"id": self.checklist.benefit}))
        self.print = BigButton("", "printer", role="primary")
        self.print.setObjectName("checklist-print")
        self.print.clicked.connect(self._print)
        actions.addWidget(self.about, 1)
        actions.addWidget(self.print, 1)
        layout.addLayout(actions)
        self.toggles: dict[str, DocumentToggle] = {}

    # --- state -----------------------------------------------------------------------------
    @property
    def checklist(self) -> Checklist:
        return self.ctx.library.checklist(self.params["id"])

    @property
    def ticks(self) -> set[str]:
        return self.ctx.visit.ticks.setdefault(self.checklist.id, set())

    def _tick(self, document_id: str, on: bool) -> None:
        if on:
            self.ticks.add(document_id)
        else:
            self.ticks.discard(document_id)
        self.ctx.log_step(self.name, "tick" if on else "untick")
        self._fill_bring()

    def _print(self) -> None:
        checklist = self.checklist
        self.go.emit("print", {"kind": "checklist", "id": checklist.id,
                               "ticks": sorted(self.ticks)})

    def missing(self) -> list[Document]:
        """The papers the visitor has not ticked: what they still have to bring."""
        ticks = self.ticks
        return [d for d in self.checklist.documents if d.id not in ticks]

    def _arrange(self) -> None:
        """Papers and "what to bring" side by side; one above the other in large text, where
        long Khmer words (no spaces, so no line breaks) need the whole width."""
        large = bool(getattr(self.ctx, "large_text", False))
        self.body.setDirection(QBoxLayout.Direction.TopToBottom if large
                               else QBoxLayout.Direction.LeftToRight)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.StyleChange:  # large text on or off
            self._arrange()
        super().changeEvent(event)

    def reset(self) -> None:
        super().reset()
        self.area.clear()
        self.title.clear()
        self.toggles = {}
        self._clear_bring()

    # --- rendering -------------------------------------------------------------------------
    def render(self) -> None:
        tr, locale = self.tr, self.ctx.locale
        checklist = self.checklist
        self._arrange()
        self.title.setText(checklist.title.get(locale))
        self.print.set_text(tr("Print / take it with you"))
        self.about.set_text(tr("About this benefit"))
        self.about.setVisible(checklist.benefit is not None)
        self.area.clear()
        if checklist.intro is not None:
            self.area.add(text_label(checklist.intro.get(locale), "body", name="checklist-intro"))

        self.area.add(text_label(tr("Papers: tap the ones you already have"), "subtitle",
                                 name="checklist-papers"))
        self.toggles = {}
        where = tr("Where to get it: {where}")
        ticks = self.ticks
        for document in checklist.documents:
            toggle = DocumentToggle(document, locale, where)
            toggle.setChecked(document.id in ticks)
            toggle.toggled.connect(lambda on, d=document.id: self._tick(d, on))
            self.toggles[document.id] = toggle
            self.area.add(toggle)
        self._fill_bring()

        self.area.add(text_label(tr("Steps"), "subtitle", name="checklist-steps"))
        for number, step in enumerate(checklist.steps, start=1):
            self.area.add(self._step_card(number, step))

    def _clear_bring(self) -> None:
        while self.bring.count():
            item = self.bring.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.hide()
                widget.setObjectName("")
                widget.deleteLater()

    def _fill_bring(self) -> None:
        """The "what to bring" panel: the papers not ticked, refreshed on every tick."""
        self._clear_bring()
        tr, locale = self.tr, self.ctx.locale
        head = QHBoxLayout()
        title_row = QWidget()
        title_row.setLayout(head)
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(IconLabel("bag-personal", 44))
        head.addWidget(text_label(tr("What to bring"), "subtitle", name="bring-title"), 1)
        self.bring.addWidget(title_row)
        missing = self.missing()
        if not missing:
            self.bring.addWidget(text_label(tr("You have all the papers on the list."), "body",
                                            name="bring-done"))
            return
        for document in missing:
            line = QWidget()
            line.setObjectName(f"bring-{document.id}")
            row = QHBoxLayout(line)
            row.setContentsMargins(0, 0, 0, 0)
            row.setSpacing(12)
            row.addWidget(IconLabel(document.icon, 36), 0, Qt.AlignmentFlag.AlignTop)
            row.addWidget(text_label(document.name.get(locale), "body"), 1)
            self.bring.addWidget(line)

    def _step_card(self, number: int, step: Step) -> QFrame:
        tr, locale = self.tr, self.ctx.locale
        frame, row = card_frame("step", row=True, margins=(20, 14, 20, 14), spacing=16)
        badge = QLabel(format_number(number, locale))
        badge.setObjectName("step-number")
        badge.setProperty("role", "step-number")
        badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        badge.setFixedSize(64, 64)
        row.addWidget(badge, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout()
        column.setSpacing(4)
        actor, actor_icon = ACTORS.get(step.who, (step.who, "account"))
        who = QHBoxLayout()
        who.setSpacing(8)
        who.addWidget(IconLabel(actor_icon, 36))
        who.addWidget(text_label(tr(actor), "note", name="step-who"), 1)
        column.addLayout(who)
        column.addWidget(text_label(step.text.get(locale), "body", name="step-text"))
        for icon, text in (("map-marker", step.where), ("calendar-clock", step.deadline)):
            if text is None:
                continue
            line = QHBoxLayout()
            line.setSpacing(8)
            line.addWidget(IconLabel(icon, 32), 0, Qt.AlignmentFlag.AlignTop)
            line.addWidget(text_label(text.get(locale), "note"), 1)
            column.addLayout(line)
        row.addLayout(column, 1)
        if step.icon:
            row.addWidget(IconLabel(step.icon, 56), 0, Qt.AlignmentFlag.AlignTop)
        return frame
