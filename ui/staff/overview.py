"""The unlocked staff panel's first page (kiosk.pages.staff.panel.StaffPanelPage): warnings,
the blocks of state with their buttons, the one-tap settings, and the way out of kiosk mode.
It only draws the page and reports taps; the panel (ui/staff/panel.py) acts on them."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from kiosk.pages.parts import Choice
from kiosk.pages.staff.panel import StaffPanelPage
from ui.staff.blocks import BlockCard
from ui.widgets.buttons import BigButton
from ui.widgets.cards import page_of_cards
from ui.widgets.keyboard import NumberStepper
from ui.widgets.rows import RowPool, named, put, show_if, show_stepper
from ui.widgets.text import text_label


def show_choice(button: BigButton, choice: Choice, prefix: str) -> None:
    named(button, f"{prefix}-{choice.key}")
    put(button, choice.text)
    button.setProperty("key", choice.key)
    if button.isChecked() != choice.chosen:
        button.setChecked(choice.chosen)
    if button.isEnabled() != choice.enabled:
        button.setEnabled(choice.enabled)


def choice_button() -> BigButton:
    button = BigButton("", role="choice")
    button.setCheckable(True)
    return button


class ChoiceRow(QWidget):
    """A label over a row of choices (one checked); `chosen(key)` when one is tapped."""

    chosen = Signal(str)

    def __init__(self, prefix: str, columns: int = 2, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prefix = prefix
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(8)
        self.label = text_label("", "body")
        box.addWidget(self.label)
        self.pool: RowPool[BigButton] = RowPool(self._button, columns=columns, spacing=12)
        box.addWidget(self.pool)

    def _button(self) -> BigButton:
        button = choice_button()
        button.clicked.connect(lambda: self._tapped(button))
        return button

    def _tapped(self, button: BigButton) -> None:
        button.setChecked(True)  # a choice stays chosen; the page says which is
        self.chosen.emit(button.property("key"))

    def show_choices(self, label: str, choices: tuple[Choice, ...]) -> None:
        put(self.label, label)
        show_if(self.label, bool(label))
        self.pool.fill(choices, lambda button, choice: show_choice(button, choice, self.prefix))


class PanelView(QWidget):
    acted = Signal(object)  # an Action of a block (to a page, or sync-now, test-page)
    idle_changed = Signal(int)
    language_chosen = Signal(str)
    large_text_chosen = Signal(bool)
    leave = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.area = page_of_cards(self)
        self.area.setObjectName("staff-area")
        self.title = self.area.add(text_label("", "title", name="staff-title"))
        self.warnings: RowPool = self.area.add(
            RowPool(lambda: text_label("", "warning", name="staff-warning"), spacing=8))
        self.blocks: RowPool[BlockCard] = self.area.add(RowPool(self._block, spacing=16))

        settings = QFrame()
        settings.setObjectName("staff-section")
        box = QVBoxLayout(settings)
        box.setContentsMargins(24, 16, 24, 16)
        box.setSpacing(12)
        self.settings_heading = text_label("", "subtitle")
        box.addWidget(self.settings_heading)
        self.idle_label = text_label("", "body")
        box.addWidget(self.idle_label)
        self.idle = NumberStepper(30, 600, 15, 90, name="staff-idle", stacked=True)
        self.idle.value_changed.connect(self.idle_changed)
        box.addWidget(self.idle)
        self.languages = ChoiceRow("staff-default")
        self.languages.chosen.connect(self.language_chosen)
        box.addWidget(self.languages)
        self.large_text = ChoiceRow("staff-large-text")
        self.large_text.chosen.connect(lambda key: self.large_text_chosen.emit(key == "on"))
        box.addWidget(self.large_text)
        self.note = text_label("", "note", name="staff-saved")
        box.addWidget(self.note)
        self.area.add(settings)

        self.leave_button = BigButton("", "exit-run", role="danger")
        self.leave_button.setObjectName("staff-leave")
        self.leave_button.clicked.connect(self.leave)
        self.area.add(self.leave_button)

    def _block(self) -> BlockCard:
        card = BlockCard()
        card.acted.connect(self.acted)
        return card

    def show_page(self, page: StaffPanelPage) -> None:
        put(self.title, page.title)
        self.warnings.fill(page.warnings, put)
        self.blocks.fill(page.blocks, BlockCard.show_block)
        put(self.settings_heading, page.settings_heading)
        put(self.idle_label, page.idle_label)
        self.idle.blockSignals(True)  # the page's value, not a tap
        show_stepper(self.idle, page.idle)
        self.idle.blockSignals(False)
        self.languages.show_choices(page.language_label, page.languages)
        self.large_text.show_choices(page.large_text_label, page.large_text)
        put(self.note, page.note)
        put(self.leave_button, page.leave.text)
