"""The benefits walkthrough, first page: the schemes, each with its benefits as big buttons.

Params: `scheme` (optional) shows one scheme only (a search hit on a scheme lands here).
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from kiosk.content.model import Benefit, Scheme
from ui.screens.base import Screen
from ui.widgets.buttons import BigButton, WrappingButton
from ui.widgets.cards import CardArea, card_frame
from ui.widgets.icon import IconLabel
from ui.widgets.text import text_label


def content_audience(audience: str | None) -> str | None:
    """The benefits a visitor sees: a worker those for workers; an employer, staff and the
    undecided see every benefit (an employer needs to know what the workers get)."""
    return "worker" if audience == "worker" else None


class BenefitButton(WrappingButton):
    """A benefit to tap: its icon, its name, and the one line of what it gives."""

    def __init__(self, benefit: Benefit, locale: str) -> None:
        super().__init__()
        self.setObjectName(f"benefit-tile-{benefit.id}")
        self.setProperty("role", "benefit")
        # QPushButton is vertically Fixed by default, which would cap it at the unwrapped height
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        row = QHBoxLayout(self)
        row.setContentsMargins(18, 12, 18, 12)
        row.setSpacing(16)
        icon = IconLabel(benefit.icon, 56)
        icon.setObjectName("buttonIcon")
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout()
        column.setSpacing(2)
        self.title = text_label(benefit.title.get(locale), "subtitle", name="buttonLabel")
        self.summary = text_label(benefit.summary.get(locale), "note", name="buttonNote")
        column.addWidget(self.title)
        column.addWidget(self.summary)
        column.addStretch(1)  # top-aligned when a taller neighbour stretches the grid row
        row.addLayout(column, 1)
        for child in (icon, self.title, self.summary):
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAccessibleName(benefit.title.get(locale))


class BenefitsScreen(Screen):
    name = "benefits"

    def __init__(self, ctx) -> None:  # noqa: ANN001 - AppContext
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 0)
        layout.setSpacing(8)
        head = QHBoxLayout()
        self.title = text_label("", "title", name="benefits-title")
        head.addWidget(self.title, 1)
        self.walk = BigButton("", "play-circle", role="primary")
        self.walk.setObjectName("benefits-walk")
        self.walk.clicked.connect(self._walk)
        head.addWidget(self.walk, 0)
        layout.addLayout(head)
        self.intro = text_label("", "body", name="benefits-intro")
        layout.addWidget(self.intro)
        self.area = CardArea()
        layout.addWidget(self.area, 1)

    def _benefits(self) -> list[Benefit]:
        return self.ctx.library.benefits(content_audience(self.ctx.visit.audience))

    def reset(self) -> None:
        super().reset()
        self.area.clear()

    def render(self) -> None:
        tr, locale = self.tr, self.ctx.locale
        benefits = self._benefits()
        only = self.params.get("scheme")
        self.title.setText(tr("What NSSF gives"))
        self.intro.setText(tr("Tap a benefit to learn more, or see them one by one."))
        self.walk.set_text(tr("One by one"))
        self.walk.setVisible(bool(benefits))
        self.area.clear()
        for scheme in self.ctx.library.schemes():
            if only and scheme.id != only:
                continue
            mine = [b for b in benefits if b.scheme == scheme.id]
            self.area.add(self._scheme_card(scheme, mine, locale))
        if only:
            everything = BigButton(tr("See all the schemes"), "view-list", role="secondary")
            everything.setObjectName("benefits-all")
            everything.clicked.connect(lambda: self.go.emit("benefits", {}))
            self.area.add(everything)

    def _scheme_card(self, scheme: Scheme, benefits: list[Benefit], locale: str) -> QFrame:
        frame, column = card_frame("scheme")
        head = QHBoxLayout()
        head.setSpacing(16)
        head.addWidget(IconLabel(scheme.icon, 56), 0, Qt.AlignmentFlag.AlignTop)
        words = QVBoxLayout()
        words.addWidget(text_label(scheme.name.get(locale), "subtitle", name=f"scheme-{scheme.id}"))
        words.addWidget(text_label(scheme.summary.get(locale), "body"))
        words.addWidget(text_label(scheme.since.get(locale), "note"))
        head.addLayout(words, 1)
        column.addLayout(head)
        if benefits:
            grid = QGridLayout()
            grid.setSpacing(12)
            grid.setColumnStretch(0, 1)
            grid.setColumnStretch(1, 1)
            for i, benefit in enumerate(benefits):
                button = BenefitButton(benefit, locale)
                button.clicked.connect(lambda _=False, b=benefit.id: self.go.emit("benefit", {"id": b}))
                grid.addWidget(button, i // 2, i % 2)
            holder = QWidget()
            holder.setLayout(grid)
            column.addWidget(holder)
        return frame

    def _walk(self) -> None:
        benefits = self._benefits()
        if benefits:
            self.go.emit("benefit", {"id": benefits[0].id})
