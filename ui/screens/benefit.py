"""One benefit as a card: what you get, who can get it, how to claim, the amount, what is not
known here, when the content was checked, and a story where one fits. Previous and Next walk
through the benefits of the visitor's audience; the bar below leads to the interview, the
checklist and the printout.

Params: `id` (a benefit id).
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout

from kiosk.content.model import Benefit, Text
from kiosk.i18n import format_date, format_number
from ui.screens.base import Screen
from ui.screens.benefits import content_audience
from ui.widgets.buttons import BigButton
from ui.widgets.cards import CardArea, card
from ui.widgets.icon import IconLabel
from ui.widgets.text import text_label


class BenefitScreen(Screen):
    name = "benefit"

    def __init__(self, ctx) -> None:  # noqa: ANN001 - AppContext
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 12, 24, 12)
        layout.setSpacing(8)

        head = QHBoxLayout()
        head.setSpacing(16)
        self.icon = IconLabel("help-circle-outline", 64)
        self.icon.setObjectName("benefit-icon")
        head.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        words = QVBoxLayout()
        words.setSpacing(0)
        self.title = text_label("", "title", name="benefit-title")
        self.scheme = text_label("", "note", name="benefit-scheme")
        words.addWidget(self.title)
        words.addWidget(self.scheme)
        head.addLayout(words, 1)
        self.prev = BigButton("", "chevron-left", role="secondary")
        self.prev.setObjectName("benefit-prev")
        self.position = text_label("", "note", name="benefit-position")
        self.position.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.next = BigButton("", "chevron-right", role="secondary")
        self.next.setObjectName("benefit-next")
        for widget in (self.prev, self.position, self.next):
            head.addWidget(widget, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addLayout(head)

        self.area = CardArea()
        layout.addWidget(self.area, 1)

        actions = QHBoxLayout()
        actions.setSpacing(12)
        self.ask = BigButton("", "help-circle", role="primary")
        self.ask.setObjectName("benefit-interview")
        self.bring = BigButton("", "format-list-checks", role="secondary")
        self.bring.setObjectName("benefit-checklist")
        self.print = BigButton("", "printer", role="secondary")
        self.print.setObjectName("benefit-print")
        for button in (self.ask, self.bring, self.print):
            actions.addWidget(button, 1)
        layout.addLayout(actions)

        self.prev.clicked.connect(lambda: self._step(-1))
        self.next.clicked.connect(lambda: self._step(+1))
        self.ask.clicked.connect(lambda: self.go.emit("interview", {"benefit": self.benefit.id}))
        self.bring.clicked.connect(lambda: self.go.emit("checklist", {"id": self.benefit.checklist}))
        self.print.clicked.connect(
            lambda: self.go.emit("print", {"kind": "benefit", "id": self.benefit.id}))

    # --- state -----------------------------------------------------------------------------
    @property
    def benefit(self) -> Benefit:
        return self.ctx.library.benefit(self.params["id"])

    def _walk(self) -> list[str]:
        """The ids Previous and Next go through: this visitor's benefits (and this one)."""
        ids = [b.id for b in self.ctx.library.benefits(content_audience(self.ctx.visit.audience))]
        return ids if self.params["id"] in ids else [self.params["id"]]

    def _step(self, delta: int) -> None:
        ids = self._walk()
        at = ids.index(self.params["id"]) + delta
        if 0 <= at < len(ids):
            self.go.emit("benefit", {"id": ids[at]})

    def speech(self) -> Text:
        return self.benefit.summary

    # --- rendering -------------------------------------------------------------------------
    def reset(self) -> None:
        super().reset()
        self.area.clear()
        for label in (self.title, self.scheme, self.position):
            label.clear()

    def render(self) -> None:
        tr, locale = self.tr, self.ctx.locale
        benefit = self.benefit
        scheme = next((s for s in self.ctx.library.schemes() if s.id == benefit.scheme), None)
        self.icon.set_icon(benefit.icon)
        self.title.setText(benefit.title.get(locale))
        self.scheme.setText(scheme.name.get(locale) if scheme else "")

        ids = self._walk()
        at = ids.index(benefit.id)
        self.prev.set_text(tr("Previous"))
        self.next.set_text(tr("Next"))
        self.prev.setEnabled(at > 0)
        self.next.setEnabled(at < len(ids) - 1)
        self.position.setText(f"{format_number(at + 1, locale)} / {format_number(len(ids), locale)}")

        self.ask.set_text(tr("Can I get it?"))
        self.bring.set_text(tr("What to bring"))
        self.print.set_text(tr("Print / take it with you"))

        self.area.clear()
        summary = text_label(benefit.summary.get(locale), "subtitle", name="benefit-summary")
        self.area.add(summary)
        self._section("what", tr("What you get"), benefit.what_you_get, "gift-outline")
        self._section("amount", tr("How much"), benefit.amount, "cash")
        self._section("who", tr("Who can get it"), benefit.who_can_get, "account-check")
        self._section("claim", tr("How to claim"), benefit.how_to_claim, "clipboard-text-outline")
        gap = self._section("gaps", tr("Not known here"), benefit.gaps, "help-circle-outline")
        if gap is not None:
            gap.setProperty("role", "gap")
        for story in self.ctx.library.stories(benefit.id)[:1]:
            self._story(story.id, tr("A true story: {title}").format(title=story.title.get(locale)),
                        story.text.get(locale), story.icon)
        if self.ctx.visit.audience == "staff":
            self._staff(benefit)
        checked = tr("Checked on {date}. Rules change: check with NSSF staff or call 1286.")
        reviewed = text_label(checked.format(date=format_date(benefit.reviewed_on, locale)), "note",
                              name="benefit-reviewed")
        self.area.add(reviewed)

    def _section(self, key: str, heading: str, text: Text | None, icon: str) -> QFrame | None:
        if text is None:
            return None
        frame = card(heading, text.get(self.ctx.locale), icon)
        frame.setProperty("section", key)
        frame.findChild(QLabel, "card-body").setObjectName(f"benefit-{key}")
        self.area.add(frame)
        return frame

    def _story(self, story_id: str, heading: str, body: str, icon: str) -> None:
        frame = card(heading, body, icon)
        frame.setProperty("role", "story")
        more = BigButton(self.tr("More stories"), "book-open-variant", role="secondary")
        more.setObjectName("benefit-story")
        more.clicked.connect(lambda: self.go.emit("stories", {"id": story_id}))
        self.area.add(frame)
        self.area.add(more)

    def _staff(self, benefit: Benefit) -> None:
        tr, locale = self.tr, self.ctx.locale
        lines = []
        if benefit.legal_basis is not None:
            lines.append(tr("Legal basis: {text}").format(text=benefit.legal_basis.get(locale)))
        if benefit.notes:
            lines.append(tr("Notes: {text}").format(text=benefit.notes))
        lines.append(tr("Sources: {text}").format(text="; ".join(benefit.sources)))
        lines.append(tr("Review status: {text}").format(text=benefit.review))
        frame = card(tr("For staff"), "\n\n".join(lines), "account-tie")
        frame.setProperty("role", "staff")
        frame.findChild(QLabel, "card-body").setObjectName("benefit-staff")
        self.area.add(frame)
