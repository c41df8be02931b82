"""Which claim? The checklists of the visitor's audience, each a big button to its checklist."""
from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from kiosk.content.library import NotFound
from kiosk.content.model import Checklist
from ui.screens.base import Screen
from ui.screens.benefits import content_audience
from ui.widgets.buttons import BigButton
from ui.widgets.cards import CardArea
from ui.widgets.text import text_label


class ClaimsScreen(Screen):
    name = "claims"

    def __init__(self, ctx) -> None:  # noqa: ANN001 - AppContext
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 0)
        layout.setSpacing(8)
        self.title = text_label("", "title", name="claims-title")
        self.intro = text_label("", "body", name="claims-intro")
        self.area = CardArea()
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addWidget(self.area, 1)

    def _icon(self, checklist: Checklist) -> str:
        if checklist.benefit:
            try:
                return self.ctx.library.benefit(checklist.benefit).icon
            except NotFound:
                pass
        return "format-list-checks"

    def reset(self) -> None:
        super().reset()
        self.area.clear()

    def render(self) -> None:
        locale = self.ctx.locale
        self.title.setText(self.tr("What to bring, and the steps"))
        self.intro.setText(self.tr("Choose your claim. You will see the papers to bring and who does what."))
        self.area.clear()
        grid = QGridLayout()
        grid.setSpacing(12)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        audience = content_audience(self.ctx.visit.audience)
        # in the order of the benefits they claim; the employer's own lists last
        order = {b.id: i for i, b in enumerate(self.ctx.library.benefits())}
        checklists = sorted(self.ctx.library.checklists(audience),
                            key=lambda c: order.get(c.benefit or "", len(order)))
        for i, checklist in enumerate(checklists):
            button = BigButton(checklist.title.get(locale), self._icon(checklist), role="secondary",
                               icon_size=48)
            button.setObjectName(f"claim-{checklist.id}")
            button.setProperty("touch", "tall")
            button.clicked.connect(lambda _=False, c=checklist.id: self.go.emit("checklist", {"id": c}))
            grid.addWidget(button, i // 2, i % 2)
        holder = QWidget()
        holder.setLayout(grid)
        self.area.add(holder)
