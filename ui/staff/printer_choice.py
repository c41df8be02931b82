"""The printer section's choice: which kind of printer this kiosk has and where it is.

Three kinds (kiosk/device.py `printer_kind`): the computer's print system (a CUPS queue: A4
or a receipt printer with its vendor's driver), an ESC/POS receipt printer the kiosk drives
itself (USB device, network port or raw CUPS queue), or none (every visitor gets the QR code).
Staff pick among what is found; addresses that cannot be found (a network printer) come from
provisioning or `kiosk settings printer_address=…`. Saved at once, like the other settings.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout

from kiosk.printers.backends import receipt_addresses
from ui import printing
from ui.context import AppContext
from ui.widgets.buttons import BigButton
from ui.widgets.text import text_label

log = logging.getLogger(__name__)

KINDS = (("system", "printer"), ("escpos", "printer-pos"), ("none", "qrcode"))


class PrinterChoice(QFrame):
    saved = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        self.kind_label = text_label(role="body")
        layout.addWidget(self.kind_label)
        row = QHBoxLayout()
        self.kind_buttons: dict[str, BigButton] = {}
        for kind, icon in KINDS:
            button = BigButton("", icon, role="choice")
            button.setObjectName(f"staff-printer-kind-{kind}")
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, k=kind: self.set_kind(k))
            self.kind_buttons[kind] = button
            row.addWidget(button)
        layout.addLayout(row)
        self.where_label = text_label(role="body")
        layout.addWidget(self.where_label)
        self.where = QVBoxLayout()
        layout.addLayout(self.where)
        self.where_buttons: dict[str, BigButton] = {}

    # --- choices -----------------------------------------------------------------------------
    def places(self) -> list[tuple[str, str]]:
        """(value, label) of each place a printer of the current kind can be."""
        settings, tr = self.ctx.device.settings, self.ctx.tr
        if settings.printer_kind == "escpos":
            return [(a, a) for a in receipt_addresses(settings.printer_address)]
        if settings.printer_kind == "none":
            return []
        try:
            queues = [p.name for p in printing.backend_for(settings).printers()]
        except Exception:  # noqa: BLE001 - the section's status lines say what is wrong
            queues = []
        if settings.printer and settings.printer not in queues:
            queues.insert(0, settings.printer)
        return [("", tr("The system default"))] + [(q, q) for q in queues]

    def set_kind(self, kind: str) -> None:
        settings = self.ctx.device.settings
        settings.printer_kind = kind
        if kind == "escpos":
            settings.printer_format = "receipt"  # an ESC/POS printer prints receipts only
            if not settings.printer_address:
                settings.printer_address = next(iter(receipt_addresses()), "")
        self._save()

    def set_place(self, value: str) -> None:
        settings = self.ctx.device.settings
        if settings.printer_kind == "escpos":
            settings.printer_address = value
        else:
            settings.printer = value
        self._save()

    def _save(self) -> None:
        self.ctx.device.save_settings()
        self.render()
        self.saved.emit()

    # --- what staff see ------------------------------------------------------------------------
    def render(self) -> None:
        tr, settings = self.ctx.tr, self.ctx.device.settings
        self.kind_label.setText(tr("Which printer this kiosk has"))
        names = {"system": tr("A print queue (CUPS)"), "escpos": tr("Receipt printer (ESC/POS)"),
                 "none": tr("No printer: show the QR code")}
        for kind, button in self.kind_buttons.items():
            button.set_text(names[kind])
            button.setChecked(kind == settings.printer_kind)
        places = self.places()
        current = settings.printer_address if settings.printer_kind == "escpos" else settings.printer
        if settings.printer_kind == "escpos" and not places:
            self.where_label.setText(tr("No receipt printer is plugged in. A network printer: "
                                        "kiosk settings printer_address=tcp://ADDRESS:9100"))
        else:
            self.where_label.setText(tr("Where it is") if places else "")
        for value in [v for v in self.where_buttons if v not in dict(places)]:
            self.where_buttons.pop(value).deleteLater()
        for value, label in places:
            button = self.where_buttons.get(value)
            if button is None:
                button = BigButton(label, role="choice")
                button.setObjectName("staff-printer-place")
                button.setCheckable(True)
                button.clicked.connect(lambda _=False, v=value: self.set_place(v))
                self.where_buttons[value] = button
                self.where.addWidget(button)
            button.set_text(label)
            button.setChecked(value == current)
